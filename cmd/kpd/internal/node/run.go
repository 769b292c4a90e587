package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtflags "github.com/cometbft/cometbft/libs/cli/flags"
	"github.com/cometbft/cometbft/libs/log"
	mempl "github.com/cometbft/cometbft/mempool"
	cmtnode "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kpledger/kpledger/app"
)

// Logger returns CometBFT's logger at a level ("info", or per module
// "consensus:debug,*:info") in plain or JSON format.
func Logger(out io.Writer, level, format string) (log.Logger, error) {
	logger := log.NewTMLogger(log.NewSyncWriter(out))
	if format == cmtcfg.LogFormatJSON {
		logger = log.NewTMJSONLogger(log.NewSyncWriter(out))
	} else if format != "" && format != cmtcfg.LogFormatPlain {
		return nil, fmt.Errorf("log format %q: plain or json", format)
	}
	return cmtflags.ParseLogLevel(level, logger, cmtcfg.DefaultLogLevel)
}

// OpenApp opens the application state of a node home, in CometBFT's data
// directory (config.toml's db_dir).
func OpenApp(home string, logger log.Logger) (*app.App, error) { return openApp(home, logger, 0) }

func openApp(home string, logger log.Logger, haltHeight int64) (*app.App, error) {
	comet, err := LoadCometConfig(home)
	if err != nil {
		return nil, err
	}
	conf, err := LoadAppConfig(home)
	if err != nil {
		return nil, err
	}
	db, err := OpenStateDB("application", conf.DBBackend, comet.DBDir())
	if err != nil {
		return nil, fmt.Errorf("open application database: %w", err)
	}
	a, err := newApp(app.Options{
		DB: db, IAVLCacheSize: conf.IAVLCacheSize, KeepRecent: conf.PruningKeepRecent,
		SnapshotDir: filepath.Join(comet.DBDir(), "snapshots"), SnapshotInterval: conf.SnapshotInterval,
		HaltHeight: haltHeight,
		Logger:     logger,
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: the application state (%s/application.db) cannot be loaded: %v; "+recovery,
			ErrDamagedStorage, comet.DBDir(), err, home)
	}
	return a, nil
}

// newApp opens the app; the store panics on a node it cannot read while
// loading, which is returned as an error.
func newApp(opts app.Options) (a *app.App, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return app.New(opts)
}

// RunOptions are the benchmark's switches of Run; the zero value runs a
// kpledger node.
type RunOptions struct {
	// Kvstore runs CometBFT's kvstore example instead of kpledger, with the
	// same node settings: the reference of `kpd bench`.
	Kvstore bool
	// Timings wraps the app in TimedApp.
	Timings bool
	// HaltHeight stops the node after it commits that height (0: never).
	HaltHeight int64
}

// Run starts the node of a home and blocks until ctx is cancelled (SIGINT,
// SIGTERM) or the app halts, then stops CometBFT and closes the app's state.
func Run(ctx context.Context, home string, logger log.Logger, opts RunOptions) error {
	conf, err := LoadCometConfig(home)
	if err != nil {
		return err
	}
	switch dir := conf.StateSync.TempDir; {
	case dir == "":
		conf.StateSync.TempDir = filepath.Join(conf.RootDir, StateSyncTempDir)
	case !filepath.IsAbs(dir):
		conf.StateSync.TempDir = filepath.Join(conf.RootDir, dir)
	}
	if err := os.MkdirAll(conf.StateSync.TempDir, 0o700); err != nil {
		return fmt.Errorf("state sync's temp_dir: %w", err)
	}
	nodeKey, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return fmt.Errorf("node key: %w", err)
	}
	// With priv_validator_laddr the key is held by a remote signer (`kpd
	// signer`), which CometBFT waits for; there is no key file.
	var pv cmttypes.PrivValidator
	if conf.PrivValidatorListenAddr == "" {
		// privval.LoadFilePV exits the process on a missing file: look first.
		for _, f := range []string{conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()} {
			if _, err := os.Stat(f); err != nil {
				return fmt.Errorf("validator key: %w", err)
			}
		}
		pv = privval.LoadFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	} else {
		logger.Info("the validator key is held by a remote signer", "priv_validator_laddr", conf.PrivValidatorListenAddr)
	}
	var abciApp abci.Application
	var kp *app.App
	halted := make(<-chan struct{})
	haltErr := func() error { return nil }
	// app.toml's process settings apply to kvstore too: the bench's nodes
	// differ only by their app.
	appConf, err := LoadAppConfig(home)
	if err != nil {
		return err
	}
	debug.SetGCPercent(appConf.GCPercent)
	if opts.Kvstore {
		abciApp = kvstore.NewInMemoryApplication()
	} else {
		application, err := openApp(home, logger.With("module", "app"), opts.HaltHeight)
		if err != nil {
			return err
		}
		defer application.Close()
		if _, err := CheckStorage(home, conf, application); err != nil {
			return err
		}
		kp = application
		abciApp, halted, haltErr = application, application.Halted(), application.HaltError
		if conf.Instrumentation.IsPrometheusEnabled() {
			metrics := NewMetrics(prometheus.DefaultRegisterer)
			abciApp = metrics.Meter(application)
			watch, stopWatching := context.WithCancel(ctx)
			var watching sync.WaitGroup
			watching.Add(1)
			go func() {
				defer watching.Done()
				metrics.WatchState(watch, application, appConf.StateGaugesInterval.Duration, logger.With("module", "metrics"))
			}()
			// Deferred after application.Close: runs before it.
			defer watching.Wait()
			defer stopWatching()
		}
	}
	if opts.Timings {
		abciApp = &TimedApp{Application: abciApp}
	}

	clients := proxy.NewLocalClientCreator(abciApp)
	if kp != nil {
		clients = ConcurrentQueries(abciApp)
	}
	n, err := newNode(ctx, conf, pv, nodeKey, clients, logger)
	if err != nil {
		return fmt.Errorf("create node: %w", err)
	}
	if err := n.Start(); err != nil {
		return fmt.Errorf("start node: %w", err)
	}
	logger.Info("kpledger node started", "home", home, "node_id", nodeKey.ID(), "rpc", conf.RPC.ListenAddress)
	stopRetries := make(chan struct{})
	if kp != nil {
		go retryRefused(kp, n.Mempool(), stopRetries)
	}
	var stopErr error
	select {
	case <-ctx.Done():
		logger.Info("stopping kpledger node")
	case <-halted:
		if errors.Is(haltErr(), app.ErrHaltHeight) {
			logger.Info("stopping kpledger node: "+haltErr().Error()+"; replace the binary and start it again", "height", opts.HaltHeight)
			break
		}
		stopErr = fmt.Errorf("the application halted: %w", haltErr())
		logger.Error("stopping kpledger node: the application halted", "err", haltErr())
	}
	close(stopRetries)
	if err := n.Stop(); err != nil {
		logger.Error("stop node", "err", err)
	}
	n.Wait()
	return stopErr
}

// retryRefused hands the transactions the app refused for a reason a block
// may lift (a key registered in a block this node had not applied yet) back
// to the mempool after each commit, as if newly received: CometBFT gossips a
// transaction to a peer only once, so without this a lagging validator never
// holds it (app/retry.go).
func retryRefused(a *app.App, mempool mempl.Mempool, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-a.RetriesReady():
			for _, tx := range a.TakeRetries() {
				// A refusal again, a full mempool or a transaction already
				// there: nothing to do.
				_, _ = mempool.CheckTx(tx, "")
			}
		}
	}
}

// newNode creates CometBFT's node. Its handshake panics on stores that
// contradict each other (CheckStorage catches the known cases first): that
// panic is returned as an error naming the damaged storage.
func newNode(ctx context.Context, conf *cmtcfg.Config, pv cmttypes.PrivValidator, nodeKey *p2p.NodeKey,
	clients proxy.ClientCreator, logger log.Logger,
) (n *cmtnode.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("%w: CometBFT cannot open the node's stores: %v; "+recovery, ErrDamagedStorage, r, conf.RootDir)
		}
	}()
	return cmtnode.NewNode(ctx, conf, pv, nodeKey, clients,
		cmtnode.DefaultGenesisDocProviderFunc(conf),
		cmtcfg.DefaultDBProvider,
		cmtnode.DefaultMetricsProvider(conf.Instrumentation),
		logger,
	)
}
