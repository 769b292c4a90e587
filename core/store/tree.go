package store

import (
	"fmt"

	"github.com/cosmos/iavl"
)

// Tree is a KVStore over an IAVL tree's working version.
type Tree struct {
	tree *iavl.MutableTree
}

// NewTree returns a writable view of the tree's working version.
func NewTree(tree *iavl.MutableTree) *Tree { return &Tree{tree: tree} }

func (s *Tree) Get(key []byte) []byte {
	v, err := s.tree.Get(key)
	must(err)
	return v
}

func (s *Tree) Has(key []byte) bool {
	ok, err := s.tree.Has(key)
	must(err)
	return ok
}

// Set writes a value, which is never empty: ICS23 cannot prove a key absent
// next to an empty-valued leaf (cosmos/ics23 issue 134), so a key whose
// presence is its meaning holds Present. An empty value is a programming
// error, and a Failure.
func (s *Tree) Set(key, value []byte) {
	if len(value) == 0 {
		panic(Failure{Err: fmt.Errorf("empty value at key %X: write store.Present for a key whose presence is its meaning", key)})
	}
	_, err := s.tree.Set(key, value)
	must(err)
}

func (s *Tree) Delete(key []byte) {
	_, _, err := s.tree.Remove(key)
	must(err)
}

func (s *Tree) Iterator(start, end []byte) Iterator {
	it, err := s.tree.Iterator(start, end, true)
	must(err)
	return it
}

func (s *Tree) ReverseIterator(start, end []byte) Iterator {
	it, err := s.tree.Iterator(start, end, false)
	must(err)
	return it
}

// Version is a read-only KVStore over one saved version of the tree.
type Version struct {
	tree *iavl.ImmutableTree
}

// NewVersion returns a read-only view of a saved version.
func NewVersion(tree *iavl.ImmutableTree) *Version { return &Version{tree: tree} }

func (s *Version) Get(key []byte) []byte {
	v, err := s.tree.Get(key)
	must(err)
	return v
}

func (s *Version) Has(key []byte) bool {
	ok, err := s.tree.Has(key)
	must(err)
	return ok
}

func (s *Version) Set(_, _ []byte) { readOnly("Set") }
func (s *Version) Delete(_ []byte) { readOnly("Delete") }

func (s *Version) Iterator(start, end []byte) Iterator {
	it, err := s.tree.Iterator(start, end, true)
	must(err)
	return it
}

func (s *Version) ReverseIterator(start, end []byte) Iterator {
	it, err := s.tree.Iterator(start, end, false)
	must(err)
	return it
}
