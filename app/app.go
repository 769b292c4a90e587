package app

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/log"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Name is the application's name in Info.
const Name = "kpledger"

// Version is the software version reported by Info; set at build time.
var Version = "dev"

// Options configure an App.
type Options struct {
	// DB holds the IAVL tree; the App owns and closes it.
	DB dbm.DB
	// IAVLCacheSize is the number of tree nodes kept in memory.
	IAVLCacheSize int
	// KeepRecent, when positive, prunes versions older than the last KeepRecent
	// after each commit (app.toml pruning-keep-recent). Zero keeps every version.
	KeepRecent int64
	// NoSync writes each version without waiting for the disk: only for a
	// state that is thrown away (the audit replay's).
	NoSync bool
	// SignatureCacheSize bounds the verify-once cache (default 20000).
	SignatureCacheSize int
	Logger             log.Logger
}

// App is the kpledger ABCI application.
type App struct {
	abci.BaseApplication

	logger  log.Logger
	db      dbm.DB
	tree    *iavl.MutableTree
	options Options

	modules  []module.Module
	msgs     *module.MsgRouter
	queries  *module.QueryRouter
	registry Registry

	chainID string
	// clock gives each block its ledger time (module.Clock: block time, or
	// a test network's clock from genesis).
	clock module.Clock
	// validators is the app's copy of the validator set after the last block.
	validators []participanttypes.Validator

	// checkStore is the committed state CheckTx reads; pending holds each
	// signer's transactions in the mempool (sequences.go). CometBFT calls
	// every method but Query and Info under one mutex: IAVL's working tree
	// clears child pointers of saved nodes that readers of a saved version
	// follow, so CheckTx's view does not overlap a block.
	checkStore store.KVStore
	pending    *pendingTxs
	verified   *verifiedTxs
	retries    *retries
	closed     bool

	// Query and Info run beside block execution, without that mutex
	// (DESIGN §3): they read saved versions through reader, a second tree on
	// the same database that is never written and so shares no node with
	// the working tree, up to the height committed publishes once a version
	// is saved; the sequence query reads pending under its own lock.
	reader    *iavl.MutableTree
	committed atomic.Pointer[lastCommit]

	// halted is closed when the app met a failure it cannot go on after.
	halted  chan struct{}
	haltErr error
}

var _ abci.Application = (*App)(nil)

// lastCommit is the latest saved version: its height and app hash.
type lastCommit struct {
	height int64
	hash   []byte
}

// FastIndex is whether the state keeps IAVL's fast index (a copy of every
// live key → value beside the tree, for reads of the latest version in one
// database get). It does not: every write would be two, and the copy's
// random keys cost more in compactions than reads through the tree's
// cached nodes save (+10% to the app's rate in BenchmarkLifecycleBlocks,
// and less compaction work beside it). Reads and iterators walk the tree.
const FastIndex = false

// oneBatch is IAVL's flush threshold: no block writes a gigabyte.
const oneBatch = 1 << 30

// growingBatches gives IAVL batches that grow as they are written: IAVL asks
// for one preallocated at its flush threshold.
type growingBatches struct{ iavldb.DB }

func (d growingBatches) NewBatchWithSize(int) iavldb.Batch { return d.NewBatch() }

// New opens the application over opts.DB, at its latest saved version.
func New(opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = log.NewNopLogger()
	}
	if opts.IAVLCacheSize <= 0 {
		opts.IAVLCacheSize = 100_000
	}
	if opts.SignatureCacheSize <= 0 {
		opts.SignatureCacheSize = 20_000
	}
	// Pruning, when configured, runs in IAVL's background goroutine: it never
	// touches the working tree or the app hash, and a Commit does not wait for
	// the first pruning of a long archive. A version is written in one synced
	// batch (DESIGN §3): IAVL writes a version's root first and takes the
	// highest node key on disk for the latest version, so a version split
	// over several flushes and cut by a crash would load as a tree with
	// missing nodes. The flush threshold is above any block's writes, and
	// the batch grows as written instead of being preallocated at the
	// threshold (a 1 GiB allocation per Commit was 75% of the app's CPU).
	tree := iavl.NewMutableTree(growingBatches{iavldb.NewWrapper(opts.DB)}, opts.IAVLCacheSize, !FastIndex, iavlLogger{opts.Logger},
		iavl.SyncOption(!opts.NoSync), iavl.FlushThresholdOption(oneBatch), iavl.AsyncPruningOption(opts.KeepRecent > 0))
	if _, err := tree.Load(); err != nil {
		return nil, fmt.Errorf("load state: %w", err)
	}
	app := &App{
		logger:   opts.Logger,
		db:       opts.DB,
		tree:     tree,
		options:  opts,
		msgs:     module.NewMsgRouter(),
		queries:  module.NewQueryRouter(),
		pending:  newPendingTxs(),
		verified: newVerifiedTxs(opts.SignatureCacheSize),
		retries:  newRetries(),
		halted:   make(chan struct{}),
	}
	app.reader = newReader(opts)
	app.publishCommit()
	app.modules, app.registry = newModules()
	for _, m := range app.modules {
		m.Register(app.msgs, app.queries)
	}
	if tree.Version() > 0 {
		committed := store.NewTree(tree)
		app.chainID = string(committed.Get(chainIDKey))
		app.clock = module.DecodeClock(committed.Get(module.ClockKey))
		if v := decodeUint32(committed.Get(schemaVersionKey)); v != SchemaVersion {
			return nil, fmt.Errorf("state schema version %d, this binary reads %d", v, SchemaVersion)
		}
		app.validators = app.registry.ActiveValidators(committed)
	}
	app.resetCheckState()
	return app, nil
}

// newReader opens the read-only tree of queries over the state's database.
func newReader(opts Options) *iavl.MutableTree {
	return iavl.NewMutableTree(iavldb.NewWrapper(opts.DB), opts.IAVLCacheSize, !FastIndex, iavlLogger{opts.Logger})
}

// publishCommit makes the working tree's last saved version the one queries
// read as the latest; called with CometBFT's mutex held.
func (app *App) publishCommit() {
	if v := app.tree.Version(); v > 0 {
		app.committed.Store(&lastCommit{height: v, hash: app.tree.Hash()})
		return
	}
	app.committed.Store(&lastCommit{})
}

// NewInMemory returns an App over a memory database (tests, replay).
func NewInMemory(opts Options) (*App, error) {
	opts.DB = dbm.NewMemDB()
	return New(opts)
}

// Close closes the tree's database; CometBFT must be stopped first. Closing
// twice is harmless.
func (app *App) Close() error {
	if app.closed {
		return nil
	}
	app.closed = true
	return errors.Join(app.reader.Close(), app.tree.Close(), app.db.Close())
}

// Halted is closed when the app met a failure it cannot go on after — a
// failing database, a broken invariant, a block at an unexpected height. The
// node must then stop: CometBFT's consensus has already halted.
func (app *App) Halted() <-chan struct{} { return app.halted }

// HaltError is the failure that closed Halted.
func (app *App) HaltError() error { return app.haltErr }

func (app *App) halt(err error) error {
	if app.haltErr == nil {
		app.haltErr = err
		close(app.halted)
	}
	return err
}

// haltOnPanic records a panic of a consensus call as a halt, then lets it go on
// to CometBFT.
func (app *App) haltOnPanic(call string) {
	if r := recover(); r != nil {
		app.halt(fmt.Errorf("%s: %v", call, r))
		panic(r)
	}
}

// Modules lists the modules in the order their work runs.
func (app *App) Modules() []module.Module { return app.modules }

// MsgRouter gives the registered message routes (CLI, tests).
func (app *App) MsgRouter() *module.MsgRouter { return app.msgs }

// QueryPaths lists every query path the app answers: the modules' in
// registration order, then the app's own.
func (app *App) QueryPaths() []string {
	return append(app.queries.Paths(), envelope.SequencePath, module.StoreKeyPath)
}

// LastCommit returns the height and app hash of the last saved version (0
// and nil before the first). Safe beside block execution.
func (app *App) LastCommit() (int64, []byte) {
	last := app.committed.Load()
	return last.height, last.hash
}

// Info is called by CometBFT at start (handshake) and for /abci_info, on the
// query connection (beside block execution), to learn where the app is;
// height and hash come from the tree, the one source of truth.
func (app *App) Info(context.Context, *abci.InfoRequest) (*abci.InfoResponse, error) {
	height, hash := app.LastCommit()
	return &abci.InfoResponse{
		Data:             Name,
		Version:          Version,
		AppVersion:       AppVersion,
		LastBlockHeight:  height,
		LastBlockAppHash: hash,
	}, nil
}

// Commit is called after FinalizeBlock once the block is stored; it saves the
// tree's working version, synced to disk, and resets the mempool's view.
func (app *App) Commit(context.Context, *abci.CommitRequest) (*abci.CommitResponse, error) {
	defer app.haltOnPanic("Commit")
	_, version, err := app.tree.SaveVersion()
	if err != nil {
		return nil, app.halt(fmt.Errorf("save version: %w", err))
	}
	if keep := app.options.KeepRecent; keep > 0 && version > keep {
		if err := app.tree.DeleteVersionsTo(version - keep); err != nil {
			return nil, app.halt(fmt.Errorf("prune to %d: %w", version-keep, err))
		}
	}
	app.resetCheckState()
	app.retries.committed()
	return &abci.CommitResponse{}, nil
}

// resetCheckState points CheckTx at the last saved version (or, before the
// first commit, at the genesis state) and starts a new view of pending
// transactions: CometBFT rechecks what is left in the mempool right after.
// Queries see the new version from here on, and pending sequences counted
// from it.
func (app *App) resetCheckState() {
	app.pending.mu.Lock()
	app.pending.reset(app.tree.Version())
	app.publishCommit()
	app.pending.mu.Unlock()
	if v := app.tree.Version(); v > 0 {
		committed, err := app.tree.GetImmutable(v)
		if err != nil {
			panic(store.Failure{Err: err})
		}
		app.checkStore = store.NewVersion(committed)
		return
	}
	app.checkStore = store.NewTree(app.tree)
}

// sequence returns a signer's next sequence in s.
func sequence(s store.KVStore, signer []byte) uint64 { return decodeUint64(s.Get(SequenceKey(signer))) }

func decodeUint32(bz []byte) uint32 {
	if len(bz) != 4 {
		return 0
	}
	return uint32(bz[0])<<24 | uint32(bz[1])<<16 | uint32(bz[2])<<8 | uint32(bz[3])
}

// iavlLogger adapts CometBFT's logger to IAVL's.
type iavlLogger struct{ log.Logger }

func (l iavlLogger) Warn(msg string, keyVals ...any) { l.Logger.Error(msg, keyVals...) }

// HasVersion reports whether the state of a height is still kept.
func (app *App) HasVersion(height int64) bool { return height > 0 && app.tree.VersionExists(height) }

// Rollback discards every saved version above height, so that the app agrees
// with a CometBFT state rolled back to height (`kpd comet rollback`).
func (app *App) Rollback(height int64) error {
	if height < 1 || height > app.tree.Version() {
		return fmt.Errorf("cannot roll the state back to height %d (latest %d)", height, app.tree.Version())
	}
	if err := app.tree.LoadVersionForOverwriting(height); err != nil {
		return fmt.Errorf("roll back to %d: %w", height, err)
	}
	committed := store.NewTree(app.tree)
	app.validators = app.registry.ActiveValidators(committed)
	// Versions above height will be written again: no cached node of them
	// may be read back.
	if err := app.reader.Close(); err != nil {
		return err
	}
	app.reader = newReader(app.options)
	app.resetCheckState()
	return nil
}
