package app

import (
	"crypto/sha256"
	"sync"

	"github.com/kpledger/kpledger/core/envelope"
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

// PreVerify verifies the signatures of a block's transactions on workers
// goroutines before FinalizeBlock, each against its signer's key in the
// committed state, and remembers those that verify, as CheckTx does:
// FinalizeBlock verifies the others itself (a key registered earlier in the
// same block, a bad signature). The audit replay calls it so that every
// signature is still verified, on every core. An address is the hash of
// its key, so a signature verified here stays verified whatever the block
// does to the key's record.
func (app *App) PreVerify(txs [][]byte, workers int) {
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
		if key, ok := app.registry.Key(app.checkStore, tx.Body.Signer); ok {
			jobs = append(jobs, job{tx, key.PubKey})
		}
	}
	valid := make([]bool, len(jobs))
	var wg sync.WaitGroup
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(jobs); i += max(1, workers) {
				valid[i] = jobs[i].tx.VerifySignature(jobs[i].pubKey) == nil
			}
		}(w)
	}
	wg.Wait()
	for i, j := range jobs {
		if valid[i] {
			app.verified.add(j.tx.Hash)
		}
	}
}
