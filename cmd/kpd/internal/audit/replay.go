package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/cockroachdb/pebble"
	cmtdb "github.com/cometbft/cometbft-db"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/genesis"
)

// Options of a replay.
type Options struct {
	// Home is the node home whose chain is replayed; the node must be stopped.
	Home string
	// ToHeight stops the replay at that height (0: the last block).
	ToHeight int64
	// Progress, when set, receives a line every few seconds.
	Progress io.Writer
}

// Divergence is the first place where the chain, the replay and the node's
// state disagree.
type Divergence struct {
	Height int64
	// Reason says what disagreed.
	Reason string
	// Modules are the modules whose key ranges differ between the replay and
	// the node's application state at Height (when the node still holds it).
	Modules []string
}

// Report is the outcome of a replay. App is the replayed application, open
// at the last replayed height.
type Report struct {
	ChainID           string
	From, To          int64
	Txs               int
	NodeStateCompared int
	// NodeState says why the node's application state could not be compared
	// (empty when it was).
	NodeState   string
	Divergence  *Divergence
	App         *app.App
	Elapsed     time.Duration
	VerifyTime  time.Duration
	ExecuteTime time.Duration
	CommitTime  time.Duration
	workDir     string
	firstTime   time.Time
	lastTime    time.Time
}

// Close closes the replayed app and removes its temporary folder.
func (r *Report) Close() error {
	err := r.App.Close()
	return errors.Join(err, os.RemoveAll(r.workDir))
}

// chain holds the node's stores, opened read-only.
type chain struct {
	blocks *cmtstore.BlockStore
	state  sm.Store
	dbs    []cmtdb.DB
}

func (c *chain) close() {
	for _, db := range c.dbs {
		db.Close()
	}
}

// openChain opens a node's block and state stores read-only.
func openChain(conf *cmtcfg.Config) (*chain, error) {
	open := func(name string) (cmtdb.DB, error) {
		dir := conf.DBDir()
		if _, err := os.Stat(filepath.Join(dir, name+".db")); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch conf.DBBackend {
		case string(cmtdb.PebbleDBBackend):
			return cmtdb.NewPebbleDBWithOpts(name, dir, &pebble.Options{ReadOnly: true, Logger: quietPebble{}})
		case string(cmtdb.GoLevelDBBackend):
			return cmtdb.NewGoLevelDBWithOpts(name, dir, &opt.Options{ReadOnly: true})
		}
		return cmtdb.NewDB(name, cmtdb.BackendType(conf.DBBackend), dir)
	}
	blockDB, err := open("blockstore")
	if err != nil {
		return nil, fmt.Errorf("open the block store (is the node stopped?): %w", err)
	}
	blockDB = readOnly{blockDB}
	stateDB, err := open("state")
	if err != nil {
		blockDB.Close()
		return nil, fmt.Errorf("open the state store (is the node stopped?): %w", err)
	}
	stateDB = readOnly{stateDB}
	c := &chain{
		state: sm.NewStore(stateDB, sm.StoreOptions{DiscardABCIResponses: false}),
		dbs:   []cmtdb.DB{blockDB, stateDB},
	}
	if c.blocks, err = newBlockStore(blockDB); err != nil {
		c.close()
		return nil, fmt.Errorf("the block store (blockstore.db) cannot be read: its record of its first and last height is damaged: %w", err)
	}
	return c, nil
}

// newBlockStore opens CometBFT's block store, which panics when its record
// of its heights cannot be read.
func newBlockStore(db cmtdb.DB) (bs *cmtstore.BlockStore, err error) {
	defer func() {
		if p := recover(); p != nil {
			bs, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return cmtstore.NewBlockStore(db), nil
}

// Replay replays a node's chain from genesis; see the package comment.
func Replay(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// The replay executes blocks as a node does, and allocates as much:
		// it collects garbage at the node's target (node.DefaultGCPercent).
		defer debug.SetGCPercent(debug.SetGCPercent(node.DefaultGCPercent))
	}
	conf, err := node.LoadCometConfig(opts.Home)
	if err != nil {
		return nil, err
	}
	doc, err := cmttypes.GenesisDocFromFile(conf.GenesisFile())
	if err != nil {
		return nil, err
	}
	c, err := openChain(conf)
	if err != nil {
		return nil, err
	}
	defer c.close()
	top := c.blocks.Height()
	if top == 0 {
		return nil, fmt.Errorf("the block store of %s holds no block", opts.Home)
	}
	if c.blocks.Base() > doc.InitialHeight {
		return nil, fmt.Errorf("the block store starts at height %d: blocks before it were pruned, the chain cannot be replayed from genesis", c.blocks.Base())
	}
	to := top
	if opts.ToHeight > 0 && opts.ToHeight < top {
		to = opts.ToHeight
	}
	// What the node's own state proves it committed; a block store that ends
	// below it lost blocks, whatever it still replays.
	cometState, err := c.state.Load()
	if err != nil {
		return nil, fmt.Errorf("CometBFT's state (%s/state.db) cannot be read: %w", conf.DBDir(), err)
	}

	workDir, err := os.MkdirTemp("", "kpd-audit-")
	if err != nil {
		return nil, err
	}
	db, err := node.OpenStateDB("replay", string(dbm.GoLevelDBBackend), workDir)
	if err != nil {
		os.RemoveAll(workDir)
		return nil, err
	}
	// Every signature is verified by the replayed app itself: VerifyAhead on
	// other cores, FinalizeBlock the rest. Its state is thrown away: no fsync.
	replayed, err := app.New(app.Options{DB: db, NoSync: true})
	if err != nil {
		db.Close()
		os.RemoveAll(workDir)
		return nil, err
	}
	report := &Report{ChainID: doc.ChainID, From: doc.InitialHeight, To: to, App: replayed, workDir: workDir}

	var nodeApp *app.App
	if _, err := os.Stat(filepath.Join(conf.DBDir(), "application.db")); err != nil {
		report.NodeState = "the home holds no application state" // the chain alone is checked
	} else if err := scanAppDB(opts.Home); err != nil {
		report.Close()
		return nil, err
	} else if nodeApp, err = node.OpenApp(opts.Home, nil); err != nil {
		report.Close()
		return nil, fmt.Errorf("the node's application state (%s/application.db) cannot be opened: %w", conf.DBDir(), err)
	} else {
		defer nodeApp.Close()
	}

	r := &replayer{doc: doc, chain: c, app: replayed, node: nodeApp, report: report,
		stateHeight: cometState.LastBlockHeight, results: !conf.Storage.DiscardABCIResponses}
	if nodeApp != nil && nodeApp.HasVersion(to) {
		// The node's state at the last height is read on another core while
		// the chain replays: it does not depend on the replay.
		digests := make(chan nodeDigests, 1)
		go func() {
			d, err := nodeApp.RangeDigests(to)
			digests <- nodeDigests{d, err}
		}()
		r.nodeDigests = digests
		defer func() {
			if r.nodeDigests != nil {
				<-r.nodeDigests // before the node's app closes
			}
		}()
	}
	if err := r.run(ctx, to, top, opts.Progress); err != nil {
		report.Close()
		return nil, err
	}
	if report.Divergence == nil {
		r.checkHeights(opts.ToHeight, top)
	}
	report.Elapsed = time.Since(start)
	return report, nil
}

type replayer struct {
	doc    *cmttypes.GenesisDoc
	chain  *chain
	app    *app.App
	node   *app.App
	report *Report
	// stateHeight is the last block CometBFT's state records as applied;
	// results says whether it keeps every block's results to compare.
	stateHeight int64
	results     bool

	// validators[h] is the validator set of height h, from genesis and the
	// app's updates (those of block h take effect at h+2).
	validators map[int64]*cmttypes.ValidatorSet
	appHash    []byte
	// resultsHash is the hash of the last replayed block's results, as the
	// next block's header records it.
	resultsHash []byte
	// nodeDigests gives the node's range digests at the last height, read
	// beside the replay (nil: the node's state is not compared).
	nodeDigests chan nodeDigests
}

type nodeDigests struct {
	digests []app.RangeDigest
	err     error
}

func (r *replayer) diverge(height int64, format string, args ...any) {
	d := &Divergence{Height: height, Reason: fmt.Sprintf(format, args...)}
	if r.node != nil && r.node.HasVersion(height) && r.app.HasVersion(height) {
		d.Modules = differingModules(r.app, r.node, height)
	}
	r.report.Divergence = d
}

func (r *replayer) run(ctx context.Context, to, top int64, progress io.Writer) error {
	resp, err := r.app.InitChain(ctx, genesis.InitChainRequest(r.doc))
	if err != nil {
		return fmt.Errorf("InitChain: %w", err)
	}
	r.appHash = resp.AppHash
	genesisVals, err := validatorSet(r.doc)
	if err != nil {
		return err
	}
	r.validators = map[int64]*cmttypes.ValidatorSet{r.doc.InitialHeight: genesisVals, r.doc.InitialHeight + 1: genesisVals.Copy()}

	lastReport := time.Now()
	var prevBlockID cmttypes.BlockID
	workers := runtime.NumCPU()
	// Blocks are read, checked for form, the commits they carry verified,
	// their transactions' signatures verified and the results the node
	// stored read ahead, on other cores, while earlier blocks execute: the
	// commit of block h-1 that block h carries needs the validators of height
	// h-1, known once block h-3 has executed, so up to two blocks are
	// verified ahead.
	ahead := map[int64]chan loaded{}
	// Blocks still being read when the replay stops early are waited for:
	// the caller closes the block store next.
	defer func() {
		for _, ch := range ahead {
			<-ch
		}
	}()
	readAhead := func(k int64) {
		if k > to || ahead[k] != nil {
			return
		}
		var vals *cmttypes.ValidatorSet
		if k > r.doc.InitialHeight {
			vals = r.validators[k-1]
		}
		ch := make(chan loaded, 1)
		ahead[k] = ch
		go func() { ch <- r.load(k, vals, workers) }()
	}
	readAhead(r.doc.InitialHeight)
	for h := r.doc.InitialHeight; h <= to; h++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		verifyStart := time.Now()
		l := <-ahead[h]
		delete(ahead, h)
		readAhead(h + 1)
		readAhead(h + 2)
		if l.bad != "" {
			r.diverge(h, "%s", l.bad)
			return nil
		}
		block, meta := l.block, l.meta
		if block == nil || meta == nil {
			return fmt.Errorf("block %d is missing from the block store", h)
		}
		if reason := r.checkBlock(l, prevBlockID); reason != "" {
			r.diverge(h, "%s", reason)
			return nil
		}
		r.app.Remember(l.verified)
		r.report.VerifyTime += time.Since(verifyStart)

		executeStart := time.Now()
		fin, err := r.app.FinalizeBlock(ctx, &abci.FinalizeBlockRequest{
			Hash: l.hash, NextValidatorsHash: block.NextValidatorsHash, ProposerAddress: block.ProposerAddress,
			Height: block.Height, Time: block.Time, Txs: block.Txs.ToSliceOfBytes(),
			DecidedLastCommit: sm.BuildLastCommitInfo(block, r.validators[h-1], r.doc.InitialHeight),
			Misbehavior:       block.Evidence.Evidence.ToABCI(),
		})
		if err != nil {
			r.diverge(h, "the app refused block %d: %v", h, err)
			return nil
		}
		r.report.ExecuteTime += time.Since(executeStart)
		commitStart := time.Now()
		if _, err := r.app.Commit(ctx, &abci.CommitRequest{}); err != nil {
			return fmt.Errorf("commit height %d: %w", h, err)
		}
		r.report.CommitTime += time.Since(commitStart)
		r.report.Txs += len(block.Txs)
		if r.report.firstTime.IsZero() {
			r.report.firstTime = block.Time
		}
		r.report.lastTime = block.Time
		r.appHash, r.resultsHash = fin.AppHash, cmttypes.NewResults(fin.TxResults).Hash()
		if reason := r.checkStoredResults(h, l, fin); reason != "" {
			r.diverge(h, "%s", reason)
			return nil
		}

		updates, err := cmttypes.PB2TM.ValidatorUpdates(fin.ValidatorUpdates)
		if err != nil {
			r.diverge(h, "validator updates of block %d: %v", h, err)
			return nil
		}
		next := r.validators[h+1].Copy()
		if err := next.UpdateWithChangeSet(updates); err != nil {
			r.diverge(h, "validator updates of block %d: %v", h, err)
			return nil
		}
		r.validators[h+2] = next
		delete(r.validators, h-2)

		if r.node != nil && r.node.HasVersion(h) {
			nodeHash, err := r.node.AppHashAt(h)
			if err == nil {
				r.report.NodeStateCompared++
				if !bytes.Equal(nodeHash, fin.AppHash) {
					r.diverge(h, "the node's application state at height %d has app hash %X, the replay %X", h, nodeHash, fin.AppHash)
					return nil
				}
			}
		}
		prevBlockID = meta.BlockID
		if progress != nil && time.Since(lastReport) > 2*time.Second {
			fmt.Fprintf(progress, "replayed height %d of %d (%d txs)\n", h, to, r.report.Txs)
			lastReport = time.Now()
		}
	}
	return r.checkLast(to, top)
}

// loadBlock reads a block; CometBFT's store panics on a block whose data does
// not match its header (a rewritten transaction), which is reported as a
// reason instead.
func loadBlock(bs *cmtstore.BlockStore, h int64) (block *cmttypes.Block, meta *cmttypes.BlockMeta, bad string) {
	defer func() {
		if r := recover(); r != nil {
			block, meta, bad = nil, nil, fmt.Sprintf("block %d cannot be read from the block store or is not well formed (a damaged file, a rewritten transaction, evidence or commit): %v", h, r)
		}
	}()
	block, meta = bs.LoadBlock(h)
	return block, meta, ""
}

// loaded is a block read from the store, with what can be checked of it
// before the blocks before it execute.
type loaded struct {
	block *cmttypes.Block
	meta  *cmttypes.BlockMeta
	bad   string
	// hash is the block's header hash; formErr its ValidateBasic.
	hash    []byte
	formErr error
	// commitErr is the verification of block.LastCommit by the validators
	// of the parent height, for the parent's BlockID.
	commitErr error
	// verified are the transactions whose signatures verified (app.VerifyAhead).
	verified app.Verified
	// stored are the results CometBFT's state recorded for this block
	// (storedReason: why they cannot be read); nil when not compared.
	stored       *abci.FinalizeBlockResponse
	storedReason string
}

// load reads block h, checks its form, verifies its transactions'
// signatures against the last committed state, reads the results the node
// stored for it, and verifies the commit of block h-1 it carries with vals,
// the validators of height h-1, for block h-1's ID in the store (the first
// block carries none).
func (r *replayer) load(h int64, vals *cmttypes.ValidatorSet, workers int) (l loaded) {
	defer func() {
		if p := recover(); p != nil {
			l = loaded{bad: fmt.Sprintf("the block store cannot give block %d or its parent: %v", h, p)}
		}
	}()
	block, meta, bad := loadBlock(r.chain.blocks, h)
	l = loaded{block: block, meta: meta, bad: bad}
	if block == nil || bad != "" {
		return l
	}
	l.hash = block.Hash()
	if l.formErr = block.ValidateBasic(); l.formErr == nil {
		l.verified = r.app.VerifyAhead(block.Txs.ToSliceOfBytes(), workers)
	}
	l.stored, l.storedReason = r.storedResults(h)
	if vals == nil {
		return l
	}
	parent := r.chain.blocks.LoadBlockMeta(h - 1)
	if parent == nil {
		l.commitErr = fmt.Errorf("block %d is missing from the block store", h-1)
		return l
	}
	l.commitErr = vals.VerifyCommit(r.doc.ChainID, parent.BlockID, h-1, block.LastCommit)
	return l
}

// checkBlock checks a block against the chain so far, before executing it;
// it returns why the block does not belong to the chain, or "".
func (r *replayer) checkBlock(l loaded, prev cmttypes.BlockID) string {
	block, meta := l.block, l.meta
	h := block.Height
	switch {
	case block.ChainID != r.doc.ChainID:
		return fmt.Sprintf("block %d is of chain %q, not %q", h, block.ChainID, r.doc.ChainID)
	case !bytes.Equal(meta.BlockID.Hash, l.hash):
		return fmt.Sprintf("block %d: its header hashes to %X, the store records %X", h, l.hash, meta.BlockID.Hash)
	}
	if err := l.formErr; err != nil {
		return fmt.Sprintf("block %d is not well formed (a rewritten transaction, evidence or commit): %v", h, err)
	}
	if h > r.doc.InitialHeight {
		if !block.LastBlockID.Equals(prev) {
			return fmt.Sprintf("block %d does not link to block %d: LastBlockID %v, block %d is %v", h, h-1, block.LastBlockID, h-1, prev)
		}
		if err := l.commitErr; err != nil {
			return fmt.Sprintf("block %d carries a commit of block %d that the validators did not sign: %v", h, h-1, err)
		}
		if want := r.resultsHash; !bytes.Equal(block.LastResultsHash, want) {
			return fmt.Sprintf("block %d records results of block %d hashing to %X, the replay's hash to %X", h, h-1, block.LastResultsHash, want)
		}
	}
	if !bytes.Equal(block.ValidatorsHash, r.validators[h].Hash()) || !bytes.Equal(block.NextValidatorsHash, r.validators[h+1].Hash()) {
		return fmt.Sprintf("block %d names validator sets other than genesis and the app's updates give", h)
	}
	if !bytes.Equal(block.AppHash, r.appHash) {
		return fmt.Sprintf("block %d records app hash %X after block %d, the replay computed %X", h, block.AppHash, h-1, r.appHash)
	}
	return ""
}

// checkLast compares the state after the last replayed block: with the next
// header when there is one, else with CometBFT's stored state and the last
// block's own commit.
func (r *replayer) checkLast(to, top int64) (err error) {
	if r.report.Divergence != nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			r.diverge(to, "the block store cannot give the block after or the commit of block %d: %v", to, p)
		}
	}()
	if r.checkNodeState(to) {
		return nil
	}
	if to < top {
		next, _ := r.chain.blocks.LoadBlock(to + 1)
		if next != nil && !bytes.Equal(next.AppHash, r.appHash) {
			r.diverge(to, "block %d records app hash %X after block %d, the replay computed %X", to+1, next.AppHash, to, r.appHash)
		}
		return nil
	}
	state, err := r.chain.state.Load()
	if err != nil {
		return fmt.Errorf("load CometBFT's state: %w", err)
	}
	if state.LastBlockHeight == top && !bytes.Equal(state.AppHash, r.appHash) {
		r.diverge(top, "CometBFT's state records app hash %X after block %d, the replay computed %X", state.AppHash, top, r.appHash)
		return nil
	}
	if commit := r.chain.blocks.LoadSeenCommit(top); commit != nil {
		meta := r.chain.blocks.LoadBlockMeta(top)
		if err := r.validators[top].VerifyCommit(r.doc.ChainID, meta.BlockID, top, commit); err != nil {
			r.diverge(top, "the commit of the last block %d is not signed by the validators: %v", top, err)
		}
	}
	return nil
}

// storedResults reads the results of block h that CometBFT's state recorded
// when the node executed it (nil when it keeps none), or says why they cannot
// be read.
func (r *replayer) storedResults(h int64) (stored *abci.FinalizeBlockResponse, reason string) {
	if !r.results || h > r.stateHeight {
		return nil, ""
	}
	defer func() {
		if p := recover(); p != nil {
			stored, reason = nil, fmt.Sprintf("CometBFT's state (state.db) cannot give the results of block %d: %v", h, p)
		}
	}()
	stored, err := r.chain.state.LoadFinalizeBlockResponse(h)
	if err != nil {
		return nil, fmt.Sprintf("CometBFT's state (state.db) records blocks up to height %d but cannot give the results of block %d: %v", r.stateHeight, h, err)
	}
	return stored, ""
}

// checkStoredResults compares the results of block h that CometBFT's state
// recorded when the node executed it (read by load) with the replay's; it
// returns why they disagree or cannot be read, or "".
func (r *replayer) checkStoredResults(h int64, l loaded, fin *abci.FinalizeBlockResponse) string {
	stored := l.stored
	switch {
	case l.storedReason != "":
		return l.storedReason
	case stored == nil:
		return ""
	case !bytes.Equal(stored.AppHash, fin.AppHash):
		return fmt.Sprintf("CometBFT's state (state.db) records app hash %X after block %d, the replay computed %X", stored.AppHash, h, fin.AppHash)
	case !bytes.Equal(cmttypes.NewResults(stored.TxResults).Hash(), r.resultsHash):
		return fmt.Sprintf("CometBFT's state (state.db) records other transaction results of block %d than the replay's", h)
	}
	return ""
}

// checkNodeState reads the node's whole application state at the last
// replayed height and compares it, key range by key range, with the
// replay's: the app hash compared at every height covers the tree's nodes
// but not whether they can still be read. It reports a divergence and
// returns true when they differ or the node's state cannot be read.
func (r *replayer) checkNodeState(h int64) bool {
	if r.node == nil || !r.node.HasVersion(h) {
		return false
	}
	mine, err := r.app.RangeDigests(h)
	if err != nil {
		r.diverge(h, "the replayed state cannot be read: %v", err)
		return true
	}
	var d nodeDigests
	if r.nodeDigests != nil {
		d = <-r.nodeDigests
		r.nodeDigests = nil
	} else {
		d.digests, d.err = r.node.RangeDigests(h)
	}
	theirs, err := d.digests, d.err
	if err != nil {
		r.report.Divergence = &Divergence{Height: h, Reason: fmt.Sprintf("the node's application state (application.db): %v", err)}
		return true
	}
	var modules []string
	for i := range mine {
		if i >= len(theirs) || mine[i].Digest != theirs[i].Digest {
			modules = append(modules, mine[i].Module)
		}
	}
	if len(modules) > 0 {
		r.report.Divergence = &Divergence{Height: h, Modules: modules,
			Reason: fmt.Sprintf("the node's application state at height %d holds other keys or values than the replay's, under the app hash it records", h)}
		return true
	}
	return false
}

// checkHeights fails a replay that checked out on fewer blocks than it was
// asked for or than the node's own state proves were committed: the first
// missing height is where the copy of the chain is damaged.
func (r *replayer) checkHeights(asked, top int64) {
	var appHeight int64
	if r.node != nil {
		appHeight, _ = r.node.LastCommit()
	}
	switch {
	case top < r.stateHeight || top < appHeight:
		r.report.Divergence = &Divergence{Height: top + 1, Reason: fmt.Sprintf(
			"block %d is missing: the block store ends at height %d, but CometBFT's state applied blocks up to height %d and the node's application state is at height %d; blocks this node committed are gone from its block store",
			top+1, top, r.stateHeight, appHeight)}
	case top > r.stateHeight+1:
		r.report.Divergence = &Divergence{Height: r.stateHeight + 1, Reason: fmt.Sprintf(
			"CometBFT's state (state.db) records blocks up to height %d, the block store holds blocks up to %d: the state of heights %d to %d is gone",
			r.stateHeight, top, r.stateHeight+1, top)}
	case asked > top:
		r.report.Divergence = &Divergence{Height: top + 1, Reason: fmt.Sprintf(
			"block %d is missing: the replay was asked to reach height %d, the block store ends at height %d", top+1, asked, top)}
	}
}

// readOnly refuses writes, but for rewriting a value as it already is:
// CometBFT's NewBlockStore writes its layout version on opening.
type readOnly struct{ cmtdb.DB }

var errReadOnly = errors.New("audit: the node's stores are opened read-only")

func (r readOnly) Set(key, value []byte) error {
	if current, err := r.DB.Get(key); err == nil && bytes.Equal(current, value) {
		return nil
	}
	return errReadOnly
}

func (r readOnly) SetSync(key, value []byte) error { return r.Set(key, value) }
func (readOnly) Delete([]byte) error               { return errReadOnly }
func (readOnly) DeleteSync([]byte) error           { return errReadOnly }

// quietPebble drops pebble's informational lines; fatal errors still stop.
type quietPebble struct{}

func (quietPebble) Infof(string, ...any)              {}
func (quietPebble) Fatalf(format string, args ...any) { pebble.DefaultLogger.Fatalf(format, args...) }

func validatorSet(doc *cmttypes.GenesisDoc) (*cmttypes.ValidatorSet, error) {
	vals := make([]*cmttypes.Validator, len(doc.Validators))
	for i, v := range doc.Validators {
		vals[i] = cmttypes.NewValidator(v.PubKey, v.Power)
	}
	set := cmttypes.NewValidatorSet(vals)
	if err := set.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("genesis validators: %w", err)
	}
	return set, nil
}

// differingModules names the modules whose key ranges differ between two
// states at a height.
func differingModules(a, b *app.App, height int64) []string {
	da, errA := a.RangeDigests(height)
	db, errB := b.RangeDigests(height)
	if errA != nil || errB != nil || len(da) != len(db) {
		return nil
	}
	var modules []string
	for i := range da {
		if da[i].Digest != db[i].Digest {
			modules = append(modules, da[i].Module)
		}
	}
	return modules
}
