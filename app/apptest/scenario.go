package apptest

import (
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
)

// The scenario kit: the vocabulary keeper tests share to read like the KP
// workflow they check — a message built on the chain, steps by a signer,
// setups, transaction cases, refusals and queries.

// Message builds a message on a chain: its keys, addresses and block time.
type Message func(c *Chain) envelope.Message

// Fixed is a message that needs nothing of the chain.
func Fixed(m envelope.Message) Message { return func(*Chain) envelope.Message { return m } }

// Step is one transaction of a setup: a signer's key name and its message.
type Step struct {
	Signer string
	Msg    Message
}

// By is the step of signer sending msg.
func By(signer string, msg Message) Step { return Step{signer, msg} }

// Setup prepares a chain for a case.
type Setup func(t *testing.T, c *Chain)

// Given delivers each step in a block of its own; every step must succeed.
func Given(steps ...Step) Setup {
	return func(t *testing.T, c *Chain) {
		t.Helper()
		for _, s := range steps {
			c.DeliverOK(s.Signer, s.Msg(c))
		}
	}
}

// Then runs setups in order.
func Then(setups ...Setup) Setup {
	return func(t *testing.T, c *Chain) {
		t.Helper()
		for _, s := range setups {
			s(t, c)
		}
	}
}

// EmptyBlocks commits n blocks without transactions.
func EmptyBlocks(n int) Setup {
	return func(_ *testing.T, c *Chain) {
		for range n {
			c.Block()
		}
	}
}

// DeliverOK delivers one message in a block of its own; it must succeed.
func (c *Chain) DeliverOK(signer string, msg envelope.Message) *abci.ExecTxResult {
	c.t.Helper()
	res := c.Deliver(c.Tx(signer, msg))
	if res.Code != 0 {
		c.t.Fatalf("%s signing %s: code %d: %s", signer, MsgName(msg), res.Code, res.Log)
	}
	return res
}

// Refused delivers msg signed by signer in a block of its own and wants the
// refusal want. Whatever the refusal, no module's state changes; the
// signer's sequence is consumed by a refusal of the rules only — the envelope
// stops a stateless, unauthorised or unknown signer's transaction before
// (DESIGN §2).
func (c *Chain) Refused(signer string, msg envelope.Message, want *refusal.Error) *abci.ExecTxResult {
	c.t.Helper()
	before := c.ModuleState()
	seq := c.CommittedSequence(signer)
	res := c.Deliver(c.Tx(signer, msg))
	WantRefusal(c.t, fmt.Sprintf("%s signing %s", signer, MsgName(msg)), res.Code, res.Codespace, res.Log, want)
	for i, after := range c.ModuleState() {
		if after != before[i] {
			c.t.Errorf("a refused %s changed the %s module's state (%d keys, now %d)", MsgName(msg), after.Module, before[i].Keys, after.Keys)
		}
	}
	wantSeq := seq + 1
	if v, ok := msg.(interface{ ValidateBasic() error }); (ok && v.ValidateBasic() != nil) || want.Codespace() == "app" {
		wantSeq = seq
	}
	if got := c.CommittedSequence(signer); got != wantSeq {
		c.t.Errorf("%s's sequence %d after the refusal, want %d", signer, got, wantSeq)
	}
	c.SetSequence(signer, wantSeq)
	return res
}

// WantRefusal checks a result's code and codespace against a refusal.
func WantRefusal(t testing.TB, where string, code uint32, codespace, log string, want *refusal.Error) {
	t.Helper()
	if code != want.Code() || codespace != want.Codespace() {
		t.Errorf("%s: code %d %q (%s), want %d %q (%s)", where, code, codespace, log, want.Code(), want.Codespace(), want.Reason())
	}
}

// ModuleState is the digest of every module's keys at the last committed
// height (the app's own keys — sequences — left out): two equal lists are
// two equal states.
func (c *Chain) ModuleState() []app.RangeDigest {
	c.t.Helper()
	digests, err := c.App.RangeDigests(c.Height)
	if err != nil {
		c.t.Fatalf("state digests at %d: %v", c.Height, err)
	}
	return digests[1:]
}

// CommittedSequence is the next sequence the committed state expects of a
// named key.
func (c *Chain) CommittedSequence(name string) uint64 {
	c.t.Helper()
	var resp envelope.QuerySequenceResponse
	c.MustQuery(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key(name).PubKey().Address()}, &resp)
	return resp.Committed
}

// Request is a query's request; Response its answer.
type (
	Request  = interface{ Marshal() ([]byte, error) }
	Response = interface{ Unmarshal([]byte) error }
)

// MustQuery runs a query at the latest height that must be answered.
func (c *Chain) MustQuery(path string, req Request, resp Response) {
	c.t.Helper()
	if q := c.Query(path, req, resp); q.Code != 0 {
		c.t.Fatalf("%s: code %d (%s)", path, q.Code, q.Log)
	}
}

// QueryRefused runs a query that must be refused with want.
func (c *Chain) QueryRefused(path string, req Request, want *refusal.Error) {
	c.t.Helper()
	q := c.Query(path, req, nil)
	WantRefusal(c.t, path, q.Code, q.Codespace, q.Log, want)
}

// TxCase is one transaction on a chain of its own: accepted (Want nil, then
// Check) or refused with Want, which Refused checks (no module state
// changed, the sequence rule), then Check with a nil result.
type TxCase struct {
	Name   string
	Setup  Setup
	Signer string
	Msg    Message
	Want   *refusal.Error
	Check  func(t *testing.T, c *Chain, res *abci.ExecTxResult)
}

// RunTxCases runs each case as a subtest on a chain newChain makes.
func RunTxCases(t *testing.T, newChain func(t testing.TB) *Chain, cases []TxCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			c := newChain(t)
			if tc.Setup != nil {
				tc.Setup(t, c)
			}
			msg := tc.Msg(c)
			if tc.Want == nil {
				res := c.DeliverOK(tc.Signer, msg)
				if tc.Check != nil {
					tc.Check(t, c, res)
				}
				return
			}
			c.Refused(tc.Signer, msg, tc.Want)
			if tc.Check != nil {
				tc.Check(t, c, nil)
			}
		})
	}
}
