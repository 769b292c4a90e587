package app

import "crypto/sha256"

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
