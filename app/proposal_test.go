package app_test

import (
	"context"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// importers signs n operator registrations of one admin at consecutive
// sequences, the keys named after label.
func importers(c *apptest.Chain, admin, label string, n int) [][]byte {
	txs := make([][]byte, n)
	for i := range txs {
		op := fmt.Sprintf("%s-%s-%d", admin, label, i)
		txs[i] = c.Tx(admin, &participanttypes.MsgAddOperator{PubKey: c.PubKey(op), Role: envelope.Role_ROLE_IMPORTER, Name: "Importer " + op})
	}
	return txs
}

func prepare(t *testing.T, c *apptest.Chain, maxBytes int64, txs ...[]byte) [][]byte {
	t.Helper()
	resp, err := c.App.PrepareProposal(context.Background(), &abci.PrepareProposalRequest{Txs: txs, MaxTxBytes: maxBytes, Height: c.Height + 1})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Txs
}

func accepted(t *testing.T, c *apptest.Chain, txs ...[]byte) bool {
	t.Helper()
	resp, err := c.App.ProcessProposal(context.Background(), &abci.ProcessProposalRequest{Txs: txs, Height: c.Height + 1})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Status == abci.PROCESS_PROPOSAL_STATUS_ACCEPT
}

// TestProposalOrdersEachSignerBySequence reproduces D1 of the reliability
// review: CheckTx admitted a signer's transactions in sequence order, the
// mempool holds them as CometBFT v1.0.1 stored block 337's (5707, 5709, 5710,
// 5708, 5711), interleaved with another signer's. The proposer puts each
// signer's back in sequence order in the same places, every transaction
// commits with code 0, and validators refuse a block out of order. After a
// block too small for all of them, RECHECK in mempool order keeps the rest.
func TestProposalOrdersEachSignerBySequence(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	bw, eu := importers(c, "bw-admin", "a", 6), importers(c, "eu-admin", "a", 3)
	for _, tx := range append(append([][]byte(nil), bw...), eu...) {
		if res := c.CheckTx(tx, false); res.Code != 0 {
			t.Fatalf("CheckTx: %d %s", res.Code, res.Log)
		}
	}
	mempool := [][]byte{bw[0], eu[1], bw[2], bw[3], eu[0], bw[1], bw[4], eu[2], bw[5]}
	if accepted(t, c, mempool...) {
		t.Fatal("a block with a signer's transactions out of sequence order was accepted")
	}
	if accepted(t, c, bw[0], bw[1], bw[1]) {
		t.Fatal("a block with a repeated sequence was accepted")
	}
	proposal := prepare(t, c, 1<<20, mempool...)
	want := [][]byte{bw[0], eu[0], bw[1], bw[2], eu[1], bw[3], bw[4], eu[2], bw[5]}
	if len(proposal) != len(want) {
		t.Fatalf("proposal of %d txs, want %d", len(proposal), len(want))
	}
	for i := range want {
		if string(proposal[i]) != string(want[i]) {
			t.Fatalf("proposal position %d is not the expected transaction", i)
		}
	}
	if !accepted(t, c, proposal...) {
		t.Fatal("the proposer's own block was rejected")
	}
	for i, res := range c.Block(proposal...).TxResults {
		if res.Code != 0 {
			t.Fatalf("tx %d of the proposal: code %d %s", i, res.Code, res.Log)
		}
	}

	// A block with room for two transactions; the rest is rechecked in the
	// mempool's order, which is not the sequence order.
	more := importers(c, "bw-admin", "b", 5)
	for _, tx := range more {
		if res := c.CheckTx(tx, false); res.Code != 0 {
			t.Fatalf("CheckTx: %d %s", res.Code, res.Log)
		}
	}
	mempool = [][]byte{more[0], more[2], more[1], more[4], more[3]}
	small := prepare(t, c, int64(len(more[0])+len(more[1])+len(more[2])-1), mempool...)
	if len(small) != 2 || string(small[0]) != string(more[0]) || string(small[1]) != string(more[1]) {
		t.Fatalf("size-limited proposal: %d txs, want sequences 6 and 7", len(small))
	}
	for i, res := range c.Block(small...).TxResults {
		if res.Code != 0 {
			t.Fatalf("tx %d: code %d %s", i, res.Code, res.Log)
		}
	}
	left := [][]byte{more[2], more[4], more[3]}
	for i, tx := range left {
		if res := c.CheckTx(tx, true); res.Code != 0 {
			t.Fatalf("RECHECK of mempool position %d: code %d %s", i, res.Code, res.Log)
		}
	}
	var seq envelope.QuerySequenceResponse
	c.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key("bw-admin").PubKey().Address()}, &seq)
	if seq.Committed != 8 || seq.Next != 11 {
		t.Fatalf("sequence after RECHECK = %+v, want committed 8 next 11", seq)
	}
	if res := c.CheckTx(more[0], true); res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("RECHECK of a committed sequence: code %d", res.Code)
	}
	for i, res := range c.Block(prepare(t, c, 1<<20, left...)...).TxResults {
		if res.Code != 0 {
			t.Fatalf("tx %d after RECHECK: code %d %s", i, res.Code, res.Log)
		}
	}
}
