package app

import (
	"fmt"

	"github.com/cometbft/cometbft/libs/log"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
)

// CommittedHeight is the height of the last saved version; unlike LastCommit
// it may be called beside the block work (metrics).
func (app *App) CommittedHeight() int64 { return app.committed.Load() }

// StateGauges returns every module's gauges (module.Gauger) of the state at
// the last saved height, read from a read-only tree of its own: it may run
// beside the block work and never holds CometBFT's lock on the app.
func (app *App) StateGauges() (height int64, gauges []module.Gauge, err error) {
	height = app.CommittedHeight()
	if height == 0 {
		return 0, nil, nil
	}
	view, done, err := readOnlyVersion(app.db, height, app.logger)
	if err != nil {
		return height, nil, err
	}
	defer done()
	defer func() {
		if r := recover(); r != nil { // pruned under the scan, or a failing database
			err = fmt.Errorf("state gauges at height %d: %v", height, r)
		}
	}()
	s := store.NewVersion(view)
	for _, m := range app.modules {
		if g, ok := m.(module.Gauger); ok {
			gauges = append(gauges, g.Gauges(s)...)
		}
	}
	return height, gauges, nil
}

// readOnlyVersion opens a saved version through a tree of its own over db,
// sharing no node with the tree the blocks are written to (reading the live
// tree while it commits is a data race). done releases it.
func readOnlyVersion(db dbm.DB, height int64, logger log.Logger) (*iavl.ImmutableTree, func(), error) {
	tree := iavl.NewMutableTree(iavldb.NewWrapper(db), 10_000, true, iavlLogger{logger})
	view, err := tree.GetImmutable(height)
	if err != nil {
		tree.Close()
		return nil, nil, fmt.Errorf("open version %d: %w", height, err)
	}
	return view, func() { tree.Close() }, nil
}
