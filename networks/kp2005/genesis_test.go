package kp2005_test

import (
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/app/genesis"
	"github.com/kpledger/kpledger/networks/kp2005"
	participantkeeper "github.com/kpledger/kpledger/x/participant/keeper"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarykeeper "github.com/kpledger/kpledger/x/plenary/keeper"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// TestGenesisOf2005 starts a chain from the 2005 genesis with 45 validators
// and reads back what the plenary documents list.
func TestGenesisOf2005(t *testing.T) {
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Genesis, key func(string) ed25519.PrivKey) {
		kp, err := kp2005.Genesis(apptest.ChainID, kp2005.GenesisTime)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range kp2005.Participants() {
			if err := kp.AddKey(key(p.Code+"-admin").PubKey().Bytes(), participanttypes.Role_ROLE_ADMIN, p.Code, "Admin of "+p.Name); err != nil {
				t.Fatal(err)
			}
			if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
				if err := kp.AddValidator(p.Code, key(p.Code+"-node").PubKey().Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		}
		*g = *kp
	}))
	c.Block()

	var participants participanttypes.QueryParticipantsResponse
	c.Query(participantkeeper.QueryPath("Participants"), &participanttypes.QueryParticipantsRequest{}, &participants)
	var voting, trading int
	for _, p := range participants.Participants {
		if p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
			t.Errorf("%s is %s", p.Code, p.Status.Name())
		}
		if p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			trading++
		} else {
			voting++
		}
	}
	if voting != 45 || trading != 1 {
		t.Fatalf("%d voting participants and %d trading entities, want 45 and 1", voting, trading)
	}
	var validators participanttypes.QueryValidatorsResponse
	c.Query(participantkeeper.QueryPath("Validators"), &participanttypes.QueryValidatorsRequest{}, &validators)
	if len(validators.Validators) != 45 {
		t.Fatalf("%d validators, want 45", len(validators.Validators))
	}
	var observers participanttypes.QueryObserversResponse
	c.Query(participantkeeper.QueryPath("Observers"), &participanttypes.QueryObserversRequest{}, &observers)
	if len(observers.Observers) != 3 {
		t.Fatalf("%d observers, want WDC, GW and PAC", len(observers.Observers))
	}
	for year, want := range map[uint32][2]string{2005: {"RU", "BW"}, 2006: {"BW", "EU"}} {
		var chair plenarytypes.QueryChairResponse
		if q := c.Query(plenarykeeper.QueryPath("Chair"), &plenarytypes.QueryChairRequest{Year: year}, &chair); q.Code != 0 {
			t.Fatalf("chair %d: %s", year, q.Log)
		}
		if chair.Term.Chair != want[0] || chair.Term.ViceChair != want[1] {
			t.Fatalf("%d: chair %s vice-chair %s, want %s and %s", year, chair.Term.Chair, chair.Term.ViceChair, want[0], want[1])
		}
	}
	if q := c.Query(plenarykeeper.QueryPath("Chair"), &plenarytypes.QueryChairRequest{Year: 2004}, nil); q.Code != plenarytypes.ErrNoChairTerm.Code() {
		t.Fatalf("2004 chair: code %d", q.Code)
	}
}
