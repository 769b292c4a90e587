package app

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/core/store"
)

// RangeDigest is the sha256 of every key and value of one module's key range
// at a height: two states with equal digests hold the same data there.
type RangeDigest struct {
	Module string
	Digest [sha256.Size]byte
	Keys   int
}

// RangeDigests returns the digest of the app's own keys (0x00–0x0F: meta and
// sequences) and of each module's range at a saved height, so that an auditor
// can name the modules where two states differ.
func (app *App) RangeDigests(height int64) ([]RangeDigest, error) {
	view, _, err := app.versionAt(height)
	if err != nil {
		return nil, err
	}
	s := store.NewVersion(view)
	ranges := []struct {
		module     string
		start, end []byte
	}{{"app", []byte{0x00}, []byte{0x10}}}
	for _, m := range app.modules {
		ranges = append(ranges, struct {
			module     string
			start, end []byte
		}{m.Name(), []byte{m.StorePrefix()}, []byte{m.StorePrefix() + 1}})
	}
	out := make([]RangeDigest, 0, len(ranges))
	for _, r := range ranges {
		h := sha256.New()
		n := 0
		it := s.Iterator(r.start, r.end)
		for ; it.Valid(); it.Next() {
			var lengths [16]byte
			binary.BigEndian.PutUint64(lengths[:8], uint64(len(it.Key())))
			binary.BigEndian.PutUint64(lengths[8:], uint64(len(it.Value())))
			h.Write(lengths[:])
			h.Write(it.Key())
			h.Write(it.Value())
			n++
		}
		if err := it.Close(); err != nil {
			return nil, fmt.Errorf("%s range: %w", r.module, err)
		}
		d := RangeDigest{Module: r.module, Keys: n}
		copy(d.Digest[:], h.Sum(nil))
		out = append(out, d)
	}
	return out, nil
}

// AppHashAt returns the app hash saved at a height.
func (app *App) AppHashAt(height int64) ([]byte, error) {
	view, _, err := app.versionAt(height)
	if err != nil {
		return nil, err
	}
	return view.Hash(), nil
}

// Walk calls visit with every key and value of the state saved at a height,
// in key order, until visit returns false.
func (app *App) Walk(height int64, visit func(key, value []byte) bool) error {
	view, _, err := app.versionAt(height)
	if err != nil {
		return err
	}
	it := store.NewVersion(view).Iterator(nil, nil)
	for ; it.Valid() && visit(it.Key(), it.Value()); it.Next() {
	}
	return it.Close()
}
