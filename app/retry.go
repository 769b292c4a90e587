package app

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"sync"

	"github.com/kpledger/kpledger/core/envelope"
)

// A validator that has not yet applied the block registering a key refuses
// that key's first transaction ("unknown signer"), and one that has not yet
// seen a signer's earlier transaction refuses the next ("sequence skips
// ahead"). CometBFT gossips a transaction to each peer once and never again,
// so such a refusal on a lagging validator is final there: with too few
// validators holding the transaction, a proposer with an empty mempool waits
// for the empty-block interval (D2 of the reliability review, 304 s). The
// refusing node therefore keeps such transactions and checks them again
// after each of its next retryCommits commits; the node's mempool takes them
// in once this node has caught up, and gossips them on.
const (
	// retryCommits is how many commits a refused transaction is retried
	// after: the mempool gossips to a peer at most two blocks behind.
	retryCommits = 3
	// retryCapacity bounds the transactions kept; the oldest goes first.
	retryCapacity = 1000
)

// mayBecomeValid says whether a CheckTx refusal may be lifted by the next
// blocks.
func mayBecomeValid(err error) bool {
	return errors.Is(err, envelope.ErrUnknownSigner) || errors.Is(err, envelope.ErrSequenceSkipped)
}

// retries is the bounded set of refused transactions to check again. CheckTx
// and Commit fill it under CometBFT's lock; the node takes what is due from
// another goroutine.
type retries struct {
	mu      sync.Mutex
	waiting map[[sha256.Size]byte]*retry
	order   [][sha256.Size]byte // arrival order, for eviction
	due     [][]byte
	ready   chan struct{}
}

type retry struct {
	tx      []byte
	commits int
}

func newRetries() *retries {
	return &retries{waiting: make(map[[sha256.Size]byte]*retry), ready: make(chan struct{}, 1)}
}

// keep remembers a refused transaction (once).
func (r *retries) keep(tx []byte) {
	hash := sha256.Sum256(tx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.waiting[hash]; ok {
		return
	}
	for len(r.waiting) >= retryCapacity && len(r.order) > 0 {
		delete(r.waiting, r.order[0])
		r.order = r.order[1:]
	}
	r.waiting[hash] = &retry{tx: bytes.Clone(tx)}
	r.order = append(r.order, hash)
}

// forget drops an admitted transaction and says whether it was kept.
func (r *retries) forget(hash [sha256.Size]byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, kept := r.waiting[hash]
	delete(r.waiting, hash)
	return kept
}

// committed makes every kept transaction due, in arrival order, and drops
// those already retried after retryCommits commits. A transaction stays kept
// while it is retried, so that refusing it again does not start it over.
func (r *retries) committed() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.due = r.due[:0:0]
	order := r.order[:0:0]
	for _, hash := range r.order {
		entry, ok := r.waiting[hash]
		if !ok {
			continue
		}
		if entry.commits++; entry.commits > retryCommits {
			delete(r.waiting, hash)
			continue
		}
		r.due = append(r.due, entry.tx)
		order = append(order, hash)
	}
	r.order = order
	if len(r.due) > 0 {
		select {
		case r.ready <- struct{}{}:
		default:
		}
	}
}

func (r *retries) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	due := r.due
	r.due = nil
	return due
}

// RetriesReady signals that transactions CheckTx refused may pass now (after
// a commit); the node then takes them with TakeRetries and hands each to its
// mempool again, as if newly received.
func (app *App) RetriesReady() <-chan struct{} { return app.retries.ready }

// TakeRetries returns the refused transactions due for another CheckTx, in
// the order they came.
func (app *App) TakeRetries() [][]byte { return app.retries.take() }
