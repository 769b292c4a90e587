package app

import (
	"context"
	"fmt"
	"sort"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
)

// CheckTx is called by the mempool for each new transaction (NEW) and, after
// each commit, for each transaction still in the mempool (RECHECK). It admits a
// transaction whose envelope would pass FinalizeBlock now, counting the signer's
// transactions already admitted. RECHECK does not verify the signature again.
// A new transaction refused for a reason the next blocks may lift is kept to
// be checked again after the next commits (retry.go).
func (app *App) CheckTx(_ context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	recheck := req.Type == abci.CHECK_TX_TYPE_RECHECK
	if err := app.admit(req.Tx, recheck); err != nil {
		if !recheck && mayBecomeValid(err) {
			app.retries.keep(req.Tx)
		}
		space, code, log := refusal.ABCIInfo(err)
		return &abci.CheckTxResponse{Code: code, Codespace: space, Log: log}, nil
	}
	return &abci.CheckTxResponse{Code: abci.CodeTypeOK, GasWanted: 1}, nil
}

// admit checks a transaction for the mempool. A new transaction's sequence
// must be new and at most SequenceWindow past the signer's first missing
// one (sequences.go). On RECHECK any sequence not yet committed passes,
// unless it has waited GapCommits commits behind a missing one: CometBFT
// rechecks in mempool order, which can differ from the order CheckTx
// admitted a signer's transactions in, and the proposer puts them back in
// sequence order (PrepareProposal).
func (app *App) admit(txBytes []byte, recheck bool) error {
	committed := app.committedReads()
	rule := func(tx *decodedTx) error {
		return app.pending.checkNew(tx.Body.Signer, func() uint64 { return sequence(committed, tx.Body.Signer) }, tx.Body.Sequence, tx.Hash)
	}
	if recheck {
		rule = func(tx *decodedTx) error {
			return app.pending.admitRecheck(tx.Body.Signer, sequence(committed, tx.Body.Signer), tx.Body.Sequence, tx.Hash)
		}
	}
	tx, _, pubKey, err := app.checkEnvelope(committed, txBytes, rule)
	if err != nil {
		return err
	}
	if recheck {
		return nil
	}
	if err := tx.VerifySignature(pubKey); err != nil {
		return err
	}
	app.verified.add(tx.Hash)
	if app.retries.forget(tx.Hash) {
		app.logger.Info("admitted a transaction refused before a commit", "tx", fmt.Sprintf("%X", tx.Hash))
	}
	app.pending.admitted(tx.Body.Signer, tx.Body.Sequence, tx.Hash)
	return nil
}

// PrepareProposal is called on the proposer: it keeps the transactions that
// decode and fit, in mempool order, except that each signer's transactions
// take the places of that signer's transactions in sequence order, each
// sequence once, and only from the signer's committed sequence up to its
// first missing one. CometBFT's mempool can hold a signer's transactions out
// of the order CheckTx admitted them in (it appends after the app answers,
// from one goroutine per peer), and CheckTx admits some past a missing
// sequence (sequences.go): a block in that order, or with that gap, would
// refuse the later ones with code 13. Rules are FinalizeBlock's business.
func (app *App) PrepareProposal(_ context.Context, req *abci.PrepareProposalRequest) (*abci.PrepareProposalResponse, error) {
	proposed := make([]sequenced, 0, len(req.Txs))
	for _, tx := range req.Txs {
		d, err := app.decode(tx)
		if err != nil {
			continue
		}
		proposed = append(proposed, sequenced{tx: tx, signer: string(d.Body.Signer), sequence: d.Body.Sequence})
	}
	reads := app.committedReads()
	committed := func(signer string) uint64 { return sequence(reads, []byte(signer)) }
	txs := make([][]byte, 0, len(proposed))
	var total int64
	for _, p := range inSequenceOrder(proposed, committed) {
		if total+int64(len(p.tx)) > req.MaxTxBytes {
			break
		}
		total += int64(len(p.tx))
		txs = append(txs, p.tx)
	}
	return &abci.PrepareProposalResponse{Txs: txs}, nil
}

// ProcessProposal is called on every validator for a proposed block: it
// rejects a block holding a transaction that is too large or does not decode,
// or two transactions of one signer that are not in increasing sequence
// order. It reads nothing but the block, so every honest validator answers
// alike.
func (app *App) ProcessProposal(_ context.Context, req *abci.ProcessProposalRequest) (*abci.ProcessProposalResponse, error) {
	reject := &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_REJECT}
	last := make(map[string]uint64)
	for _, tx := range req.Txs {
		if len(tx) > envelope.MaxTxBytes {
			return reject, nil
		}
		d, err := app.decode(tx)
		if err != nil {
			return reject, nil
		}
		signer := string(d.Body.Signer)
		if previous, seen := last[signer]; seen && d.Body.Sequence <= previous {
			return reject, nil
		}
		last[signer] = d.Body.Sequence
	}
	return &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_ACCEPT}, nil
}

// sequenced is a proposed transaction with its signer and sequence.
type sequenced struct {
	tx       []byte
	signer   string
	sequence uint64
}

// inSequenceOrder returns txs with each signer's transactions sorted by
// sequence into the positions that signer's transactions held, keeping the
// first (in mempool order) of a repeated sequence and only the sequences in
// a row from the signer's committed one. Signers keep their interleaving,
// so the order between signers stays the mempool's.
func inSequenceOrder(txs []sequenced, committed func(signer string) uint64) []sequenced {
	positions := make(map[string][]int)
	for i, tx := range txs {
		positions[tx.signer] = append(positions[tx.signer], i)
	}
	ordered := make([]sequenced, len(txs))
	keep := make([]bool, len(txs))
	for signer, at := range positions { // each signer fills its own positions: order-free
		mine := make([]sequenced, len(at))
		for j, i := range at {
			mine[j] = txs[i]
		}
		sort.SliceStable(mine, func(a, b int) bool { return mine[a].sequence < mine[b].sequence })
		next := committed(signer)
		for j, i := range at {
			ordered[i] = mine[j]
			if keep[i] = mine[j].sequence == next; keep[i] {
				next++
			}
		}
	}
	out := ordered[:0]
	for i, tx := range ordered {
		if keep[i] {
			out = append(out, tx)
		}
	}
	return out
}

// readsOfCommitted memoises what CheckTx and PrepareProposal read of the
// committed state (checkStore) — each signer's registered key and committed
// sequence — until a commit replaces that state: after a block, RECHECK
// then reads a signer's records once, not once for each of its
// transactions left in the mempool, and each read is still of the state the
// rules need. Commit and these calls run under CometBFT's one mutex.
type readsOfCommitted struct {
	committed store.KVStore
	values    map[string][]byte // nil: absent
}

// committedReads returns the memo of the current committed state, a new one
// after each commit.
func (app *App) committedReads() store.KVStore {
	if app.reads == nil || app.reads.committed != app.checkStore {
		app.reads = &readsOfCommitted{committed: app.checkStore, values: map[string][]byte{}}
	}
	return app.reads
}

func (r *readsOfCommitted) Get(key []byte) []byte {
	if v, ok := r.values[string(key)]; ok {
		return v
	}
	v := r.committed.Get(key)
	r.values[string(key)] = v
	return v
}

func (r *readsOfCommitted) Has(key []byte) bool { return r.committed.Has(key) }

func (r *readsOfCommitted) Iterator(start, end []byte) store.Iterator {
	return r.committed.Iterator(start, end)
}

func (r *readsOfCommitted) ReverseIterator(start, end []byte) store.Iterator {
	return r.committed.ReverseIterator(start, end)
}

// Set and Delete: CheckTx never writes the committed state.
func (r *readsOfCommitted) Set([]byte, []byte) { panic("the committed state is read-only") }
func (r *readsOfCommitted) Delete([]byte)      { panic("the committed state is read-only") }
