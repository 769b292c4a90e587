package node

import (
	dbm "github.com/cosmos/cosmos-db"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// goleveldb settings of the application state. A transaction reads keys
// that are not there (a new certificate number, an origin without embargo):
// bloom filters answer those from memory; the block cache and write buffer
// keep a year's hot certificates and indexes off the disk. With the
// defaults (8 MB cache, no filter) the app ran at 60% of this speed with
// 200,000 transactions in state (BenchmarkLifecycleBlocks).
var stateDBOptions = opt.Options{
	BlockCacheCapacity: 64 << 20,
	WriteBuffer:        32 << 20,
	Filter:             filter.NewBloomFilter(10),
}

// OpenStateDB opens (or creates) the application state database name.db
// in dir: goleveldb with the settings above, or pebbledb with cosmos-db's.
func OpenStateDB(name, backend, dir string) (dbm.DB, error) {
	if backend == string(dbm.GoLevelDBBackend) {
		o := stateDBOptions
		return dbm.NewGoLevelDBWithOpts(name, dir, &o)
	}
	return dbm.NewDB(name, dbm.BackendType(backend), dir)
}
