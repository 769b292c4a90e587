package app

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"

	"github.com/cosmos/iavl"
)

// RangeDigest is the sha256 of every key and value of one module's key range
// at a height: two states with equal digests hold the same data there.
type RangeDigest struct {
	Module string
	Digest [sha256.Size]byte
	Keys   int
}

// ErrUnreadableState is returned when a saved version of the state cannot be
// read through: IAVL's iterator stops silently at a node it cannot load (a
// database checksum or decoding failure), so a read that visits fewer keys
// than the version's root counts is damage, not the end of the data.
var ErrUnreadableState = errors.New("the application state cannot be read")

// RangeDigests returns the digest of the app's own keys (0x00–0x0F: meta and
// sequences) and of each module's range at a saved height, so that an auditor
// can name the modules where two states differ. A state that cannot be read
// through gives ErrUnreadableState naming the range where reading stopped.
func (app *App) RangeDigests(height int64) ([]RangeDigest, error) {
	view, height, err := app.versionAt(height)
	if err != nil {
		return nil, err
	}
	type keyRange struct {
		module     string
		start, end byte
	}
	ranges := []keyRange{{"app", 0x00, 0x10}}
	for _, m := range app.modules {
		ranges = append(ranges, keyRange{m.Name(), m.StorePrefix(), m.StorePrefix() + 1})
	}
	hashes := make([]hash.Hash, len(ranges))
	out := make([]RangeDigest, len(ranges))
	for i, r := range ranges {
		hashes[i], out[i].Module = sha256.New(), r.module
	}
	err = walkAll(view, height, func(key, value []byte) bool {
		for i, r := range ranges {
			if key[0] >= r.start && key[0] < r.end {
				var lengths [16]byte
				binary.BigEndian.PutUint64(lengths[:8], uint64(len(key)))
				binary.BigEndian.PutUint64(lengths[8:], uint64(len(value)))
				hashes[i].Write(lengths[:])
				hashes[i].Write(key)
				hashes[i].Write(value)
				out[i].Keys++
			}
		}
		return true
	}, func(key []byte) string {
		for _, r := range ranges {
			if len(key) > 0 && key[0] >= r.start && key[0] < r.end {
				return r.module
			}
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		copy(out[i].Digest[:], hashes[i].Sum(nil))
	}
	return out, nil
}

// walkAll visits every key of a version in order until visit returns false,
// and fails with ErrUnreadableState when the read ends before the version's
// size; rangeOf names the key range of a key, for the error.
func walkAll(view *iavl.ImmutableTree, height int64, visit func(key, value []byte) bool, rangeOf func(key []byte) string) (err error) {
	var read int64
	var last []byte
	defer func() {
		if r := recover(); r != nil {
			err = unreadable(height, read, view.Size(), last, rangeOf, fmt.Errorf("%v", r))
		}
	}()
	it, err := view.Iterator(nil, nil, true)
	if err != nil {
		return unreadable(height, 0, view.Size(), nil, rangeOf, err)
	}
	stopped := false
	for ; it.Valid(); it.Next() {
		read++
		last = append(last[:0], it.Key()...)
		if !visit(it.Key(), it.Value()) {
			stopped = true
			break
		}
	}
	if err := it.Close(); err != nil {
		return unreadable(height, read, view.Size(), last, rangeOf, err)
	}
	if !stopped && read != view.Size() {
		return unreadable(height, read, view.Size(), last, rangeOf, nil)
	}
	return nil
}

func unreadable(height, read, size int64, last []byte, rangeOf func([]byte) string, cause error) error {
	where := "before its first key"
	if last != nil {
		where = fmt.Sprintf("after key %X", last)
		if m := rangeOf(last); m != "" {
			where += fmt.Sprintf(" (in the %s key range)", m)
		}
	}
	err := fmt.Errorf("%w at height %d: %d of its %d keys read, reading stopped %s", ErrUnreadableState, height, read, size, where)
	if cause != nil {
		err = fmt.Errorf("%w: %v", err, cause)
	}
	return err
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
// in key order, until visit returns false; a state that cannot be read
// through gives ErrUnreadableState.
func (app *App) Walk(height int64, visit func(key, value []byte) bool) error {
	view, height, err := app.versionAt(height)
	if err != nil {
		return err
	}
	return walkAll(view, height, visit, func([]byte) string { return "" })
}
