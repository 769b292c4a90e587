package keeper_test

import (
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

func setProducer(code string, nonProducer bool) types.Decision {
	return types.Decision{Content: &types.Decision_SetProducer{SetProducer: &types.ProducerStatus{Participant: code, NonProducer: nonProducer}}}
}

// TestSetProducer: the plenary registers India as mining no rough diamonds
// (it is then not expected to report production, review A8), and as a
// producer again; a participant that is not registered is refused.
func TestSetProducer(t *testing.T) {
	c := newChain(t)
	nonProducer := func() bool {
		var resp participanttypes.QueryParticipantResponse
		c.MustQuery(participanttypes.QueryParticipant, &participanttypes.QueryParticipantRequest{Code: "IN"}, &resp)
		return resp.Participant.NonProducer
	}
	enact(t, c, setProducer("IN", true))
	if !nonProducer() {
		t.Fatal("India not registered as a non-producer")
	}
	enact(t, c, setProducer("IN", false))
	if nonProducer() {
		t.Fatal("India still a non-producer")
	}
	c.Refused("bw-admin", apptest.Fixed(&types.MsgPropose{Decision: setProducer("XX", true)})(c), participanttypes.ErrUnknownParticipant)
}
