package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// snapshotSource runs the golden chain (every message kind) on a disk-backed
// app that takes a snapshot every 10 heights, in chunks of 4 KiB, then
// empty blocks to the next multiple of 10, the height of its last snapshot.
// It returns the chain and its app hash at every height.
func snapshotSource(t *testing.T) (*apptest.Chain, map[int64][]byte) {
	t.Helper()
	t.Cleanup(app.SetSnapshotChunkSize(4 << 10))
	db, err := dbm.NewGoLevelDB("application", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	src := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db, SnapshotDir: t.TempDir(), SnapshotInterval: 10}))
	hashes := map[int64][]byte{}
	apptest.RunScript(t, src, goldenChain, func(resp *abci.FinalizeBlockResponse) {
		src.App.WaitSnapshot()
		hashes[src.Height] = resp.AppHash
	})
	for top := (src.Height/10 + 1) * 10; src.Height < top; {
		resp := src.Block()
		hashes[src.Height] = resp.AppHash
		src.App.WaitSnapshot()
	}
	return src, hashes
}

func snapshots(t *testing.T, a *app.App) []*abci.Snapshot {
	t.Helper()
	resp, err := a.ListSnapshots(context.Background(), &abci.ListSnapshotsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Snapshots
}

func chunk(t *testing.T, a *app.App, s *abci.Snapshot, i uint32) []byte {
	t.Helper()
	resp, err := a.LoadSnapshotChunk(context.Background(), &abci.LoadSnapshotChunkRequest{Height: s.Height, Format: s.Format, Chunk: i})
	if err != nil || len(resp.Chunk) == 0 {
		t.Fatalf("chunk %d of snapshot %d: %v (%d bytes)", i, s.Height, err, len(resp.Chunk))
	}
	return resp.Chunk
}

func offer(t *testing.T, a *app.App, s *abci.Snapshot, appHash []byte) abci.OfferSnapshotResult {
	t.Helper()
	resp, err := a.OfferSnapshot(context.Background(), &abci.OfferSnapshotRequest{Snapshot: s, AppHash: appHash})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Result
}

func apply(t *testing.T, a *app.App, i uint32, chunk []byte) *abci.ApplySnapshotChunkResponse {
	t.Helper()
	resp, err := a.ApplySnapshotChunk(context.Background(), &abci.ApplySnapshotChunkRequest{Index: i, Chunk: chunk, Sender: "peer-1"})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// restoreInto offers a snapshot of src to dst with a trusted app hash and
// applies every chunk; it returns the answer to the last one.
func restoreInto(t *testing.T, src, dst *app.App, s *abci.Snapshot, appHash []byte) abci.ApplySnapshotChunkResult {
	t.Helper()
	if r := offer(t, dst, s, appHash); r != abci.OFFER_SNAPSHOT_RESULT_ACCEPT {
		t.Fatalf("snapshot %d offered: %v", s.Height, r)
	}
	var last abci.ApplySnapshotChunkResult
	for i := uint32(0); i < s.Chunks; i++ {
		last = apply(t, dst, i, chunk(t, src, s, i)).Result
		if i+1 < s.Chunks && last != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
			t.Fatalf("chunk %d of %d: %v", i, s.Chunks, last)
		}
	}
	return last
}

func emptyApp(t *testing.T) *app.App {
	t.Helper()
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// TestSnapshotRestoresTheState: a node takes a snapshot every 10 heights and
// keeps the last two; each restores, on an empty app, the state of its
// height — every module's keys, the app hash, the chain-id and validators —
// from which the restored node goes on exactly as the node that took it.
// Earlier heights are "not on this node".
func TestSnapshotRestoresTheState(t *testing.T) {
	src, hashes := snapshotSource(t)
	top := uint64(src.Height)
	list := snapshots(t, src.App)
	if len(list) != app.SnapshotsKept || list[0].Height != top || list[1].Height != top-10 {
		t.Fatalf("snapshots kept: %v, want heights %d and %d", list, top, top-10)
	}
	if list[0].Chunks < 2 {
		t.Fatalf("snapshot of %d chunks: the test wants several", list[0].Chunks)
	}
	restored := map[uint64]*app.App{}
	for _, s := range list {
		dst := emptyApp(t)
		if r := restoreInto(t, src.App, dst, s, hashes[int64(s.Height)]); r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
			t.Fatalf("snapshot %d: last chunk %v", s.Height, r)
		}
		height := int64(s.Height)
		info, _ := dst.Info(context.Background(), &abci.InfoRequest{})
		if info.LastBlockHeight != height || !bytes.Equal(info.LastBlockAppHash, hashes[height]) {
			t.Fatalf("restored Info: height %d app hash %X, want %d %X", info.LastBlockHeight, info.LastBlockAppHash, height, hashes[height])
		}
		want, err := src.App.RangeDigests(height)
		if err != nil {
			t.Fatal(err)
		}
		got, err := dst.RangeDigests(height)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("snapshot %d: module %s differs after the restore", height, want[i].Module)
			}
		}
		earlier, _ := dst.Query(context.Background(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: []byte{0x00, 0x01}, Height: height - 1})
		if earlier.Code != module.ErrHeightUnavailable.Code() || !strings.Contains(earlier.Log, "not on this node") {
			t.Fatalf("query at %d on a node restored at %d: code %d %q", height-1, height, earlier.Code, earlier.Log)
		}
		if dst.HasVersion(height - 1) {
			t.Fatalf("restored at %d, the node claims height %d", height, height-1)
		}
		restored[s.Height] = dst
	}

	// The node restored at the last snapshot and the one that took it agree
	// on the next blocks: a transaction, the chain-id, the clock, the
	// signers' sequences.
	dst := restored[top]
	tx := src.Tx("bw-admin", &participanttypes.MsgAddOperator{PubKey: src.PubKey("new-op"), Role: envelope.Role_ROLE_EXPORTER, Name: "Okavango Diamond Company"})
	blockTime := src.Time
	for h := int64(top) + 1; h <= int64(top)+2; h++ {
		blockTime = blockTime.Add(apptest.BlockInterval)
		req := &abci.FinalizeBlockRequest{Height: h, Time: blockTime}
		if h == int64(top)+1 {
			req.Txs = [][]byte{tx}
			if check, _ := dst.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: tx, Type: abci.CHECK_TX_TYPE_CHECK}); check.Code != 0 {
				t.Fatalf("the restored node refuses a good transaction: %d %s", check.Code, check.Log)
			}
		}
		a, b := finalizeAndCommit(t, src.App, req), finalizeAndCommit(t, dst, req)
		if !bytes.Equal(a.AppHash, b.AppHash) {
			t.Fatalf("height %d after the restore: app hash %X, the source's %X", h, b.AppHash, a.AppHash)
		}
		for i := range a.TxResults {
			if a.TxResults[i].Code != 0 || b.TxResults[i].Code != 0 {
				t.Fatalf("height %d: codes %d and %d", h, a.TxResults[i].Code, b.TxResults[i].Code)
			}
		}
	}
}

func finalizeAndCommit(t *testing.T, a *app.App, req *abci.FinalizeBlockRequest) *abci.FinalizeBlockResponse {
	t.Helper()
	resp, err := a.FinalizeBlock(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(context.Background(), &abci.CommitRequest{}); err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestSnapshotRefusals: a snapshot whose rebuilt root is not the trusted app
// hash is rejected at its last chunk and its import erased, so that another
// snapshot can be tried; a chunk other than the metadata's is fetched again
// from another peer; a snapshot of another format, metadata that does not
// add up, or an app that already has a state are refused at the offer.
func TestSnapshotRefusals(t *testing.T) {
	src, hashes := snapshotSource(t)
	s := snapshots(t, src.App)[0]

	dst := emptyApp(t)
	if r := restoreInto(t, src.App, dst, s, hashes[29]); r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_REJECT_SNAPSHOT {
		t.Fatalf("a snapshot that does not rebuild the trusted app hash: last chunk %v", r)
	}
	if h, _ := dst.LastCommit(); h != 0 {
		t.Fatalf("after a rejected snapshot the app is at height %d", h)
	}
	if r := restoreInto(t, src.App, dst, s, hashes[int64(s.Height)]); r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
		t.Fatalf("the right snapshot after a rejected one: %v", r)
	}
	if h, hash := dst.LastCommit(); h != int64(s.Height) || !bytes.Equal(hash, hashes[h]) {
		t.Fatalf("restored at %d %X", h, hash)
	}
	if r := offer(t, dst, s, hashes[int64(s.Height)]); r != abci.OFFER_SNAPSHOT_RESULT_ABORT {
		t.Fatalf("a snapshot offered to an app with a state: %v", r)
	}

	dst = emptyApp(t)
	if r := offer(t, dst, s, hashes[int64(s.Height)]); r != abci.OFFER_SNAPSHOT_RESULT_ACCEPT {
		t.Fatal(r)
	}
	tampered := bytes.Clone(chunk(t, src.App, s, 0))
	tampered[len(tampered)/2] ^= 1
	resp := apply(t, dst, 0, tampered)
	if resp.Result != abci.APPLY_SNAPSHOT_CHUNK_RESULT_RETRY || len(resp.RefetchChunks) != 1 || resp.RefetchChunks[0] != 0 ||
		len(resp.RejectSenders) != 1 || resp.RejectSenders[0] != "peer-1" {
		t.Fatalf("a tampered chunk: %+v", resp)
	}
	for i := uint32(0); i < s.Chunks; i++ {
		if r := apply(t, dst, i, chunk(t, src.App, s, i)).Result; r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
			t.Fatalf("chunk %d after a refetch: %v", i, r)
		}
	}

	dst = emptyApp(t)
	other := *s
	other.Format = 2
	if r := offer(t, dst, &other, hashes[int64(s.Height)]); r != abci.OFFER_SNAPSHOT_RESULT_REJECT_FORMAT {
		t.Fatalf("format 2: %v", r)
	}
	other = *s
	other.Chunks++
	if r := offer(t, dst, &other, hashes[int64(s.Height)]); r != abci.OFFER_SNAPSHOT_RESULT_REJECT {
		t.Fatalf("a chunk count the metadata does not have: %v", r)
	}
	other = *s
	other.Hash = bytes.Repeat([]byte{1}, 32)
	if r := offer(t, dst, &other, hashes[int64(s.Height)]); r != abci.OFFER_SNAPSHOT_RESULT_REJECT {
		t.Fatalf("a hash that is not the metadata's: %v", r)
	}
}

// TestSnapshotsWhileCommitting takes snapshots while blocks commit (the
// export reads through the read-only tree of queries: run with -race) and with pruning on, which
// must not delete the height being exported.
func TestSnapshotsWhileCommitting(t *testing.T) {
	t.Cleanup(app.SetSnapshotChunkSize(1 << 10))
	db, err := dbm.NewGoLevelDB("application", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db, SnapshotDir: t.TempDir(), SnapshotInterval: 3, KeepRecent: 2}))
	hashes := map[int64][]byte{}
	for i := 0; i < 60; i++ {
		op := c.Tx("bw-admin", &participanttypes.MsgAddOperator{PubKey: c.PubKey(strings.Repeat("k", i+1)), Role: envelope.Role_ROLE_IMPORTER, Name: "Importer"})
		resp := c.Block(op)
		hashes[c.Height] = resp.AppHash
	}
	c.App.WaitSnapshot()
	list := snapshots(t, c.App)
	if len(list) == 0 || len(list) > app.SnapshotsKept {
		t.Fatalf("%d snapshots kept", len(list))
	}
	for _, s := range list {
		if s.Chunks < 2 {
			t.Fatalf("snapshot %d in %d chunk: the test wants several", s.Height, s.Chunks)
		}
		if r := restoreInto(t, c.App, emptyApp(t), s, hashes[int64(s.Height)]); r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
			t.Fatalf("snapshot %d taken while blocks committed: %v", s.Height, r)
		}
	}
}

// TestSnapshotKeepsTheClock: a node restored from a snapshot of a test
// network with a clock in genesis derives ledger time as the network does
// (the clock is read from the restored state, not from InitChain, which a
// state-synced node never runs): a proposal's ledger times, and so the app
// hash, agree after the restore.
func TestSnapshotKeepsTheClock(t *testing.T) {
	db, err := dbm.NewGoLevelDB("application", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	src := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db, SnapshotDir: t.TempDir(), SnapshotInterval: 5}),
		apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
			g.Clock = &module.ClockGenesis{TestNetwork: true, LedgerTime: apptest.GenesisTime.AddDate(-1, 0, 0).Format(time.RFC3339), SpeedUp: 1440}
		}))
	hashes := map[int64][]byte{}
	for src.Height < 5 {
		hashes[src.Height+1] = src.Block().AppHash
	}
	src.App.WaitSnapshot()
	s := snapshots(t, src.App)[0]
	dst := emptyApp(t)
	if r := restoreInto(t, src.App, dst, s, hashes[int64(s.Height)]); r != abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT {
		t.Fatalf("snapshot %d: last chunk %v", s.Height, r)
	}
	tx := src.Tx("bw-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{
		ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}})
	req := &abci.FinalizeBlockRequest{Height: int64(s.Height) + 1, Time: src.Time.Add(apptest.BlockInterval), Txs: [][]byte{tx}}
	a, b := finalizeAndCommit(t, src.App, req), finalizeAndCommit(t, dst, req)
	if a.TxResults[0].Code != 0 || b.TxResults[0].Code != 0 || !bytes.Equal(a.AppHash, b.AppHash) {
		t.Fatalf("after the restore: codes %d and %d, app hashes %X and %X", a.TxResults[0].Code, b.TxResults[0].Code, a.AppHash, b.AppHash)
	}
}
