package keeper_test

import (
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestValidatorSafety: a membership decision fails at execution, changing
// nothing, when fewer than four validators would remain after a removal or
// when the validators that signed the previous block would hold two thirds
// or less of the new power. Every validator has power 10.
func TestValidatorSafety(t *testing.T) {
	cases := []struct {
		name     string
		edits    []edit
		setup    func(t *testing.T, c *apptest.Chain)
		absent   []string // validator keys that stop signing before the decision
		decision func(c *apptest.Chain) types.Decision
		passes   bool
		updates  []string // of the executing block, when it passes
		subject  string
		status   participanttypes.ParticipantStatus // the subject's, after
	}{
		{name: "Indonesia's node joins while Russia's is down: 30 of 50 signed", absent: []string{"ru-node"},
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "id-node") }},
		{name: "Indonesia's node joins with all four signing: 40 of 50", passes: true, updates: []string{"id-node=10"},
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "id-node") },
			subject:  "ID", status: active},
		{name: "Indonesia's node joins five while Russia's is down: 40 of 60, two thirds exactly", edits: []edit{withCongo}, absent: []string{"ru-node"},
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "id-node") }},
		{name: "Indonesia joins without a node while Russia's is down: 30 of 40", absent: []string{"ru-node"}, passes: true,
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "") },
			subject:  "ID", status: active},
		{name: "Lebanon joins without a node while Indonesia's node is admitted but not running and Russia's is down: the set does not change", passes: true,
			setup: func(t *testing.T, c *apptest.Chain) {
				enact(t, c, admit(c, "ID", "Indonesia", "id-node"))
				c.Absent(true, "id-node")
			},
			absent:   []string{"ru-node"},
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "LB", "Lebanon", "") },
			subject:  "LB", status: active},
		{name: "South Africa suspended: three validators would remain",
			decision: fixed(suspend("ZA")), subject: "ZA", status: active},
		{name: "South Africa expelled: three validators would remain",
			decision: fixed(expel("ZA")), subject: "ZA", status: active},
		{name: "South Africa suspended with the Congo's node as a fifth: four remain", edits: []edit{withCongo},
			decision: fixed(suspend("ZA")), passes: true, updates: []string{"za-node=0"}, subject: "ZA", status: suspended},
		{name: "the Congo suspended while Russia's node is down: 30 of 40 remain signed", edits: []edit{withCongo}, absent: []string{"ru-node"},
			decision: fixed(suspend("CG")), passes: true, updates: []string{"cg-node=0"}, subject: "CG", status: suspended},
		{name: "the Congo reinstated while Russia's node is down: 30 of 50", edits: []edit{withCongo},
			setup:    func(t *testing.T, c *apptest.Chain) { enact(t, c, suspend("CG")) },
			absent:   []string{"ru-node"},
			decision: fixed(reinstate("CG")), subject: "CG", status: suspended},
		{name: "Botswana's node rotated while Russia's is down: 20 of 40", absent: []string{"ru-node"},
			decision: func(c *apptest.Chain) types.Decision { return rotate("BW", c.PubKey("bw-node-2006")) }},
		{name: "Botswana's node rotated, all signing: 30 of 40", passes: true, updates: []string{"bw-node=0", "bw-node-2006=10"},
			decision: func(c *apptest.Chain) types.Decision { return rotate("BW", c.PubKey("bw-node-2006")) }},
		{name: "India, without a node, suspended with four validators", passes: true,
			decision: fixed(suspend("IN")), subject: "IN", status: suspended},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, tc.edits...)
			if tc.setup != nil {
				tc.setup(t, c)
				c.Block()
			}
			d := tc.decision(c)
			id := propose(t, c, proposerFor(t, c, d.Subject()), d)
			if len(tc.absent) > 0 {
				// Down for a few blocks: the last commit shows them absent.
				c.Absent(true, tc.absent...)
				c.Block()
				c.Block()
			}
			before := ledgerState(c)
			set := cometSet(c)
			p, _ := c.Proposal(id)
			resp := votes(t, c, join, []uint64{id}, p.Electorate...)
			p, _ = c.Proposal(id)
			switch {
			case tc.passes && p.Status != passed:
				t.Fatalf("%s: %s", p.Status.Name(), p.Outcome)
			case !tc.passes && (p.Status != failed || !strings.Contains(p.Outcome, types.ErrValidatorSafety.Reason())):
				t.Fatalf("%s %q, want failed: %s", p.Status.Name(), p.Outcome, types.ErrValidatorSafety.Reason())
			case !tc.passes:
				if after := ledgerState(c); withoutProposals(after) != withoutProposals(before) {
					t.Errorf("a failed decision changed the state:\nbefore: %s\nafter:  %s", before, after)
				}
				c.Block()
				if after := cometSet(c); strings.Join(after, " ") != strings.Join(set, " ") {
					t.Errorf("CometBFT's set %v, was %v", after, set)
				}
			}
			wantUpdates(t, c, resp, tc.updates...)
			if tc.subject == "" {
				return
			}
			if s := statusOf(c, tc.subject); s != tc.status {
				t.Errorf("%s is %s, want %s", tc.subject, s.Name(), tc.status.Name())
			}
		})
	}
}

// TestFailedAdmissionAdmitsNobody: Indonesia's admission with its node
// while Russia's is down fails: Indonesia is unknown, its keys are not
// registered; once Russia's node signs again, the same admission passes.
func TestFailedAdmissionAdmitsNobody(t *testing.T) {
	c := newChain(t)
	c.Absent(true, "ru-node")
	c.Block()
	p, resp := decide(t, c, admit(c, "ID", "Indonesia", "id-node"))
	if p.Status != failed || p.FailureCode != types.ErrValidatorSafety.Code() || !strings.Contains(failureOf(resp, p.Id), "30 of 50") {
		t.Fatalf("%s %q (%s)", p.Status.Name(), p.Outcome, failureOf(resp, p.Id))
	}
	wantUpdates(t, c, resp)
	c.QueryRefused(participanttypes.QueryParticipant, &participanttypes.QueryParticipantRequest{Code: "ID"}, participanttypes.ErrUnknownParticipant)
	c.Refused("id-admin", proposeMsg(electChair(2006, "BW", "EU")), envelope.ErrUnknownSigner)

	c.Absent(false, "ru-node")
	c.Block()
	p, resp = decide(t, c, admit(c, "ID", "Indonesia", "id-node"))
	if p.Status != passed {
		t.Fatalf("%s %q", p.Status.Name(), p.Outcome)
	}
	wantUpdates(t, c, resp, "id-node=10")
	c.Block()
	wantCometSet(t, c, "bw-node", "eu-node", "id-node", "ru-node", "za-node")
}

// TestTwoDecisionsInOneBlock: decisions about one participant closing in one
// block give CometBFT at most one update per key: the difference of the set
// before and after the block.
func TestTwoDecisionsInOneBlock(t *testing.T) {
	t.Run("the Congo suspended and its node rotated: one removal of the old key", func(t *testing.T) {
		c := newChain(t, withCongo)
		s := propose(t, c, "BW", suspend("CG"))
		r := propose(t, c, "BW", rotate("CG", c.PubKey("cg-node-2006")))
		resp := votes(t, c, join, []uint64{s, r}, "BW", "CG", "EU", "IN", "RU", "ZA")
		for _, id := range []uint64{s, r} {
			if p, _ := c.Proposal(id); p.Status != passed || p.ClosedHeight != c.Height {
				t.Fatalf("proposal %d %s at %d: %s", id, p.Status.Name(), p.ClosedHeight, p.Outcome)
			}
		}
		wantUpdates(t, c, resp, "cg-node=0")
		c.Block()
		wantCometSet(t, c, "bw-node", "eu-node", "ru-node", "za-node")

		// Reinstated, the Congo comes back with its new key.
		resp = enact(t, c, reinstate("CG"))
		wantUpdates(t, c, resp, "cg-node-2006=10")
	})

	t.Run("the Congo suspended, then reinstated, in one block: no update", func(t *testing.T) {
		c := newChain(t, withCongo)
		s := propose(t, c, "BW", suspend("CG")) // the Congo is active
		enact(t, c, suspend("CG"))
		r := propose(t, c, "BW", reinstate("CG")) // the Congo is suspended
		enact(t, c, reinstate("CG"))
		c.Block()
		wantCometSet(t, c, "bw-node", "cg-node", "eu-node", "ru-node", "za-node")

		// The Congo, active when its suspension was put, is one of its
		// electors; suspended when its reinstatement was put, it is not.
		txs := [][]byte{c.Tx(admin("CG"), voteMsg(s, join))}
		for _, code := range []string{"BW", "EU", "IN", "RU", "ZA"} {
			txs = append(txs, c.Tx(admin(code), voteMsg(s, join), voteMsg(r, join)))
		}
		resp := c.Block(txs...)
		for _, tc := range []struct {
			id      uint64
			outcome string
		}{{s, "CG suspended"}, {r, "CG active"}} {
			if p, _ := c.Proposal(tc.id); p.Status != passed || p.ClosedHeight != c.Height || p.Outcome != tc.outcome {
				t.Fatalf("proposal %d %s at %d: %q", tc.id, p.Status.Name(), p.ClosedHeight, p.Outcome)
			}
		}
		wantUpdates(t, c, resp)
		c.Block()
		wantCometSet(t, c, "bw-node", "cg-node", "eu-node", "ru-node", "za-node")
	})

	t.Run("South Africa and the Congo suspended in one block: the second would leave three", func(t *testing.T) {
		c := newChain(t, withCongo)
		za := propose(t, c, "BW", suspend("ZA"))
		cg := propose(t, c, "BW", suspend("CG"))
		votes(t, c, join, []uint64{za, cg}, "BW", "EU", "IN", "RU")
		// South Africa's and the Congo's positions make both unanimous in
		// one block; they close in id order.
		resp := c.Block(c.Tx(admin("ZA"), voteMsg(za, join), voteMsg(cg, join)), c.Tx(admin("CG"), voteMsg(za, join), voteMsg(cg, join)))
		if p, _ := c.Proposal(za); p.Status != passed {
			t.Fatalf("South Africa's suspension %s: %s", p.Status.Name(), p.Outcome)
		}
		if p, _ := c.Proposal(cg); p.Status != failed || !strings.Contains(failureOf(resp, cg), "3 validators would remain") {
			t.Fatalf("the Congo's suspension %s: %q (%s)", p.Status.Name(), p.Outcome, failureOf(resp, cg))
		}
		wantUpdates(t, c, resp, "za-node=0")
		if s := statusOf(c, "CG"); s != active {
			t.Errorf("the Congo %s", s.Name())
		}
	})
}
