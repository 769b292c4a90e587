package app_test

import (
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestRefusedUntilCaughtUpIsRetried: a validator that has not applied the
// block registering a key refuses the key's first transaction and the one
// after it; after its commits it hands both back to the mempool (the node
// re-checks them as new), and forgets a transaction after three commits.
func TestRefusedUntilCaughtUpIsRetried(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	register := c.Tx("bw-admin", &participanttypes.MsgAddOfficer{PubKey: c.PubKey("bw-new-admin"), Role: envelope.Role_ROLE_ADMIN, Name: "New Admin"})
	first := c.Tx("bw-new-admin", addOperator(c, "first"))
	second := c.Tx("bw-new-admin", addOperator(c, "second"))
	if res := c.CheckTx(first, false); res.Code != envelope.ErrUnknownSigner.Code() {
		t.Fatalf("first tx before the registration: code %d", res.Code)
	}
	if res := c.CheckTx(second, false); res.Code != envelope.ErrUnknownSigner.Code() {
		t.Fatalf("second tx before the registration: code %d", res.Code)
	}
	if due := c.App.TakeRetries(); len(due) != 0 {
		t.Fatalf("%d transactions due before any commit", len(due))
	}
	c.MustDeliver(register)
	select {
	case <-c.App.RetriesReady():
	default:
		t.Fatal("no retry signalled after the commit")
	}
	due := c.App.TakeRetries()
	if len(due) != 2 || string(due[0]) != string(first) || string(due[1]) != string(second) {
		t.Fatalf("%d transactions due after the registration, want the two in arrival order", len(due))
	}
	for i, tx := range due {
		if res := c.CheckTx(tx, false); res.Code != 0 {
			t.Fatalf("retry %d: code %d %s", i, res.Code, res.Log)
		}
	}
	for i, res := range c.Block(due...).TxResults {
		if res.Code != 0 {
			t.Fatalf("retried tx %d in a block: code %d %s", i, res.Code, res.Log)
		}
	}
	if due := c.App.TakeRetries(); len(due) != 0 {
		t.Fatalf("%d admitted transactions retried again", len(due))
	}

	// A transaction that never becomes valid is offered after three commits,
	// then dropped.
	stranger := c.Tx("za-never-registered", addOperator(c, "stranger"))
	if res := c.CheckTx(stranger, false); res.Code != envelope.ErrUnknownSigner.Code() {
		t.Fatalf("unknown signer: code %d", res.Code)
	}
	for commit := 1; commit <= 4; commit++ {
		c.Block()
		due := c.App.TakeRetries()
		if want := commit <= 3; (len(due) == 1) != want {
			t.Fatalf("after commit %d: %d due, want due=%v", commit, len(due), want)
		}
		for _, tx := range due {
			c.CheckTx(tx, false)
		}
	}
	// Refusals that no block lifts are not kept.
	if res := c.CheckTx(first, false); res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("replay: code %d", res.Code)
	}
	c.Block()
	if due := c.App.TakeRetries(); len(due) != 0 {
		t.Fatalf("a reused sequence kept for retry")
	}
}
