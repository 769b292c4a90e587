package store

import (
	"bytes"
	"sort"
)

// Buffer collects writes above a parent store. Reads see the buffer first, then
// the parent. Nothing reaches the parent until Write.
type Buffer struct {
	parent KVStore
	writes map[string]pending
}

type pending struct {
	value   []byte
	deleted bool
}

// NewBuffer returns an empty buffer above parent.
func NewBuffer(parent KVStore) *Buffer {
	return &Buffer{parent: parent, writes: make(map[string]pending)}
}

func (b *Buffer) Get(key []byte) []byte {
	if p, ok := b.writes[string(key)]; ok {
		if p.deleted {
			return nil
		}
		return p.value
	}
	return b.parent.Get(key)
}

func (b *Buffer) Has(key []byte) bool {
	if p, ok := b.writes[string(key)]; ok {
		return !p.deleted
	}
	return b.parent.Has(key)
}

func (b *Buffer) Set(key, value []byte) {
	if value == nil {
		value = []byte{}
	}
	b.writes[string(key)] = pending{value: bytes.Clone(value)}
}

func (b *Buffer) Delete(key []byte) {
	b.writes[string(key)] = pending{deleted: true}
}

// Len is the number of keys written or deleted.
func (b *Buffer) Len() int { return len(b.writes) }

// Write applies the buffered writes to the parent in ascending key order and
// empties the buffer.
func (b *Buffer) Write() {
	for _, k := range b.sortedKeys(nil, nil) {
		p := b.writes[k]
		if p.deleted {
			b.parent.Delete([]byte(k))
		} else {
			b.parent.Set([]byte(k), p.value)
		}
	}
	clear(b.writes)
}

// Discard drops the buffered writes.
func (b *Buffer) Discard() { clear(b.writes) }

func (b *Buffer) sortedKeys(start, end []byte) []string {
	keys := make([]string, 0, len(b.writes))
	for k := range b.writes {
		if inRange([]byte(k), start, end) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func inRange(key, start, end []byte) bool {
	return (start == nil || bytes.Compare(key, start) >= 0) && (end == nil || bytes.Compare(key, end) < 0)
}

func (b *Buffer) Iterator(start, end []byte) Iterator {
	return b.merge(start, end, true)
}

func (b *Buffer) ReverseIterator(start, end []byte) Iterator {
	return b.merge(start, end, false)
}

func (b *Buffer) merge(start, end []byte, ascending bool) Iterator {
	keys := b.sortedKeys(start, end)
	var parent Iterator
	if ascending {
		parent = b.parent.Iterator(start, end)
	} else {
		parent = b.parent.ReverseIterator(start, end)
		for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
			keys[i], keys[j] = keys[j], keys[i]
		}
	}
	it := &mergeIterator{parent: parent, keys: keys, writes: b.writes, ascending: ascending}
	it.settle()
	return it
}

// mergeIterator walks the parent's keys and the buffer's keys together; a
// buffered key shadows the parent's, and a buffered deletion hides it.
type mergeIterator struct {
	parent    Iterator
	keys      []string
	writes    map[string]pending
	ascending bool

	key, value []byte
	valid      bool
}

// before reports whether a comes before b in the walking order.
func (it *mergeIterator) before(a, b []byte) bool {
	c := bytes.Compare(a, b)
	if it.ascending {
		return c < 0
	}
	return c > 0
}

// settle positions the iterator on the next visible entry.
func (it *mergeIterator) settle() {
	for {
		hasParent, hasBuffer := it.parent.Valid(), len(it.keys) > 0
		switch {
		case !hasParent && !hasBuffer:
			it.valid = false
			return
		case hasParent && (!hasBuffer || it.before(it.parent.Key(), []byte(it.keys[0]))):
			it.key, it.value, it.valid = it.parent.Key(), it.parent.Value(), true
			return
		default:
			k := it.keys[0]
			if hasParent && bytes.Equal(it.parent.Key(), []byte(k)) {
				it.parent.Next() // shadowed by the buffer
			}
			p := it.writes[k]
			if p.deleted {
				it.keys = it.keys[1:]
				continue
			}
			it.key, it.value, it.valid = []byte(k), p.value, true
			return
		}
	}
}

func (it *mergeIterator) Valid() bool   { return it.valid }
func (it *mergeIterator) Key() []byte   { return it.key }
func (it *mergeIterator) Value() []byte { return it.value }
func (it *mergeIterator) Close() error  { return it.parent.Close() }

func (it *mergeIterator) Next() {
	if !it.valid {
		return
	}
	if len(it.keys) > 0 && bytes.Equal(it.key, []byte(it.keys[0])) {
		it.keys = it.keys[1:]
	} else {
		it.parent.Next()
	}
	it.settle()
}
