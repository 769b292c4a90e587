package keeper_test

import (
	"testing"

	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestWrittenProcedure: between plenaries a proposal is decided by written
// procedure — adopted at its deadline unless an objection stands; silence is
// consent and standing aside does not block (probes PL2, PL3: three join and
// two are silent, or one joins and four stand aside: adopted). When every
// elector has joined or stood aside nothing can block it: it closes at once.
func TestWrittenProcedure(t *testing.T) {
	cases := []struct {
		name    string
		votes   map[types.VoteOption][]string
		atOnce  bool // closed in the block of the last position
		status  types.ProposalStatus
		outcome string
		tally   types.Tally
	}{
		{name: "PL2: three join, two are silent: adopted at the deadline",
			votes:  map[types.VoteOption][]string{join: {"BW", "EU", "RU"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Join: 3, Silent: 2}},
		{name: "PL3: one joins, four stand aside: adopted at once", atOnce: true,
			votes:  map[types.VoteOption][]string{join: {"BW"}, standAside: {"EU", "IN", "RU", "ZA"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Join: 1, StandAside: 4}},
		{name: "nobody says anything: silence is consent",
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Silent: 5}},
		{name: "all five join: adopted at once", atOnce: true,
			votes:  map[types.VoteOption][]string{join: {"BW", "EU", "IN", "RU", "ZA"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Join: 5}},
		{name: "four join, India objects: rejected, India named",
			votes:  map[types.VoteOption][]string{join: {"BW", "EU", "RU", "ZA"}, object: {"IN"}},
			status: rejected, outcome: "objected by IN", tally: types.Tally{Join: 4, Object: 1}},
		{name: "Russia and India object: both named, in code order",
			votes:  map[types.VoteOption][]string{join: {"BW", "EU", "ZA"}, object: {"RU", "IN"}},
			status: rejected, outcome: "objected by IN, RU", tally: types.Tally{Join: 3, Object: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			id := propose(t, c, "BW", electChair(2006, "BW", "EU"))
			for _, o := range []types.VoteOption{join, standAside, object} {
				for _, code := range tc.votes[o] {
					vote(t, c, code, id, o)
				}
			}
			p, tally := c.Proposal(id)
			if tally != tc.tally {
				t.Errorf("tally %+v while open, want %+v", tally, tc.tally)
			}
			if tc.atOnce {
				if p.Status != passed || p.ClosedHeight != c.Height || p.ClosedAt != c.Time.Unix() || p.ClosedAt >= p.VotingEndsAt {
					t.Fatalf("%s closed at height %d time %d (block %d, deadline %d)", p.Status.Name(), p.ClosedHeight, p.ClosedAt, c.Height, p.VotingEndsAt)
				}
			} else {
				if p.Status != voting {
					t.Fatalf("%s before the deadline: %s", p.Status.Name(), p.Outcome)
				}
				endVoting(c)
				p, tally = c.Proposal(id)
				if p.ClosedHeight != c.Height || p.ClosedAt != c.Time.Unix() || p.ClosedAt < p.VotingEndsAt {
					t.Errorf("closed at height %d time %d, want the first block after the deadline (%d, %d)", p.ClosedHeight, p.ClosedAt, c.Height, c.Time.Unix())
				}
			}
			if p.Status != tc.status || p.Outcome != tc.outcome || tally != tc.tally {
				t.Errorf("%s %q tally %+v, want %s %q %+v", p.Status.Name(), p.Outcome, tally, tc.status.Name(), tc.outcome, tc.tally)
			}
			var chair types.QueryChairResponse
			elected := c.Query(types.QueryChair, &types.QueryChairRequest{Year: 2006}, &chair).Code == 0
			if elected != (tc.status == passed) {
				t.Errorf("2006 chair recorded: %v, proposal %s", elected, p.Status.Name())
			}
		})
	}
}

// TestWithdrawObjection: South Africa objects, then withdraws its objection
// before the deadline; the entry stays in the history with the time of the
// withdrawal, South Africa may take another position, and the proposal is
// adopted. An objection withdrawn after the deadline, or one never made,
// cannot be withdrawn.
func TestWithdrawObjection(t *testing.T) {
	c := newChain(t)
	id := propose(t, c, "RU", suspend("IN"))
	c.Refused("za-admin", &types.MsgWithdrawObjection{ProposalId: id}, types.ErrNoObjection)
	vote(t, c, "ZA", id, object)
	c.Refused("za-admin", voteMsg(id, join), types.ErrAlreadyVoted)
	c.Refused("bw-admin", &types.MsgWithdrawObjection{ProposalId: id}, types.ErrNoObjection)
	c.DeliverOK("za-admin", &types.MsgWithdrawObjection{ProposalId: id})
	p, tally := c.Proposal(id)
	if tally != (types.Tally{Withdrawn: 1, Silent: 4}) || len(p.Votes) != 1 || p.Votes[0].WithdrawnHeight != c.Height || p.Votes[0].WithdrawnAt != c.Time.Unix() {
		t.Fatalf("after the withdrawal: tally %+v, votes %+v", tally, p.Votes)
	}
	c.Refused("za-admin", &types.MsgWithdrawObjection{ProposalId: id}, types.ErrNoObjection)
	vote(t, c, "ZA", id, standAside)
	if _, tally := c.Proposal(id); tally != (types.Tally{StandAside: 1, Silent: 4}) {
		t.Fatalf("after standing aside: tally %+v", tally)
	}
	endVoting(c)
	if p, _ := c.Proposal(id); p.Status != passed || statusOf(c, "IN") != suspended || len(p.Votes) != 2 {
		t.Fatalf("%s %q, votes %+v", p.Status.Name(), p.Outcome, p.Votes)
	}

	// An objection that stands at the deadline rejects; it can no longer be
	// withdrawn then.
	id = propose(t, c, "RU", imposeEmbargo("AO"))
	vote(t, c, "EU", id, object)
	endVoting(c)
	if p, _ := c.Proposal(id); p.Status != rejected || p.Outcome != "objected by EU" {
		t.Errorf("%s %q", p.Status.Name(), p.Outcome)
	}
	c.Refused("eu-admin", &types.MsgWithdrawObjection{ProposalId: id}, types.ErrVotingClosed)
}

// TestSubjectObjects: probe PL1 — India takes part in the consensus on its
// own suspension; its objection stands and the suspension is not adopted.
func TestSubjectObjects(t *testing.T) {
	c := newChain(t)
	id := propose(t, c, "RU", suspend("IN"))
	vote(t, c, "IN", id, object)
	votes(t, c, join, []uint64{id}, "BW", "EU", "RU", "ZA")
	endVoting(c)
	if p, _ := c.Proposal(id); p.Status != rejected || p.Outcome != "objected by IN" {
		t.Errorf("%s %q", p.Status.Name(), p.Outcome)
	}
	if s := statusOf(c, "IN"); s != active {
		t.Errorf("India %s", s.Name())
	}
}

// TestSelfSuspension: a participant suspends itself unilaterally (Venezuela,
// 2008): the decision takes effect at the end of the block it was put in,
// nobody else's position needed; the validator-set rules still hold.
func TestSelfSuspension(t *testing.T) {
	c := newChain(t)
	id := propose(t, c, "IN", suspend("IN"))
	p, _ := c.Proposal(id)
	if p.Status != passed || p.Procedure != types.Procedure_PROCEDURE_UNILATERAL || p.ClosedHeight != c.Height || p.Outcome != "IN suspended" {
		t.Fatalf("%s (%s) closed at %d (block %d): %q", p.Status.Name(), p.Procedure.Name(), p.ClosedHeight, c.Height, p.Outcome)
	}
	if s := statusOf(c, "IN"); s != suspended {
		t.Errorf("India %s", s.Name())
	}
	// Botswana, the last of four validators, cannot leave the set alone.
	c = newChain(t)
	if p, _ := c.Proposal(propose(t, c, "BW", suspend("BW"))); p.Status != failed || p.FailureCode != types.ErrValidatorSafety.Code() || statusOf(c, "BW") != active {
		t.Errorf("Botswana's self-suspension: %s %q", p.Status.Name(), p.Outcome)
	}
}
