package keeper_test

import (
	"slices"
	"testing"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestInSessionConsensus: in session, the Chair's officer declares consensus
// on a proposal of which no attending participant objects; it is adopted at
// the end of that block. The electorate is the attending participants (the
// subject included); those absent take no position.
func TestInSessionConsensus(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	c.DeliverOK("ru-admin", &types.MsgOpenSession{Title: "Plenary meeting, Moscow", Attendance: []string{"ZA", "RU", "IN", "BW"}})
	var sessions types.QuerySessionsResponse
	c.MustQuery(types.QuerySessions, &types.QuerySessionsRequest{}, &sessions)
	if len(sessions.Sessions) != 1 || !slices.Equal(sessions.Sessions[0].Attendance, []string{"BW", "IN", "RU", "ZA"}) || sessions.Sessions[0].Chair != "RU" {
		t.Fatalf("sessions %+v", sessions.Sessions)
	}
	msg := proposeMsg(suspend("IN"))
	msg.SessionId = 1
	c.Refused("eu-admin", msg, types.ErrNotAttending)
	c.DeliverOK("bw-admin", msg)
	p, _ := c.Proposal(1)
	if p.Procedure != types.Procedure_PROCEDURE_IN_SESSION || p.VotingEndsAt != 0 || !slices.Equal(p.Electorate, []string{"BW", "IN", "RU", "ZA"}) {
		t.Fatalf("%s, deadline %d, electorate %v", p.Procedure.Name(), p.VotingEndsAt, p.Electorate)
	}
	c.Refused("eu-admin", voteMsg(1, join), types.ErrNotAttending)
	vote(t, c, "ZA", 1, standAside)

	// Silence in session is not closure: nothing happens until the Chair
	// declares consensus, however long it takes.
	endVoting(c)
	if p, _ := c.Proposal(1); p.Status != voting {
		t.Fatalf("%s without a declaration", p.Status.Name())
	}
	c.Refused("bw-admin", &types.MsgDeclareConsensus{ProposalId: 1}, types.ErrNotChairsOfficer)
	c.DeliverOK("ru-admin", &types.MsgDeclareConsensus{ProposalId: 1})
	p, tally := c.Proposal(1)
	if p.Status != passed || p.ClosedHeight != c.Height || p.ConsensusDeclaredBy != c.Address("ru-admin") || tally != (types.Tally{StandAside: 1, Silent: 3}) {
		t.Fatalf("%s at %d (block %d), declared by %s, tally %+v", p.Status.Name(), p.ClosedHeight, c.Height, p.ConsensusDeclaredBy, tally)
	}
	if s := statusOf(c, "IN"); s != suspended {
		t.Errorf("India %s", s.Name())
	}
	c.Refused("ru-admin", &types.MsgDeclareConsensus{ProposalId: 1}, types.ErrVotingClosed)
}

// TestInSessionObjection: the subject attending objects, and the Chair cannot
// declare consensus over it (probe PL1 in session); an objection raised in
// the block of the declaration, after it, still rejects; closing the session
// ends what is left, not adopted.
func TestInSessionObjection(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	c.DeliverOK("ru-admin", &types.MsgOpenSession{Title: "Plenary meeting, Moscow", Attendance: []string{"BW", "EU", "IN", "RU", "ZA"}})
	tabled := func(d types.Decision) uint64 {
		msg := proposeMsg(d)
		msg.SessionId = 1
		c.DeliverOK("ru-admin", msg)
		var resp types.QueryProposalsResponse
		c.MustQuery(types.QueryProposals, &types.QueryProposalsRequest{Limit: 1}, &resp)
		return resp.Proposals[0].Id
	}
	suspension := tabled(suspend("IN"))
	vote(t, c, "IN", suspension, object)
	c.Refused("ru-admin", &types.MsgDeclareConsensus{ProposalId: suspension}, types.ErrObjectionStands)

	embargo := tabled(imposeEmbargo("AO"))
	resp := c.Block(c.Tx("ru-admin", &types.MsgDeclareConsensus{ProposalId: embargo}), c.Tx("eu-admin", voteMsg(embargo, object)))
	for i, res := range resp.TxResults {
		if res.Code != 0 {
			t.Fatalf("tx %d: code %d %s", i, res.Code, res.Log)
		}
	}
	if p, _ := c.Proposal(embargo); p.Status != rejected || p.Outcome != "objected by EU" {
		t.Errorf("embargo: %s %q", p.Status.Name(), p.Outcome)
	}

	chair := tabled(electChair(2006, "BW", "EU"))
	c.Refused("bw-admin", &types.MsgCloseSession{SessionId: 1}, types.ErrNotChairsOfficer)
	c.Refused("ru-admin", &types.MsgCloseSession{SessionId: 2}, types.ErrUnknownSession)
	c.DeliverOK("ru-admin", &types.MsgCloseSession{SessionId: 1})
	for _, tc := range []struct {
		id      uint64
		outcome string
	}{{suspension, "objected by IN"}, {chair, "no consensus declared before session 1 closed"}} {
		if p, _ := c.Proposal(tc.id); p.Status != rejected || p.Outcome != tc.outcome || p.ClosedHeight != c.Height {
			t.Errorf("proposal %d: %s %q at %d", tc.id, p.Status.Name(), p.Outcome, p.ClosedHeight)
		}
	}
	if s := statusOf(c, "IN"); s != active {
		t.Errorf("India %s", s.Name())
	}
	c.Refused("ru-admin", &types.MsgCloseSession{SessionId: 1}, types.ErrSessionClosed)
	msg := proposeMsg(electChair(2006, "BW", "EU"))
	msg.SessionId = 1
	c.Refused("ru-admin", msg, types.ErrSessionClosed)
}

// TestSessionRefusals: who opens a session, with whom; a declaration of
// consensus is for proposals in session.
func TestSessionRefusals(t *testing.T) {
	c := newChain(t)
	open := &types.MsgOpenSession{Title: "Plenary meeting", Attendance: []string{"BW", "RU"}}
	c.Refused("ru-admin", open, types.ErrNoChairTerm)

	c = newChain(t, withChair(2005, "RU", "BW"), withStatus("IN", suspended))
	c.Refused("bw-admin", open, types.ErrNotChairsOfficer)
	c.Refused("ru-issuer", open, envelope.ErrUnauthorized)
	for _, attendance := range [][]string{{"BW", "IN"}, {"BW", "TW"}, {"BW", "NA"}} {
		c.Refused("ru-admin", &types.MsgOpenSession{Title: "Plenary meeting", Attendance: attendance}, types.ErrInvalidSession)
	}
	c.Refused("ru-admin", &types.MsgOpenSession{Title: "Plenary meeting", Attendance: []string{"BW", "BW"}}, types.ErrInvalidSession)
	c.Refused("ru-admin", &types.MsgOpenSession{Title: "Plenary meeting"}, types.ErrInvalidSession)
	c.Refused("ru-admin", &types.MsgOpenSession{Attendance: []string{"BW"}}, types.ErrInvalidRationale)

	written := propose(t, c, "BW", imposeEmbargo("AO"))
	c.Refused("ru-admin", &types.MsgDeclareConsensus{ProposalId: written}, types.ErrNotInSession)
	c.Refused("ru-admin", &types.MsgDeclareConsensus{ProposalId: 9}, types.ErrUnknownProposal)
	msg := proposeMsg(imposeEmbargo("AO"))
	msg.SessionId = 1
	c.Refused("bw-admin", msg, types.ErrUnknownSession)
}
