package node

import (
	abcicli "github.com/cometbft/cometbft/abci/client"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtsync "github.com/cometbft/cometbft/libs/sync"
	"github.com/cometbft/cometbft/proxy"
)

// ConcurrentQueries gives CometBFT its connections to a kpledger app:
// consensus, mempool and snapshot calls share one mutex, as
// proxy.NewLocalClientCreator's do, while the query connection (Query, Info,
// Echo) takes none. The app answers those from a read-only tree beside block
// execution (app.Query), so no query waits for a block and no block waits for
// a query: with one mutex for all, two clients sending slow listings to each
// of two validators held commits back from 1.2 s to 21 s (D4 of the
// reliability review).
func ConcurrentQueries(app abci.Application) proxy.ClientCreator {
	return &concurrentQueries{mtx: new(cmtsync.Mutex), app: app}
}

type concurrentQueries struct {
	mtx *cmtsync.Mutex
	app abci.Application
}

func (c *concurrentQueries) NewABCIConsensusClient() (abcicli.Client, error) {
	return abcicli.NewLocalClient(c.mtx, c.app), nil
}

func (c *concurrentQueries) NewABCIMempoolClient() (abcicli.Client, error) {
	return abcicli.NewLocalClient(c.mtx, c.app), nil
}

func (c *concurrentQueries) NewABCISnapshotClient() (abcicli.Client, error) {
	return abcicli.NewLocalClient(c.mtx, c.app), nil
}

func (c *concurrentQueries) NewABCIQueryClient() (abcicli.Client, error) {
	return abcicli.NewUnsyncLocalClient(c.app), nil
}
