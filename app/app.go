package app

import (
	"context"
	"encoding/binary"
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
	// SnapshotDir holds the state-sync snapshots this node takes every
	// SnapshotInterval heights (none when either is unset); see
	// snapshotformat.go. A node restores a snapshot without either.
	SnapshotDir      string
	SnapshotInterval int64
	// HaltHeight, when positive, stops the app after it commits that height
	// (Halted closes with ErrHaltHeight): the coordinated halt before a
	// state-breaking upgrade (`kpd start --halt-height`).
	HaltHeight int64
	Logger     log.Logger
	// AfterGenesis, when set, edits the state InitChain wrote, before its
	// hash is taken: a test kit's hook to start a chain from a state no
	// genesis file can express (a sum at the edge of int64, reliability
	// review D9). kpd never sets it.
	AfterGenesis func(s store.KVStore)
}

// ErrHaltHeight is the halt of Options.HaltHeight: planned, not a failure.
var ErrHaltHeight = errors.New("reached the halt height")

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
	reads      *readsOfCommitted // checktx.go
	pending    *pendingTxs
	verified   *verifiedTxs
	retries    *retries
	closed     bool

	// snapshots takes state-sync snapshots (nil: none); restoring is the
	// snapshot being restored; firstHeight is the height of the snapshot
	// this node was restored from (0: it holds the chain from genesis), read
	// with CometBFT's mutex held (queries read the copy in lastCommit).
	snapshots   *snapshotter
	restoring   *restore
	firstHeight int64

	// Query and Info run beside block execution, without that mutex
	// (DESIGN §3): they read saved versions through reader, a second tree on
	// the same database that is never written and so shares no node with
	// the working tree, up to the height committed publishes once a version
	// is saved. The snapshots and the metrics' state gauges read through it
	// too; the sequence query reads pending under its own lock.
	reader    *iavl.MutableTree
	committed atomic.Pointer[lastCommit]

	// halted is closed when the app met a failure it cannot go on after.
	halted  chan struct{}
	haltErr error
}

var _ abci.Application = (*App)(nil)

// lastCommit is the latest saved version: its height and app hash, the
// first height this node holds (0: every height from genesis that pruning
// left; else the snapshot it was restored from), and the read-only tree to
// read them through (a new one after a restore or a rollback).
type lastCommit struct {
	height int64
	hash   []byte
	first  int64
	reader *iavl.MutableTree
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
	tree, err := openTree(opts)
	if err != nil {
		return nil, err
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
	if err := app.loadCommitted(); err != nil {
		return nil, errors.Join(err, app.reader.Close(), tree.Close())
	}
	if opts.SnapshotDir != "" && opts.SnapshotInterval > 0 {
		if app.snapshots, err = newSnapshotter(opts.SnapshotDir, opts.SnapshotInterval, opts.Logger); err != nil {
			return nil, errors.Join(fmt.Errorf("snapshots: %w", err), app.reader.Close(), tree.Close())
		}
	}
	app.resetCheckState()
	return app, nil
}

// openTree opens the working tree over the state's database at its latest
// saved version. Pruning, when configured, runs in IAVL's background
// goroutine: it never touches the working tree or the app hash, and a
// Commit does not wait for the first pruning of a long archive. A version is
// written in one synced batch (DESIGN §3): IAVL writes a version's root
// first and takes the highest node key on disk for the latest version, so a
// version split over several flushes and cut by a crash would load as a
// tree with missing nodes. The flush threshold is above any block's writes,
// and the batch grows as written instead of being preallocated at the
// threshold (a 1 GiB allocation per Commit was 75% of the app's CPU).
func openTree(opts Options) (*iavl.MutableTree, error) {
	tree := iavl.NewMutableTree(growingBatches{iavldb.NewWrapper(opts.DB)}, opts.IAVLCacheSize, !FastIndex, iavlLogger{opts.Logger},
		iavl.SyncOption(!opts.NoSync), iavl.FlushThresholdOption(oneBatch), iavl.AsyncPruningOption(opts.KeepRecent > 0))
	if _, err := tree.Load(); err != nil {
		return nil, errors.Join(fmt.Errorf("load state: %w", err), tree.Close())
	}
	return tree, nil
}

// newReader opens the read-only tree of queries over the state's database.
func newReader(opts Options) *iavl.MutableTree {
	return iavl.NewMutableTree(iavldb.NewWrapper(opts.DB), opts.IAVLCacheSize, !FastIndex, iavlLogger{opts.Logger})
}

// loadCommitted reads what the app keeps beside the working tree from the
// state's database at its latest saved version — the chain-id, the clock,
// the validator set, the first height held — and refuses a state of another
// schema version. An empty state leaves them empty.
func (app *App) loadCommitted() error {
	first, err := app.db.Get(firstHeightKey)
	if err != nil {
		return fmt.Errorf("read the first height: %w", err)
	}
	app.firstHeight = 0
	if len(first) == 8 {
		app.firstHeight = int64(binary.BigEndian.Uint64(first))
	}
	app.chainID, app.clock, app.validators = "", module.DecodeClock(nil), nil
	if app.tree.Version() == 0 {
		return nil
	}
	committed := store.NewTree(app.tree)
	if v := decodeUint32(committed.Get(schemaVersionKey)); v != SchemaVersion {
		return fmt.Errorf("state schema version %d, this binary reads %d", v, SchemaVersion)
	}
	app.chainID = string(committed.Get(chainIDKey))
	app.clock = module.DecodeClock(committed.Get(module.ClockKey))
	app.validators = app.registry.ActiveValidators(committed)
	return nil
}

// reload reopens the working tree and the read-only tree at the latest
// version in the state's database, which was written beside them (a
// snapshot's import, an erased one, a rollback): neither may read back a
// node it cached before. It then reads what the app keeps beside the tree
// and publishes the version to queries. Called with CometBFT's mutex held;
// a query still reading through the old read-only tree finishes (the
// database stays open).
func (app *App) reload() error {
	if err := errors.Join(app.reader.Close(), app.tree.Close()); err != nil {
		return err
	}
	tree, err := openTree(app.options)
	if err != nil {
		return err
	}
	app.tree = tree
	app.reader = newReader(app.options)
	if err := app.loadCommitted(); err != nil {
		return err
	}
	app.resetCheckState()
	return nil
}

// publishCommit makes the working tree's last saved version the one queries
// read as the latest; called with CometBFT's mutex held.
func (app *App) publishCommit() {
	last := &lastCommit{first: app.firstHeight, reader: app.reader}
	if v := app.tree.Version(); v > 0 {
		last.height, last.hash = v, app.tree.Hash()
	}
	app.committed.Store(last)
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
	if app.snapshots != nil {
		app.snapshots.close()
	}
	if app.restoring != nil {
		app.restoring.importer.Close()
	}
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
// tree's working version, synced to disk, resets the mempool's view, and
// starts a state-sync snapshot when one is due.
func (app *App) Commit(context.Context, *abci.CommitRequest) (*abci.CommitResponse, error) {
	defer app.haltOnPanic("Commit")
	_, version, err := app.tree.SaveVersion()
	if err != nil {
		return nil, app.halt(fmt.Errorf("save version: %w", err))
	}
	if keep := app.options.KeepRecent; keep > 0 && version > keep {
		to := version - keep
		if app.snapshots != nil {
			to = app.snapshots.pruneLimit(to)
		}
		if to >= app.firstHeight && to > 0 {
			if err := app.tree.DeleteVersionsTo(to); err != nil {
				return nil, app.halt(fmt.Errorf("prune to %d: %w", to, err))
			}
		}
	}
	app.resetCheckState()
	app.retries.committed()
	if app.snapshots != nil {
		app.snapshots.afterCommit(version, app.reader)
	}
	if h := app.options.HaltHeight; h > 0 && version >= h {
		app.halt(fmt.Errorf("%w %d", ErrHaltHeight, h))
	}
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
func (app *App) HasVersion(height int64) bool {
	return height > 0 && height >= app.firstHeight && app.tree.VersionExists(height)
}

// Rollback discards every saved version above height, so that the app agrees
// with a CometBFT state rolled back to height (`kpd comet rollback`).
func (app *App) Rollback(height int64) error {
	if height < 1 || height > app.tree.Version() {
		return fmt.Errorf("cannot roll the state back to height %d (latest %d)", height, app.tree.Version())
	}
	if err := app.tree.LoadVersionForOverwriting(height); err != nil {
		return fmt.Errorf("roll back to %d: %w", height, err)
	}
	// Versions above height will be written again: no cached node of them
	// may be read back.
	return app.reload()
}
