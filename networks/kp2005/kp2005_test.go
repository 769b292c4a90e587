package kp2005

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones load on any machine

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

func TestThe2005List(t *testing.T) {
	var voting, trading int
	seen := map[string]bool{}
	for _, p := range Participants() {
		if seen[p.Code] {
			t.Errorf("%s listed twice", p.Code)
		}
		seen[p.Code] = true
		if err := participanttypes.ValidateParticipantCode(p.Code); err != nil {
			t.Error(err)
		}
		if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" || participanttypes.ValidateTimeZone(p.TimeZone) != nil {
			t.Errorf("%s: time zone %q: %v", p.Code, p.TimeZone, err)
		}
		if p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			trading++
		} else {
			voting++
		}
	}
	// 45 voting participants (44 countries and the European Community) as the
	// 2005 list numbers them; Chinese Taipei trades and does not vote.
	if voting != 45 || trading != 1 || !seen["EU"] || !seen["TW"] {
		t.Fatalf("voting %d, trading entities %d", voting, trading)
	}
	if obs := Observers(); len(obs) != 3 {
		t.Fatalf("%d observers, want WDC, GW and PAC", len(obs))
	}
}
