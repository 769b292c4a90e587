package bench

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// appChain drives the app straight, without CometBFT: the bench's genesis
// (Participants, their signers, four validators that sign every block) and
// blocks five seconds apart.
type appChain struct {
	app        *app.App
	height     int64
	time       time.Time
	validators []abci.VoteInfo
}

const appChainID = "kpledger-bench"

func newAppChain(db dbm.DB, keepRecent int64) (*appChain, error) {
	start := time.Now().UTC().Truncate(time.Second)
	g := genesis.New(appChainID, start)
	for i, code := range Participants {
		if err := g.AddParticipant(code, "Participant "+code, participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY); err != nil {
			return nil, err
		}
		if i < 4 {
			key := ed25519.GenPrivKeyFromSecret([]byte("kpledger bench validator " + code))
			if err := g.AddValidator(code, key.PubKey().Bytes()); err != nil {
				return nil, err
			}
		}
	}
	if err := RegisterSigners(g, Participants); err != nil {
		return nil, err
	}
	doc, err := g.Doc()
	if err != nil {
		return nil, err
	}
	a, err := app.New(app.Options{DB: db, KeepRecent: keepRecent})
	if err != nil {
		return nil, err
	}
	req := genesis.InitChainRequest(doc)
	if _, err := a.InitChain(context.Background(), req); err != nil {
		a.Close()
		return nil, err
	}
	c := &appChain{app: a, time: start}
	for _, v := range req.Validators {
		c.validators = append(c.validators, abci.VoteInfo{
			Validator:   abci.Validator{Address: ed25519.PubKey(v.PubKeyBytes).Address(), Power: v.Power},
			BlockIdFlag: cmtproto.BlockIDFlagCommit,
		})
	}
	return c, nil
}

// block executes and commits one block; every transaction must succeed.
func (c *appChain) block(txs []plannedTx) error {
	c.height++
	c.time = c.time.Add(5 * time.Second)
	req := &abci.FinalizeBlockRequest{Height: c.height, Time: c.time}
	if c.height > 1 {
		req.DecidedLastCommit.Votes = c.validators
	}
	for _, tx := range txs {
		req.Txs = append(req.Txs, tx.bytes)
	}
	resp, err := c.app.FinalizeBlock(context.Background(), req)
	if err != nil {
		return err
	}
	for i, res := range resp.TxResults {
		if res.Code != 0 {
			return fmt.Errorf("height %d: %s refused: %d %s", c.height, txs[i].kind, res.Code, res.Log)
		}
		txs[i].step(true)
	}
	_, err = c.app.Commit(context.Background(), &abci.CommitRequest{})
	return err
}

// Storage is the disk a certificate costs: goleveldb directories after a
// full compaction.
type Storage struct {
	Lifecycles int `json:"lifecycles"`
	// LiveBytesPerLifecycle is the latest version only (as a state-sync
	// restore or a pruned node holds it), per issue → transfer → confirm.
	LiveBytesPerLifecycle float64 `json:"live_bytes_per_lifecycle"`
	// HistoryBytesPerLifecycle is every version kept (an archive node),
	// with one lifecycle transaction per block.
	HistoryLifecycles        int     `json:"history_lifecycles"`
	HistoryBytesPerLifecycle float64 `json:"history_bytes_per_lifecycle"`
	// Block store figures, from the bench's own chains.
	BlockStoreBytesPerTx         float64 `json:"block_store_bytes_per_tx"`
	BlockStoreBytesPerEmptyBlock float64 `json:"block_store_bytes_per_empty_block"`
	EmptyBlockValidators         int     `json:"empty_block_validators"`
	// CometBFT's state (state.db: each block's results) and transaction
	// index (tx_index.db) per transaction, from the saturated 1-validator
	// chain; state.db and the app's state per empty block, from the
	// 45-validator empty-block chain. Not compacted.
	StateBytesPerTx         float64 `json:"state_bytes_per_tx"`
	TxIndexBytesPerTx       float64 `json:"tx_index_bytes_per_tx"`
	StateBytesPerEmptyBlock float64 `json:"state_bytes_per_empty_block"`
	AppBytesPerEmptyBlock   float64 `json:"app_bytes_per_empty_block"`
	// Year is the disk a year of the KP's real load takes (DiskPerYear).
	Year *DiskYear `json:"year,omitempty"`
}

// dirSize is the bytes of the files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

// compactedSize compacts a closed goleveldb and returns its size.
func compactedSize(dir, name string) (int64, error) {
	db, err := dbm.NewGoLevelDB(name, dir, nil)
	if err != nil {
		return 0, err
	}
	if err := db.ForceCompact(nil, nil); err != nil {
		db.Close()
		return 0, err
	}
	if err := db.Close(); err != nil {
		return 0, err
	}
	return dirSize(filepath.Join(dir, name+".db"))
}

// runLifecycles runs certificate lifecycles (issue, transfer, confirm) to
// the end, in blocks of perBlock transactions or, with oneTxPerBlock, one
// transaction a block; it returns the chain, open.
func runLifecycles(db dbm.DB, lifecycles, perBlock int, oneTxPerBlock bool) (*appChain, error) {
	c, err := newAppChain(db, 0)
	if err != nil {
		return nil, err
	}
	w := newKpWorkload(appChainID, Participants, 1, 1, func() time.Time { return c.time })
	w.issueBudget = lifecycles
	rng := rand.New(rand.NewSource(7))
	if err := c.block(nil); err != nil { // the genesis state, committed
		c.app.Close()
		return nil, err
	}
	for w.issueBudget > 0 || len(w.issued) > 0 || len(w.transferred) > 0 {
		txs := w.build(perBlock, rng)
		blocks := [][]plannedTx{txs}
		if oneTxPerBlock {
			blocks = blocks[:0]
			for i := range txs {
				blocks = append(blocks, txs[i:i+1])
			}
		}
		for _, block := range blocks {
			if err := c.block(block); err != nil {
				c.app.Close()
				return nil, err
			}
		}
	}
	return c, nil
}

// MeasureStorage measures live state per lifecycle over lifecycles
// lifecycles (blocks of 300 transactions) and retained history over
// historyLifecycles lifecycles at one transaction per block.
func MeasureStorage(lifecycles, historyLifecycles int) (Storage, error) {
	s := Storage{Lifecycles: lifecycles, HistoryLifecycles: historyLifecycles}
	dir, err := os.MkdirTemp("", "kpd-bench-storage-")
	if err != nil {
		return s, err
	}
	defer os.RemoveAll(dir)

	// state runs lifecycles into a fresh state database, closes it and
	// returns what measure makes of it.
	state := func(name string, lifecycles, perBlock int, oneTxPerBlock bool, measure func(dir, name string) (int64, error)) (int64, error) {
		db, err := node.OpenStateDB(name, string(dbm.GoLevelDBBackend), dir)
		if err != nil {
			return 0, err
		}
		c, err := runLifecycles(db, lifecycles, perBlock, oneTxPerBlock)
		if err != nil {
			return 0, err
		}
		if err := c.app.Close(); err != nil {
			return 0, err
		}
		return measure(dir, name)
	}

	// Live state: the genesis state alone, then with the lifecycles; the
	// latest version of each is exported into a fresh database (IAVL's
	// export and import, as a state-sync restore writes it) and measured
	// there.
	empty, err := state("genesis", 0, 300, false, latestVersionSize)
	if err != nil {
		return s, err
	}
	full, err := state("live", lifecycles, 300, false, latestVersionSize)
	if err != nil {
		return s, err
	}
	s.LiveBytesPerLifecycle = float64(full-empty) / float64(lifecycles)

	// History: every version kept, one lifecycle transaction a block.
	emptyHistory, err := state("history-genesis", 0, 3, true, compactedSize)
	if err != nil {
		return s, err
	}
	fullHistory, err := state("history", historyLifecycles, 3, true, compactedSize)
	if err != nil {
		return s, err
	}
	s.HistoryBytesPerLifecycle = float64(fullHistory-emptyHistory) / float64(historyLifecycles)
	return s, nil
}

// latestVersionSize exports the latest version of the IAVL tree in a closed
// database into a fresh one and returns the fresh one's compacted size.
func latestVersionSize(dir, name string) (int64, error) {
	src, err := dbm.NewGoLevelDB(name, dir, nil)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	tree := iavl.NewMutableTree(iavldb.NewWrapper(src), 10_000, !app.FastIndex, iavl.NewNopLogger())
	version, err := tree.Load()
	if err != nil {
		return 0, err
	}
	immutable, err := tree.GetImmutable(version)
	if err != nil {
		return 0, err
	}
	exporter, err := immutable.Export()
	if err != nil {
		return 0, err
	}
	defer exporter.Close()

	dstName := name + "-latest"
	dst, err := dbm.NewGoLevelDB(dstName, dir, nil)
	if err != nil {
		return 0, err
	}
	restored := iavl.NewMutableTree(iavldb.NewWrapper(dst), 10_000, !app.FastIndex, iavl.NewNopLogger())
	importer, err := restored.Import(version)
	if err != nil {
		dst.Close()
		return 0, err
	}
	for {
		node, err := exporter.Next()
		if errors.Is(err, iavl.ErrorExportDone) {
			break
		}
		if err != nil {
			importer.Close()
			dst.Close()
			return 0, err
		}
		if err := importer.Add(node); err != nil {
			importer.Close()
			dst.Close()
			return 0, err
		}
	}
	if err := importer.Commit(); err != nil {
		importer.Close()
		dst.Close()
		return 0, err
	}
	importer.Close()
	// Loading builds the fast index (key → value) if the app keeps one.
	reloaded := iavl.NewMutableTree(iavldb.NewWrapper(dst), 10_000, !app.FastIndex, iavl.NewNopLogger())
	if _, err := reloaded.Load(); err != nil {
		dst.Close()
		return 0, err
	}
	if err := dst.Close(); err != nil {
		return 0, err
	}
	return compactedSize(dir, dstName)
}
