package node

import (
	"errors"
	"fmt"

	cmtcfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"

	"github.com/kpledger/kpledger/app"
)

// ErrDamagedStorage marks a node home whose stores cannot be read or
// contradict each other: the node refuses to start on it.
var ErrDamagedStorage = errors.New("damaged storage")

// recovery is what an operator does about damaged storage.
const recovery = "this node cannot start on it: run `kpd comet unsafe-reset-all --home %s` and start it again " +
	"to block-sync the chain from its peers, or restore data/ from a backup"

// StoreHeights are the heights a node's three stores say it reached.
type StoreHeights struct {
	// BlockBase and Blocks are the first and last block of the block store.
	BlockBase, Blocks int64
	// State is the last block CometBFT's state (state.db) records as applied.
	State int64
	// App is the application tree's last saved version.
	App int64
}

// CheckStorage reads the block store, CometBFT's state and the app's tree
// of a stopped node before CometBFT opens them, so that a damaged store
// stops the node with an error naming it and the heights, not with a panic
// in CometBFT's handshake: the block store must be readable up to its top
// and hold every block the state applied (at most one more), the app may
// not be ahead of the blocks, and every key and value of the app's last
// version must read.
func CheckStorage(home string, conf *cmtcfg.Config, a *app.App) (StoreHeights, error) {
	var hs StoreHeights
	fail := func(format string, args ...any) (StoreHeights, error) {
		return hs, fmt.Errorf("%w: %s; "+recovery, ErrDamagedStorage, fmt.Sprintf(format, args...), home)
	}
	hs.App, _ = a.LastCommit()
	if err := readAll(a, hs.App); err != nil {
		return fail("%v (%s/application.db)", err, conf.DBDir())
	}
	blockDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "blockstore", Config: conf})
	if err != nil {
		return fail("open the block store: %v", err)
	}
	defer blockDB.Close()
	stateDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: conf})
	if err != nil {
		return fail("open CometBFT's state: %v", err)
	}
	defer stateDB.Close()
	var topErr error
	func() {
		defer func() {
			if r := recover(); r != nil {
				topErr = fmt.Errorf("%v", r)
			}
		}()
		blocks := cmtstore.NewBlockStore(blockDB)
		hs.BlockBase, hs.Blocks = blocks.Base(), blocks.Height()
		if hs.Blocks == 0 {
			return
		}
		// What CometBFT reads of the last block to go on from it.
		if block, _ := blocks.LoadBlock(hs.Blocks); block == nil {
			topErr = fmt.Errorf("block %d, the last one, is missing", hs.Blocks)
		} else if blocks.LoadSeenCommit(hs.Blocks) == nil && blocks.LoadBlockCommit(hs.Blocks) == nil {
			topErr = fmt.Errorf("the commit of block %d, the last one, is missing", hs.Blocks)
		}
	}()
	if topErr != nil {
		return fail("the block store (%s/blockstore.db) cannot be read: %v", conf.DBDir(), topErr)
	}
	state, err := sm.NewStore(stateDB, sm.StoreOptions{}).Load()
	if err != nil {
		return fail("CometBFT's state (%s/state.db) cannot be read: %v", conf.DBDir(), err)
	}
	hs.State = state.LastBlockHeight
	switch {
	case hs.Blocks < hs.State:
		return fail("the block store (%s/blockstore.db) ends at height %d but CometBFT's state applied blocks up to %d: blocks %d to %d are gone",
			conf.DBDir(), hs.Blocks, hs.State, hs.Blocks+1, hs.State)
	case hs.Blocks < hs.App:
		return fail("the block store (%s/blockstore.db) ends at height %d but the application state is at height %d: blocks %d to %d are gone",
			conf.DBDir(), hs.Blocks, hs.App, hs.Blocks+1, hs.App)
	case hs.Blocks > hs.State+1:
		return fail("CometBFT's state (%s/state.db) records blocks up to height %d but the block store holds blocks up to %d: the state of heights %d to %d is gone",
			conf.DBDir(), hs.State, hs.Blocks, hs.State+1, hs.Blocks)
	}
	return hs, nil
}

// readAll reads every key and value of the app's state at height (a
// corrupted node or value fails its database's checksum, or its decoding).
func readAll(a *app.App, height int64) (err error) {
	if height == 0 {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return a.Walk(height, func(_, _ []byte) bool { return true })
}
