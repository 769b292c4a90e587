package store

import "bytes"

// Prefix is a KVStore confined to the keys of parent that start with a prefix;
// the prefix is invisible to its user.
type Prefix struct {
	parent KVStore
	prefix []byte
}

// NewPrefix returns the view of parent under prefix.
func NewPrefix(parent KVStore, prefix []byte) *Prefix {
	return &Prefix{parent: parent, prefix: bytes.Clone(prefix)}
}

func (p *Prefix) key(k []byte) []byte {
	full := make([]byte, 0, len(p.prefix)+len(k))
	return append(append(full, p.prefix...), k...)
}

func (p *Prefix) Get(key []byte) []byte { return p.parent.Get(p.key(key)) }
func (p *Prefix) Has(key []byte) bool   { return p.parent.Has(p.key(key)) }
func (p *Prefix) Set(key, value []byte) { p.parent.Set(p.key(key), value) }
func (p *Prefix) Delete(key []byte)     { p.parent.Delete(p.key(key)) }
func (p *Prefix) bounds(start, end []byte) ([]byte, []byte) {
	s := p.key(start)
	if end == nil {
		return s, PrefixEnd(p.prefix)
	}
	return s, p.key(end)
}

func (p *Prefix) Iterator(start, end []byte) Iterator {
	s, e := p.bounds(start, end)
	return &prefixIterator{Iterator: p.parent.Iterator(s, e), strip: len(p.prefix)}
}

func (p *Prefix) ReverseIterator(start, end []byte) Iterator {
	s, e := p.bounds(start, end)
	return &prefixIterator{Iterator: p.parent.ReverseIterator(s, e), strip: len(p.prefix)}
}

type prefixIterator struct {
	Iterator
	strip int
}

func (it *prefixIterator) Key() []byte { return it.Iterator.Key()[it.strip:] }
