package e2e_test

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble"
	cmtdb "github.com/cometbft/cometbft-db"
	cmtstore "github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// auditTheChain stops the cluster and proves its chain with `kpd audit
// replay`, then shows that a rewritten transaction, a changed value in a
// node's application state and a forged commit are each caught.
func auditTheChain(t *testing.T, c *network.Cluster, txHeight int64) {
	t.Helper()
	for i := range c.Network.Nodes {
		c.Stop(i)
	}
	home := c.Node(0).Home

	out, err := c.KPD("audit", "replay", "--home", home)
	if err != nil || !strings.Contains(out, "the chain replays") || !strings.Contains(out, "KP statistics") ||
		!strings.Contains(out, "node application state compared at") {
		t.Fatalf("replay of the network's chain: %v\n%s", err, out)
	}
	if out, err := c.KPD("audit", "export", "--home", home, "--format", "csv"); err != nil || !strings.Contains(out, "BW-2005-NET1,received") {
		t.Fatalf("audit export: %v\n%s", err, out)
	}

	t.Run("a rewritten transaction is caught at its height", func(t *testing.T) {
		copyHome := copyDir(t, home)
		rewriteBlocks(t, copyHome, txHeight, func(b *cmttypes.Block) {
			tx := []byte(b.Txs[0])
			tx[len(tx)-1] ^= 0x01
			b.Txs[0] = tx
		})
		wantDivergence(t, c, copyHome, txHeight, "not well formed")
	})

	t.Run("a value changed in a node's application state is caught, naming its module", func(t *testing.T) {
		copyHome := copyDir(t, home)
		top := tamperAppState(t, copyHome)
		out := wantDivergence(t, c, copyHome, top, "application state")
		if !strings.Contains(out, "modules whose state differs at height") || !strings.Contains(out, "certificate") {
			t.Fatalf("the module is not named:\n%s", out)
		}
	})

	t.Run("a forged commit is refused", func(t *testing.T) {
		copyHome := copyDir(t, home)
		top := blockHeight(t, copyHome)
		rewriteBlocks(t, copyHome, top, func(b *cmttypes.Block) {
			sigs := append([]cmttypes.CommitSig(nil), b.LastCommit.Signatures...)
			forged := append([]byte(nil), sigs[0].Signature...)
			forged[0] ^= 0xFF
			sigs[0].Signature = forged
			b.LastCommit = &cmttypes.Commit{Height: b.LastCommit.Height, Round: b.LastCommit.Round, BlockID: b.LastCommit.BlockID, Signatures: sigs}
			b.LastCommitHash = b.LastCommit.Hash()
		})
		wantDivergence(t, c, copyHome, top, "did not sign")
	})
	damagedStorage(t, c, home)
}

func wantDivergence(t *testing.T, c *network.Cluster, home string, height int64, reason string) string {
	t.Helper()
	out, err := c.KPD("audit", "replay", "--home", home)
	var exit *exec.ExitError
	if err == nil || !errors.As(err, &exit) {
		t.Fatalf("the replay did not fail: %v\n%s", err, out)
	}
	want := "DIVERGENCE at height " + itoa(height)
	if !strings.Contains(out, want) || !strings.Contains(out, reason) {
		t.Fatalf("want %q (%s):\n%s", want, reason, out)
	}
	return out
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "home")
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dst
}

func openBlockStore(t *testing.T, home string) (*cmtstore.BlockStore, func()) {
	t.Helper()
	db, err := cmtdb.NewPebbleDBWithOpts("blockstore", filepath.Join(home, "data"), &pebble.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cmtstore.NewBlockStore(db), func() { db.Close() }
}

func blockHeight(t *testing.T, home string) int64 {
	bs, done := openBlockStore(t, home)
	defer done()
	return bs.Height()
}

// rewriteBlocks rewrites block h through the block store's API: the blocks
// from h up are taken off the top and saved again, h edited.
func rewriteBlocks(t *testing.T, home string, h int64, edit func(*cmttypes.Block)) {
	t.Helper()
	bs, done := openBlockStore(t, home)
	defer done()
	top := bs.Height()
	type saved struct {
		block  *cmttypes.Block
		commit *cmttypes.Commit
	}
	var blocks []saved
	for i := h; i <= top; i++ {
		b, _ := bs.LoadBlock(i)
		commit := bs.LoadBlockCommit(i)
		if i == top {
			commit = bs.LoadSeenCommit(i)
		}
		if b == nil || commit == nil {
			t.Fatalf("block or commit %d missing", i)
		}
		blocks = append(blocks, saved{b, commit})
	}
	for bs.Height() >= h {
		if err := bs.DeleteLatestBlock(); err != nil {
			t.Fatal(err)
		}
	}
	edit(blocks[0].block)
	for _, s := range blocks {
		parts, err := s.block.MakePartSet(cmttypes.BlockPartSizeBytes)
		if err != nil {
			t.Fatal(err)
		}
		bs.SaveBlock(s.block, parts, s.commit)
	}
}

// tamperAppState changes a certificate's carats in the node's application
// state at its last height (an empty block: the state of the height before,
// saved again with the change) and returns that height.
func tamperAppState(t *testing.T, home string) int64 {
	t.Helper()
	db, err := dbm.NewGoLevelDB("application", filepath.Join(home, "data"), nil) // app.toml's default db-backend
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tree := iavl.NewMutableTree(iavldb.NewWrapper(db), 1000, !app.FastIndex, iavl.NewNopLogger(), iavl.SyncOption(true))
	top, err := tree.Load()
	if err != nil {
		t.Fatal(err)
	}
	before, err := tree.GetImmutable(top - 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(before.Hash()) != string(tree.Hash()) {
		t.Fatalf("the last block %d changed the state: cannot rewrite it alone", top)
	}
	if err := tree.LoadVersionForOverwriting(top - 1); err != nil {
		t.Fatal(err)
	}
	key := append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey("BW-2005-NET1")...)
	raw, err := tree.Get(key)
	if err != nil || raw == nil {
		t.Fatalf("certificate BW-2005-NET1 not in the state: %v", err)
	}
	var cert certtypes.Certificate
	if err := cert.Unmarshal(raw); err != nil {
		t.Fatal(err)
	}
	cert.Carats += 100 // one carat more on the record
	bz, _ := cert.Marshal()
	if _, err := tree.Set(key, bz); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tree.SaveVersion(); err != nil {
		t.Fatal(err)
	}
	return top
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
