package app

import (
	"crypto/sha256"
	"sync"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/store"
)

// verifiedTxs remembers the hashes of transactions whose signature this node
// verified in CheckTx, so that FinalizeBlock does not verify them again. It is
// bounded: the oldest entry is forgotten first, which only costs a second
// verification.
type verifiedTxs struct {
	set  map[[sha256.Size]byte]struct{}
	ring [][sha256.Size]byte
	next int
}

func newVerifiedTxs(capacity int) *verifiedTxs {
	return &verifiedTxs{set: make(map[[sha256.Size]byte]struct{}, capacity), ring: make([][sha256.Size]byte, capacity)}
}

func (v *verifiedTxs) add(hash [sha256.Size]byte) {
	if _, ok := v.set[hash]; ok {
		return
	}
	delete(v.set, v.ring[v.next])
	v.ring[v.next] = hash
	v.set[hash] = struct{}{}
	v.next = (v.next + 1) % len(v.ring)
}

// take reports whether hash was verified, and forgets it: a transaction is
// executed once.
func (v *verifiedTxs) take(hash [sha256.Size]byte) bool {
	_, ok := v.set[hash]
	delete(v.set, hash)
	return ok
}

// PreVerify verifies the signatures of a block's transactions before
// FinalizeBlock and remembers those that verify, as CheckTx does:
// VerifyAhead, then Remember.
func (app *App) PreVerify(txs [][]byte, workers int) {
	app.Remember(app.VerifyAhead(txs, workers))
}

// Verified lists transactions whose signatures VerifyAhead verified.
type Verified [][sha256.Size]byte

// Remember marks transactions as verified, as CheckTx does, so that
// FinalizeBlock does not verify them again; called where FinalizeBlock is
// (CometBFT's mutex held, or the replay's one goroutine), just before the
// block that holds them.
func (app *App) Remember(v Verified) {
	for _, hash := range v {
		app.verified.add(hash)
	}
}

// verifyBatch is how many signatures one batch verification checks: the
// batch verifier is about twice as fast as one by one from a few dozen.
const verifyBatch = 64

// VerifyAhead verifies the signatures of a block's transactions, in batches
// on workers goroutines, each against its signer's key in the last committed
// state, read through the queries' read-only tree: it may run beside
// FinalizeBlock and Commit, so the audit replay verifies the transactions of
// later blocks on another core while earlier ones execute. It returns those
// that verify, for Remember; FinalizeBlock verifies the others itself (a key
// registered in a block not committed yet, a bad signature), so every
// signature is still verified. An address is the hash of its key, so a
// signature verified against a key of an earlier state stays verified
// whatever later blocks do to the key's record. The batch verifier reports
// each signature's validity under the same rules (ZIP-215) as one by one.
func (app *App) VerifyAhead(txs [][]byte, workers int) (verified Verified) {
	defer func() {
		if recover() != nil {
			verified = nil // a state that cannot be read: FinalizeBlock verifies, and halts on it
		}
	}()
	view, _, err := app.versionAt(0)
	if err != nil {
		return nil // nothing committed: FinalizeBlock verifies every signature
	}
	committed := store.NewVersion(view)
	type job struct {
		tx     *envelope.Decoded
		pubKey []byte
	}
	jobs := make([]job, 0, len(txs))
	for _, bz := range txs {
		tx, err := envelope.Decode(bz)
		if err != nil {
			continue
		}
		if key, ok := app.registry.Key(committed, tx.Body.Signer); ok && len(key.PubKey) == ed25519.PubKeySize {
			jobs = append(jobs, job{tx, key.PubKey})
		}
	}
	valid := make([]bool, len(jobs))
	batches := (len(jobs) + verifyBatch - 1) / verifyBatch
	var wg sync.WaitGroup
	for w := 0; w < min(max(1, workers), batches); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for b := w; b < batches; b += max(1, workers) {
				start, end := b*verifyBatch, min(len(jobs), (b+1)*verifyBatch)
				bv := ed25519.NewBatchVerifier()
				for _, j := range jobs[start:end] {
					if err := bv.Add(ed25519.PubKey(j.pubKey), j.tx.BodyBytes, j.tx.Signature); err != nil {
						// A malformed signature fails the whole batch: one by one.
						bv = nil
						break
					}
				}
				if bv != nil {
					if _, ok := bv.Verify(); len(ok) == end-start {
						copy(valid[start:end], ok)
						continue
					}
				}
				for i := start; i < end; i++ {
					valid[i] = jobs[i].tx.VerifySignature(jobs[i].pubKey) == nil
				}
			}
		}(w)
	}
	wg.Wait()
	for i, j := range jobs {
		if valid[i] {
			verified = append(verified, j.tx.Hash)
		}
	}
	return verified
}
