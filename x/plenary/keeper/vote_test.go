package keeper_test

import (
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestWhoMayVote: an admin officer of an elector votes; the trading entity,
// a participant suspended before submission is no elector (the subject is);
// observers and officers of other roles are stopped by the envelope.
func TestWhoMayVote(t *testing.T) {
	cases := []struct {
		name     string
		edits    []edit
		decision types.Decision
		key      string
		want     *refusal.Error // nil: accepted
	}{
		{"Botswana votes on the 2006 chair", nil, electChair(2006, "BW", "EU"), "bw-admin", nil},
		{"the European Community votes on the 2006 chair", nil, electChair(2006, "BW", "EU"), "eu-admin", nil},
		{"Chinese Taipei, a trading entity, is no elector", nil, electChair(2006, "BW", "EU"), "tw-admin", types.ErrNotElector},
		{"India, suspended before submission, is no elector", []edit{withStatus("IN", suspended)}, electChair(2006, "BW", "EU"), "in-admin", types.ErrNotElector},
		{"India takes part in the consensus on its own suspension", nil, suspend("IN"), "in-admin", nil},
		{"the World Diamond Council, an observer, does not vote", nil, electChair(2006, "BW", "EU"), "wdc-observer", envelope.ErrUnauthorized},
		{"Botswana's customs officer does not vote", nil, electChair(2006, "BW", "EU"), "bw-customs", envelope.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, tc.edits...)
			id := propose(t, c, "RU", tc.decision)
			if tc.want != nil {
				c.Refused(tc.key, voteMsg(id, join), tc.want)
				return
			}
			c.DeliverOK(tc.key, voteMsg(id, join))
			p, tally := c.Proposal(id)
			v := p.Votes[0]
			if len(p.Votes) != 1 || v.Participant != strings.ToUpper(tc.key[:2]) || v.Option != join ||
				v.Signer != c.Address(tc.key) || v.Height != c.Height || v.Time != c.Time.Unix() || tally != (types.Tally{Join: 1, Silent: 4}) {
				t.Errorf("votes %+v, tally %+v", p.Votes, tally)
			}
		})
	}
}

// TestVoteRefusals: one vote per participant, on a proposal that exists and
// is still open, with an option that exists.
func TestVoteRefusals(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *apptest.Chain, id uint64)
		key   string
		msg   func(id uint64) *types.MsgVote
		want  *refusal.Error
	}{
		{name: "Botswana votes twice", key: "bw-admin", want: types.ErrAlreadyVoted,
			setup: func(t *testing.T, c *apptest.Chain, id uint64) { vote(t, c, "BW", id, join) },
			msg:   func(id uint64) *types.MsgVote { return voteMsg(id, join) }},
		{name: "Botswana changes its yes into a no", key: "bw-admin", want: types.ErrAlreadyVoted,
			setup: func(t *testing.T, c *apptest.Chain, id uint64) { vote(t, c, "BW", id, join) },
			msg:   func(id uint64) *types.MsgVote { return voteMsg(id, object) }},
		{name: "Botswana's second admin officer votes again for Botswana", key: "bw-admin-2", want: types.ErrAlreadyVoted,
			setup: func(t *testing.T, c *apptest.Chain, id uint64) {
				c.DeliverOK("bw-admin", &participanttypes.MsgAddOfficer{PubKey: c.PubKey("bw-admin-2"), Role: envelope.Role_ROLE_ADMIN, Name: "Deputy Director of Mines"})
				vote(t, c, "BW", id, standAside)
			},
			msg: func(id uint64) *types.MsgVote { return voteMsg(id, join) }},
		{name: "a vote on proposal 99, never made", key: "bw-admin", want: types.ErrUnknownProposal,
			msg: func(uint64) *types.MsgVote { return voteMsg(99, join) }},
		{name: "a vote on proposal 0", key: "bw-admin", want: types.ErrUnknownProposal,
			msg: func(uint64) *types.MsgVote { return voteMsg(0, join) }},
		{name: "a vote of no option", key: "bw-admin", want: types.ErrInvalidVote,
			msg: func(id uint64) *types.MsgVote { return voteMsg(id, types.VoteOption_VOTE_OPTION_UNSPECIFIED) }},
		{name: "a vote of an option that does not exist", key: "bw-admin", want: types.ErrInvalidVote,
			msg: func(id uint64) *types.MsgVote { return voteMsg(id, types.VoteOption(9)) }},
		{name: "a vote on a proposal the plenary carried at once", key: "bw-admin", want: types.ErrVotingClosed,
			setup: func(t *testing.T, c *apptest.Chain, id uint64) {
				votes(t, c, join, []uint64{id}, "BW", "EU", "IN", "RU", "ZA")
			},
			msg: func(id uint64) *types.MsgVote { return voteMsg(id, join) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			id := propose(t, c, "EU", electChair(2006, "BW", "EU"))
			if tc.setup != nil {
				tc.setup(t, c, id)
			}
			c.Refused(tc.key, tc.msg(id), tc.want)
		})
	}
}

// TestVoteAfterThePeriod: a vote in the block that ends the week comes too
// late: the proposal closes in that block without it.
func TestVoteAfterThePeriod(t *testing.T) {
	c := newChain(t)
	id := propose(t, c, "EU", electChair(2006, "BW", "EU"))
	votes(t, c, join, []uint64{id}, "EU", "IN", "RU", "ZA")
	c.Skip(votingPeriod - 2*apptest.BlockInterval)
	p, _ := c.Proposal(id)
	if next := c.NextBlockTime(); next != p.VotingEndsAt {
		t.Fatalf("the next block is at %d, the week ends at %d", next, p.VotingEndsAt)
	}
	// The block closes the proposal: its state changes, but the refused
	// vote is not in it, and the refusal consumes the sequence.
	seq := c.CommittedSequence("bw-admin")
	res := c.Deliver(c.Tx("bw-admin", voteMsg(id, object)))
	apptest.WantRefusal(t, "bw-admin signing MsgVote", res.Code, res.Codespace, res.Log, types.ErrVotingClosed)
	if got := c.CommittedSequence("bw-admin"); got != seq+1 {
		t.Errorf("bw-admin's sequence %d after the refusal, want %d", got, seq+1)
	}
	p, tally := c.Proposal(id)
	if p.Status != passed || p.ClosedHeight != c.Height || len(p.Votes) != 4 || tally != (types.Tally{Join: 4, Silent: 1}) {
		t.Errorf("%s at height %d (block %d), votes %+v, tally %+v", p.Status.Name(), p.ClosedHeight, c.Height, p.Votes, tally)
	}
	c.Refused("bw-admin", voteMsg(id, join), types.ErrVotingClosed)
}

// TestProposalQueries: unknown ids are refused; the listing is newest
// first, by status, a page at a time.
func TestProposalQueries(t *testing.T) {
	c := newChain(t)
	c.QueryRefused(types.QueryProposal, &types.QueryProposalRequest{Id: 1}, types.ErrUnknownProposal)
	first := propose(t, c, "BW", electChair(2006, "BW", "EU"))
	enact(t, c, electChair(2007, "EU", "ZA"))
	third := propose(t, c, "ZA", imposeEmbargo("CI"))

	list := func(req *types.QueryProposalsRequest) ([]uint64, uint64) {
		t.Helper()
		var resp types.QueryProposalsResponse
		c.MustQuery(types.QueryProposals, req, &resp)
		var ids []uint64
		for _, p := range resp.Proposals {
			ids = append(ids, p.Id)
		}
		return ids, resp.NextBefore
	}
	cases := []struct {
		name string
		req  *types.QueryProposalsRequest
		ids  []uint64
		next uint64
	}{
		{"every proposal, newest first", &types.QueryProposalsRequest{}, []uint64{third, 2, first}, 0},
		{"those still voting", &types.QueryProposalsRequest{Status: voting}, []uint64{third, first}, 0},
		{"those passed", &types.QueryProposalsRequest{Status: passed}, []uint64{2}, 0},
		{"a page of two", &types.QueryProposalsRequest{Limit: 2}, []uint64{third, 2}, 2},
		{"the next page", &types.QueryProposalsRequest{Limit: 2, Before: 2}, []uint64{first}, 0},
	}
	for _, tc := range cases {
		ids, next := list(tc.req)
		if len(ids) != len(tc.ids) || next != tc.next {
			t.Errorf("%s: %v next %d, want %v next %d", tc.name, ids, next, tc.ids, tc.next)
			continue
		}
		for i := range ids {
			if ids[i] != tc.ids[i] {
				t.Errorf("%s: %v, want %v", tc.name, ids, tc.ids)
			}
		}
	}
	c.QueryRefused(types.QueryProposals, &types.QueryProposalsRequest{Limit: types.MaxPageSize + 1}, types.ErrInvalidQuery)
	c.QueryRefused(types.QueryChair, &types.QueryChairRequest{Year: 2006}, types.ErrNoChairTerm)
}
