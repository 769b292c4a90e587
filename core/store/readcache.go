package store

// ReadCache is a KVStore that remembers the values read and written through
// it, so that a key read again in the same block (a signer's key and
// sequence, a participant, the parameters, a quarter's trade) is one map
// lookup instead of a walk down the tree. Every write goes through to the
// parent at once and in the same order, so the parent (the IAVL tree, whose
// shape and hash depend on the order of writes) sees exactly the writes it
// would without the cache; iterators read the parent. It is for one block's
// execution, the only writer of its parent meanwhile: a write to the parent
// that does not pass through the cache would leave it stale.
type ReadCache struct {
	parent KVStore
	// values maps a key to its value, nil when the key is absent.
	values map[string][]byte
}

// NewReadCache returns an empty read cache over parent.
func NewReadCache(parent KVStore) *ReadCache {
	return &ReadCache{parent: parent, values: map[string][]byte{}}
}

func (c *ReadCache) Get(key []byte) []byte {
	if v, ok := c.values[string(key)]; ok {
		return v
	}
	v := c.parent.Get(key)
	c.values[string(key)] = v
	return v
}

func (c *ReadCache) Has(key []byte) bool { return c.Get(key) != nil }

func (c *ReadCache) Set(key, value []byte) {
	c.parent.Set(key, value)
	c.values[string(key)] = value
}

func (c *ReadCache) Delete(key []byte) {
	c.parent.Delete(key)
	c.values[string(key)] = nil
}

func (c *ReadCache) Iterator(start, end []byte) Iterator { return c.parent.Iterator(start, end) }

func (c *ReadCache) ReverseIterator(start, end []byte) Iterator {
	return c.parent.ReverseIterator(start, end)
}
