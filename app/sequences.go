package app

import (
	"crypto/sha256"
	"sync"

	"github.com/kpledger/kpledger/core/envelope"
)

// The mempool's view of sequences. A block applies a signer's transactions
// only in strict sequence order from the committed one (the consensus rule,
// FinalizeBlock); the mempool is more lenient, because transactions reach a
// node out of order — gossip over several connections, a mempool that was
// full for one of them and not for the next — and a node that refused a
// signer's transaction n for good would refuse every later one. So CheckTx
// admits a transaction up to SequenceWindow sequences past the signer's
// first missing one (a gap), the proposer takes a signer's transactions
// only up to its first gap (PrepareProposal), and RECHECK evicts a
// transaction that has waited behind a gap for GapCommits commits: the
// missing one is not coming.
const (
	// SequenceWindow bounds how far past a signer's first missing sequence
	// CheckTx admits a transaction: sequences next … next+SequenceWindow-1,
	// where next is the first one neither committed nor in the mempool.
	SequenceWindow = 16
	// GapCommits is how many commits a transaction may wait in the mempool
	// behind a missing sequence before RECHECK evicts it.
	GapCommits = 5
)

// pendingSigner is what CheckTx admitted of one signer since the last
// commit: each sequence's transaction hash, and the first sequence from the
// committed one that no admitted transaction holds.
type pendingSigner struct {
	next uint64
	txs  map[uint64][sha256.Size]byte
}

// add records an admitted transaction and moves next past the sequences
// now held in a row.
func (p *pendingSigner) add(seq uint64, hash [sha256.Size]byte) {
	if _, held := p.txs[seq]; held {
		return
	}
	p.txs[seq] = hash
	for {
		if _, held := p.txs[p.next]; !held {
			return
		}
		p.next++
	}
}

// gapped says whether a sequence waits behind a missing one.
func (p *pendingSigner) gapped(seq uint64) bool { return seq > p.next }

// pendingTxs is the app's view of every signer's admitted transactions.
// CheckTx and Commit, its only writers, run under CometBFT's mutex; the
// sequence query reads next beside them, under mu.
type pendingTxs struct {
	mu      sync.RWMutex
	signers map[string]*pendingSigner // by address bytes
	height  int64                     // the committed height they count from

	// previous is the view before the last commit: RECHECK asks it whether
	// a transaction still waits behind a gap. waiting counts the commits
	// each such transaction has waited (by hash), rebuilt by each RECHECK
	// round so that transactions gone from the mempool drop out.
	previous    map[string]*pendingSigner
	waiting     map[[sha256.Size]byte]int
	nextWaiting map[[sha256.Size]byte]int
}

func newPendingTxs() *pendingTxs {
	return &pendingTxs{signers: map[string]*pendingSigner{}, waiting: map[[sha256.Size]byte]int{}, nextWaiting: map[[sha256.Size]byte]int{}}
}

// signer returns a signer's pending view, made from its committed sequence
// the first time after a commit.
func (p *pendingTxs) signer(address []byte, committed func() uint64) *pendingSigner {
	s, ok := p.signers[string(address)]
	if !ok {
		s = &pendingSigner{next: committed(), txs: map[uint64][sha256.Size]byte{}}
		p.mu.Lock()
		p.signers[string(address)] = s
		p.mu.Unlock()
	}
	return s
}

// checkNew is CheckTx's rule for a new transaction: a sequence below the
// committed one, or held by another admitted transaction, is reused; one
// SequenceWindow or more past the first missing sequence skips ahead. The
// same transaction again passes: the mempool's cache refuses a duplicate
// before the app sees it, so the app sees one again only when CometBFT
// dropped it after CheckTx admitted it (the mempool filled up in between)
// and its client sends it again. CheckTx records an admitted transaction
// with admitted, once it has verified the signature.
func (p *pendingTxs) checkNew(address []byte, committed func() uint64, seq uint64, hash [sha256.Size]byte) error {
	s := p.signer(address, committed)
	if held, ok := s.txs[seq]; ok {
		if held == hash {
			return nil
		}
		return envelope.ErrSequenceReused.Wrapf("sequence %d is held by another transaction in this node's mempool; next %d", seq, s.next)
	}
	if seq < s.next { // every sequence from the committed one to next is held
		return envelope.ErrSequenceReused.Wrapf("sequence %d, expected %d", seq, s.next)
	}
	if seq >= s.next+SequenceWindow {
		return envelope.ErrSequenceSkipped.Wrapf("sequence %d, expected %d (at most %d ahead)", seq, s.next, SequenceWindow-1)
	}
	return nil
}

// admitted records a new transaction that passed checkNew and CheckTx's
// other checks.
func (p *pendingTxs) admitted(address []byte, seq uint64, hash [sha256.Size]byte) {
	p.add(p.signers[string(address)], seq, hash)
}

// admitRecheck is RECHECK's rule, in mempool order (which need not be
// sequence order): a committed sequence is reused, a transaction that has
// waited behind a gap for GapCommits commits skips ahead; anything else
// stays, whatever its place.
func (p *pendingTxs) admitRecheck(address []byte, committed uint64, seq uint64, hash [sha256.Size]byte) error {
	if seq < committed {
		return envelope.ErrSequenceReused.Wrapf("sequence %d, expected %d", seq, committed)
	}
	if before, ok := p.previous[string(address)]; ok && behindGap(before, committed, seq) {
		waited := p.waiting[hash] + 1
		if waited >= GapCommits {
			return envelope.ErrSequenceSkipped.Wrapf("sequence %d waited %d blocks behind missing sequence %d", seq, waited, firstMissing(before, committed))
		}
		p.nextWaiting[hash] = waited
	}
	p.add(p.signer(address, func() uint64 { return committed }), seq, hash)
	return nil
}

// behindGap says whether, with committed the signer's committed sequence,
// seq waits behind a sequence that the view before the commit did not hold.
func behindGap(before *pendingSigner, committed, seq uint64) bool {
	return seq > firstMissing(before, committed)
}

// firstMissing is the first sequence from committed that a view does not
// hold.
func firstMissing(view *pendingSigner, committed uint64) uint64 {
	next := committed
	for {
		if _, held := view.txs[next]; !held {
			return next
		}
		next++
	}
}

func (p *pendingTxs) add(s *pendingSigner, seq uint64, hash [sha256.Size]byte) {
	p.mu.Lock()
	s.add(seq, hash)
	p.mu.Unlock()
}

// reset starts a new view after a commit at height, under mu: CometBFT
// rechecks what is left in the mempool right after.
func (p *pendingTxs) reset(height int64) {
	p.previous, p.signers, p.height = p.signers, map[string]*pendingSigner{}, height
	p.waiting, p.nextWaiting = p.nextWaiting, map[[sha256.Size]byte]int{}
}

// next is a signer's next sequence after its transactions in this node's
// mempool held in a row, when they count from height; else 0.
func (p *pendingTxs) next(address []byte, height int64) uint64 {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.height != height {
		return 0
	}
	if s, ok := p.signers[string(address)]; ok {
		return s.next
	}
	return 0
}
