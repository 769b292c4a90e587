package store

import (
	"bytes"
	"fmt"
)

// KVStore is ordered key-value access. Keys and values handed to Set are copied
// by the implementation or never modified afterwards by the caller; values that
// Get and iterators return are read-only.
type KVStore interface {
	Get(key []byte) []byte
	Has(key []byte) bool
	Set(key, value []byte)
	Delete(key []byte)
	// Iterator walks [start, end) in ascending order; nil bounds are open.
	Iterator(start, end []byte) Iterator
	// ReverseIterator walks [start, end) in descending order.
	ReverseIterator(start, end []byte) Iterator
}

// Iterator is the cursor of KVStore.Iterator; Close must be called.
type Iterator interface {
	Valid() bool
	Next()
	Key() []byte
	Value() []byte
	Close() error
}

// Present is the value of a key whose presence is its meaning (an index
// entry): one byte, never empty, so that ICS23 can prove any key's absence.
var Present = []byte{1}

// Failure is the panic value of a failing database underneath a store.
type Failure struct{ Err error }

func (f Failure) Error() string { return "store failure: " + f.Err.Error() }

func must(err error) {
	if err != nil {
		panic(Failure{Err: err})
	}
}

// PrefixEnd returns the smallest key greater than every key starting with
// prefix, or nil when there is none (prefix all 0xFF).
func PrefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// readOnly panics on writes: used for views of committed versions.
func readOnly(op string) {
	panic(fmt.Sprintf("store: %s on a read-only view", op))
}
