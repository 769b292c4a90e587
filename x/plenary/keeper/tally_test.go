package keeper_test

import (
	"testing"

	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestTallies: decisions are by consensus. A proposal passes when nobody
// objected and the yes votes reach the quorum (four of the five electors of
// a chair election): at the end of the week, or at once in the block where
// the last elector says yes. One objection rejects it; abstentions and
// silence are not yes.
func TestTallies(t *testing.T) {
	cases := []struct {
		name    string
		votes   map[types.VoteOption][]string
		atOnce  bool // closed in the block of the votes
		status  types.ProposalStatus
		outcome string
		tally   types.Tally
	}{
		{name: "four say yes, India is silent: carried at the end of the week",
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "RU", "ZA"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Yes: 4, NotVoted: 1}},
		{name: "four say yes, India abstains: carried at the end of the week",
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "RU", "ZA"}, abstain: {"IN"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Yes: 4, Abstain: 1}},
		{name: "all five say yes: carried at once", atOnce: true,
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "IN", "RU", "ZA"}},
			status: passed, outcome: "BW chair and EU vice-chair for 2006", tally: types.Tally{Yes: 5}},
		{name: "four say yes, India objects: rejected, India named",
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "RU", "ZA"}, no: {"IN"}},
			status: rejected, outcome: "objected by IN", tally: types.Tally{Yes: 4, No: 1}},
		{name: "Russia and India object: both named in the order they voted",
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "ZA"}, no: {"RU", "IN"}},
			status: rejected, outcome: "objected by RU, IN", tally: types.Tally{Yes: 3, No: 2}},
		{name: "three say yes, two abstain: short of the quorum of four",
			votes:  map[types.VoteOption][]string{yes: {"BW", "EU", "ZA"}, abstain: {"RU", "IN"}},
			status: rejected, outcome: "3 yes votes, the quorum is 4", tally: types.Tally{Yes: 3, Abstain: 2}},
		{name: "nobody votes",
			status: rejected, outcome: "0 yes votes, the quorum is 4", tally: types.Tally{NotVoted: 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			id := propose(t, c, "BW", electChair(2006, "BW", "EU"))
			for _, o := range []types.VoteOption{yes, abstain, no} {
				for _, code := range tc.votes[o] {
					vote(t, c, code, id, o)
				}
			}
			p, tally := c.Proposal(id)
			if tally != tc.tally {
				t.Errorf("tally %+v while voting, want %+v", tally, tc.tally)
			}
			if tc.atOnce {
				if p.Status != passed || p.ClosedHeight != c.Height || p.ClosedAt != c.Time.Unix() || p.ClosedAt >= p.VotingEndsAt {
					t.Fatalf("%s closed at height %d time %d (block %d, week ends %d)", p.Status.Name(), p.ClosedHeight, p.ClosedAt, c.Height, p.VotingEndsAt)
				}
			} else {
				if p.Status != voting {
					t.Fatalf("%s before the end of the week: %s", p.Status.Name(), p.Outcome)
				}
				endVoting(c)
				p, tally = c.Proposal(id)
				if p.ClosedHeight != c.Height || p.ClosedAt != c.Time.Unix() || p.ClosedAt < p.VotingEndsAt {
					t.Errorf("closed at height %d time %d, want the first block after the week (%d, %d)", p.ClosedHeight, p.ClosedAt, c.Height, c.Time.Unix())
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

// TestUnanimityAcrossBlocks: yes votes cast over several blocks carry a
// proposal in the block of the last one.
func TestUnanimityAcrossBlocks(t *testing.T) {
	c := newChain(t)
	id := propose(t, c, "BW", suspend("IN"))
	for _, code := range []string{"RU", "EU", "BW"} {
		vote(t, c, code, id, yes)
		if p, _ := c.Proposal(id); p.Status != voting {
			t.Fatalf("closed after %s's vote: %s", code, p.Status.Name())
		}
	}
	vote(t, c, "ZA", id, yes)
	p, tally := c.Proposal(id)
	if p.Status != passed || p.ClosedHeight != c.Height || p.Outcome != "IN suspended" || tally != (types.Tally{Yes: 4}) {
		t.Fatalf("%s at height %d (block %d): %q, tally %+v", p.Status.Name(), p.ClosedHeight, c.Height, p.Outcome, tally)
	}
	if s := statusOf(c, "IN"); s != suspended {
		t.Errorf("India %s", s.Name())
	}
	// The same votes replayed on a second chain give the same record: the
	// tally and the outcome are a function of the ledger.
	d := newChain(t)
	id2 := propose(t, d, "BW", suspend("IN"))
	for _, code := range []string{"RU", "EU", "BW", "ZA"} {
		vote(t, d, code, id2, yes)
	}
	if a, _ := d.Proposal(id2); a.String() != p.String() {
		t.Errorf("two chains, two records:\n%s\n%s", a.String(), p.String())
	}
}
