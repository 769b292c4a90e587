package e2e_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/testutil/network"
)

// damagedStorage: copies of a stopped node's home, each with one byte
// flipped in the newest file of one of its stores, are each refused by `kpd
// audit replay`, naming a height or a key range, and by `kpd start` with an
// error that names the store (never a panic); a replay asked for more
// blocks than the copy holds fails too.
func damagedStorage(t *testing.T, c *network.Cluster, home string) {
	t.Helper()
	top := blockHeight(t, home)

	t.Run("a replay asked beyond the last block fails, naming the first missing height", func(t *testing.T) {
		out, err := c.KPD("audit", "replay", "--home", home, "--to-height", itoa(top+50))
		if err == nil || !strings.Contains(out, "DIVERGENCE at height "+itoa(top+1)) || !strings.Contains(out, "asked to reach height") {
			t.Fatalf("replay to height %d of a chain of %d: %v\n%s", top+50, top, err, out)
		}
	})

	for _, tc := range []struct {
		name, store string
		// below: the flipped byte is in the records of the block that many
		// under the last (-1: three quarters into the newest file).
		below int64
		// replay is what the replay's failure must say (one of them). A
		// table's checksum covers a block of records, so the flipped byte
		// can make an older block unreadable than the one it aimed at.
		replay []string
	}{
		{"a byte flipped in the newest block-store file", "blockstore.db", 0, []string{"is missing: the block store ends at height", "block store cannot give", "cannot be read from the block store", "the block store (blockstore.db) cannot be read"}},
		{"a byte flipped in the newest file of CometBFT's state", "state.db", 3, []string{"CometBFT's state (state.db)", "CometBFT's state ("}},
		{"a byte flipped in the newest file of the app's tree", "application.db", -1, []string{"application database", "application state"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			copyHome := copyDir(t, home)
			var marker []byte // goleveldb's tables are compressed: no marker
			if tc.below >= 0 {
				marker = blockHash(t, home, tc.below)
			}
			file := flipByte(t, filepath.Join(copyHome, "data", tc.store), marker)
			out, err := c.KPD("audit", "replay", "--home", copyHome)
			if err == nil || strings.Contains(out, "the chain replays") || strings.Contains(out, "panic") {
				t.Fatalf("replay after a byte flipped in %s: %v\n%s", file, err, out)
			}
			if !containsAny(out, tc.replay) || !(strings.Contains(out, "height") || strings.Contains(out, "key range")) {
				t.Fatalf("the replay does not name the damage (%q):\n%s", tc.replay, out)
			}
			t.Logf("byte flipped in %s; the replay says: %s", filepath.Base(file), lastLines(out, 2))
			out = startRefused(t, copyHome)
			t.Logf("kpd start says: %s", lastLines(out, 1))
		})
	}
}

// damagedNodeRecovers: a validator of a running network whose block store
// lost a byte refuses to start; restored from a backup it catches up by
// block sync; damaged again it refuses again, and after
// `kpd comet unsafe-reset-all` it block-syncs the chain from genesis and
// agrees with the others.
func damagedNodeRecovers(t *testing.T, c *network.Cluster, node int) {
	t.Helper()
	home := c.Node(node).Home
	backup := copyDir(t, filepath.Join(home, "data"))
	for i := range c.Network.Nodes {
		if i != node {
			c.Start(i)
		}
	}
	catchUp := func(how string) {
		t.Helper()
		c.Start(node)
		c.WaitHeight(0, 1) // node0 answers
		h, err := c.Height(0)
		if err != nil {
			t.Fatal(err)
		}
		c.WaitHeight(node, h+1)
		c.SameAppHashes([]int{0, node}, h+1)
		t.Logf("%s: node%d caught up to height %d and agrees with node0", how, node, h+1)
		c.Stop(node)
	}

	flipByte(t, filepath.Join(home, "data", "blockstore.db"), blockHash(t, home, 0))
	startRefused(t, home)
	if err := os.RemoveAll(filepath.Join(home, "data")); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", backup, filepath.Join(home, "data")).CombinedOutput(); err != nil {
		t.Fatalf("restore: %v %s", err, out)
	}
	catchUp("restored from a backup")

	flipByte(t, filepath.Join(home, "data", "blockstore.db"), blockHash(t, home, 0))
	startRefused(t, home)
	if out, err := c.KPD("comet", "unsafe-reset-all", "--home", home); err != nil {
		t.Fatalf("unsafe-reset-all: %v\n%s", err, out)
	}
	catchUp("after kpd comet unsafe-reset-all")
}

// startRefused runs `kpd start` on a damaged home: it must exit non-zero
// within a minute, saying the storage is damaged, without a panic.
func startRefused(t *testing.T, home string) string {
	t.Helper()
	kpd, err := network.KPD()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, kpd, "start", "--home", home).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("kpd start ran on a damaged home:\n%s", lastLines(string(out), 20))
	}
	if err == nil || !strings.Contains(string(out), "damaged storage") || strings.Contains(string(out), "panic") ||
		!strings.Contains(string(out), "unsafe-reset-all") {
		t.Fatalf("kpd start on a damaged home: %v\n%s", err, lastLines(string(out), 20))
	}
	return string(out)
}

// flipByte flips one byte in the newest (highest-numbered) data file of a database folder
// (pebble's or goleveldb's log or table) that holds marker — inside marker,
// so that the byte is live data, not a recycled tail —, or three quarters
// into the newest file when marker is nil; it returns the file's path.
func flipByte(t *testing.T, dir string, marker []byte) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Both databases number their files in the order they create them; a
	// log kept for reuse keeps its old number.
	type file struct {
		path   string
		number int
	}
	var files []file
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if ext != ".log" && ext != ".sst" && ext != ".ldb" {
			continue
		}
		number, err := strconv.Atoi(strings.TrimSuffix(e.Name(), ext))
		if info, ierr := e.Info(); err == nil && ierr == nil && info.Size() > 0 {
			files = append(files, file{filepath.Join(dir, e.Name()), number})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].number > files[j].number })
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		at := len(data) * 3 / 4
		if marker != nil {
			if at = bytes.LastIndex(data, marker); at < 0 {
				continue
			}
			at += len(marker) / 2
		}
		data[at] ^= 0xFF
		if err := os.WriteFile(f.path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return f.path
	}
	t.Fatalf("no data file in %s holds %X", dir, marker)
	return ""
}

// blockHash reads the hash of the block `below` blocks under the last one
// of a stopped node, from a copy of its block store (opening one writes to
// it): it is in the block store's records of that block and in CometBFT's
// state saved after it. A byte flipped in CometBFT's last state alone is a
// crash's damage, which CometBFT repairs on start (it applies the last block
// again); the state of a few blocks back is not.
func blockHash(t *testing.T, home string, below int64) []byte {
	t.Helper()
	scratch := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", filepath.Join(home, "data", "blockstore.db"), scratch).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	bs, done := openBlockStore(t, filepath.Dir(scratch))
	defer done()
	meta := bs.LoadBlockMeta(bs.Height() - below)
	if meta == nil {
		t.Fatalf("no block in %s", home)
	}
	return meta.BlockID.Hash
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
