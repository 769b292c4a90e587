package app_test

import (
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// nextSequence is the sequence query's answer for a key.
func nextSequence(c *apptest.Chain, name string) envelope.QuerySequenceResponse {
	var seq envelope.QuerySequenceResponse
	c.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key(name).PubKey().Address()}, &seq)
	return seq
}

func mustCheck(t *testing.T, c *apptest.Chain, recheck bool, txs ...[]byte) {
	t.Helper()
	for i, tx := range txs {
		if res := c.CheckTx(tx, recheck); res.Code != 0 {
			t.Fatalf("CheckTx (recheck %v) of tx %d: code %d %s", recheck, i, res.Code, res.Log)
		}
	}
}

// TestCheckTxAdmitsAWindowAhead: a node that has not (yet) seen a signer's
// transaction n admits the next ones up to app.SequenceWindow-1 past it —
// they arrive out of order by gossip, or the mempool was full for n — but
// the proposer leaves them out until n is there, and a block still refuses
// a sequence out of turn (the consensus rule).
func TestCheckTxAdmitsAWindowAhead(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	txs := importers(c, "bw-admin", "w", app.SequenceWindow+1)
	mustCheck(t, c, false, txs[1:app.SequenceWindow]...)
	if res := c.CheckTx(txs[app.SequenceWindow], false); res.Code != envelope.ErrSequenceSkipped.Code() {
		t.Fatalf("sequence %d with sequence 0 missing: code %d, want %d", app.SequenceWindow, res.Code, envelope.ErrSequenceSkipped.Code())
	}
	if seq := nextSequence(c, "bw-admin"); seq.Committed != 0 || seq.Next != 0 {
		t.Fatalf("sequence query with 0 missing = %+v, want next 0: a client fills the gap", seq)
	}
	mempool := append([][]byte(nil), txs[1:app.SequenceWindow]...)
	if proposal := prepare(t, c, 1<<20, mempool...); len(proposal) != 0 {
		t.Fatalf("the proposer took %d transactions behind the missing sequence 0", len(proposal))
	}
	if res := c.Block(txs[1]).TxResults[0]; res.Code != envelope.ErrSequenceSkipped.Code() {
		t.Fatalf("sequence 1 in a block before 0: code %d", res.Code)
	}

	// The block took sequence 1 out of the mempool; its client sends it
	// again, and sequence 0 arrives: the window now counts from 16, and
	// everything commits in sequence order.
	mempool = mempool[1:]
	mustCheck(t, c, true, mempool...)
	mustCheck(t, c, false, txs[1], txs[0], txs[app.SequenceWindow])
	mempool = append(mempool, txs[1], txs[0], txs[app.SequenceWindow])
	if seq := nextSequence(c, "bw-admin"); seq.Next != app.SequenceWindow+1 {
		t.Fatalf("sequence query = %+v, want next %d", seq, app.SequenceWindow+1)
	}
	proposal := prepare(t, c, 1<<20, mempool...)
	if len(proposal) != len(txs) {
		t.Fatalf("proposal of %d transactions, want %d", len(proposal), len(txs))
	}
	for i, res := range c.Block(proposal...).TxResults {
		if res.Code != 0 {
			t.Fatalf("tx %d of the proposal: code %d %s", i, res.Code, res.Log)
		}
	}
	// Committed sequences are reused, in CheckTx and in a proposal.
	if res := c.CheckTx(txs[3], true); res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("RECHECK of a committed sequence: code %d", res.Code)
	}
	if proposal := prepare(t, c, 1<<20, txs[3]); len(proposal) != 0 {
		t.Fatal("the proposer took a committed sequence")
	}
}

// TestRecheckEvictsAGappedTransaction: a transaction waiting behind a
// missing sequence stays through app.GapCommits-1 commits, and RECHECK
// evicts it at the next; one whose gap closes in time stays and commits.
func TestRecheckEvictsAGappedTransaction(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	bw := importers(c, "bw-admin", "g", 3)
	eu := importers(c, "eu-admin", "g", 3)
	mustCheck(t, c, false, bw[1], bw[2], eu[1], eu[2])
	for commit := 1; commit < app.GapCommits; commit++ {
		c.Block()
		mustCheck(t, c, true, bw[2], bw[1], eu[1], eu[2])
	}
	mustCheck(t, c, false, eu[0]) // eu's gap closes; bw's does not
	c.Block()
	for _, tx := range [][]byte{bw[1], bw[2]} {
		if res := c.CheckTx(tx, true); res.Code != envelope.ErrSequenceSkipped.Code() {
			t.Fatalf("RECHECK after %d commits behind a gap: code %d %s", app.GapCommits, res.Code, res.Log)
		}
	}
	mustCheck(t, c, true, eu[0], eu[2], eu[1])
	for i, res := range c.Block(prepare(t, c, 1<<20, eu[2], eu[0], eu[1])...).TxResults {
		if res.Code != 0 {
			t.Fatalf("eu tx %d: code %d %s", i, res.Code, res.Log)
		}
	}
	if seq := nextSequence(c, "eu-admin"); seq.Committed != 3 {
		t.Fatalf("eu-admin's sequence = %+v, want 3 committed", seq)
	}
}

// TestRecheckReadsTheNewCommittedState: CheckTx memoises its reads of the
// committed state between commits; after a block that revokes a signer's
// key and consumes one of its sequences, RECHECK refuses its transactions
// left in the mempool, and a new one too.
func TestRecheckReadsTheNewCommittedState(t *testing.T) {
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		if err := g.AddKey(key("bw-admin2").PubKey().Bytes(), envelope.Role_ROLE_ADMIN, "BW", "Second Admin"); err != nil {
			t.Fatal(err)
		}
	}))
	c.Block()
	revoke := c.TxAt("bw-admin", 0, &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-admin")})
	c.SetSequence("bw-admin", 1)
	bw := importers(c, "bw-admin", "r", 2) // sequences 1 and 2
	mustCheck(t, c, false, bw...)          // inside the window, behind sequence 0
	mustCheck(t, c, true, bw...)
	if res := c.Block(revoke).TxResults[0]; res.Code != 0 {
		t.Fatalf("the revocation: code %d %s", res.Code, res.Log)
	}
	for i, tx := range bw {
		if res := c.CheckTx(tx, true); res.Code != envelope.ErrRevokedSigner.Code() {
			t.Fatalf("RECHECK of tx %d after the key's revocation: code %d %s, want %d", i, res.Code, res.Log, envelope.ErrRevokedSigner.Code())
		}
	}
	if res := c.CheckTx(c.TxAt("bw-admin", 0, &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-admin")}), true); res.Code != envelope.ErrRevokedSigner.Code() && res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("RECHECK of a committed sequence: code %d %s", res.Code, res.Log)
	}
	late := importers(c, "bw-admin", "late", 1)
	if res := c.CheckTx(late[0], false); res.Code != envelope.ErrRevokedSigner.Code() {
		t.Fatalf("a new transaction of the revoked key: code %d %s", res.Code, res.Log)
	}
}
