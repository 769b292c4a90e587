package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/testutil/network"
)

// TestBackupRestore: a validator's disk is lost. Its operator had a backup
// of the stopped node (`kpd backup`, without the validator key) and the
// validator key in custody; `kpd restore` brings the home back, the key is
// put back, and the node catches up with the network — which went on
// without it — to the same app hashes, and signs again. A running node is
// not backed up.
func TestBackupRestore(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4})
	const v = 3
	home := c.Node(v).Home
	c.StartAll()
	c.WaitAll(2)
	mustTx(t, c, 0, "bw-admin", newOperator("before the backup"))

	archive := filepath.Join(c.Dir, "node3-backup.tar.gz")
	if out, err := c.KPD("backup", "--home", home, "--out", archive); err == nil || !strings.Contains(out, "running") {
		t.Fatalf("a backup of a running node: %v\n%s", err, out)
	}
	c.Stop(v)
	out, err := c.KPD("backup", "--home", home, "--out", archive)
	if err != nil || !strings.Contains(out, "validator key false") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	c.Start(v)
	registered := mustTx(t, c, 1, "bw-admin", newOperator("after the backup"))

	// The disk is lost: the validator key survives only in its custody.
	custody := t.TempDir()
	c.Stop(v)
	for _, f := range []string{"config/priv_validator_key.json", "data/priv_validator_state.json"} {
		if err := os.Rename(filepath.Join(home, f), filepath.Join(custody, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(home); err != nil {
		t.Fatal(err)
	}
	h, _ := c.Height(0)
	c.WaitHeight(0, h+3) // the network goes on without it

	if out, err := c.KPD("restore", "--in", archive, "--home", home); err != nil || !strings.Contains(out, "put back") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	for _, f := range []string{"config/priv_validator_key.json", "data/priv_validator_state.json"} {
		if err := os.Rename(filepath.Join(custody, filepath.Base(f)), filepath.Join(home, f)); err != nil {
			t.Fatal(err)
		}
	}
	c.Start(v)
	top, _ := c.Height(0)
	c.WaitHeight(v, top)
	if top <= registered {
		t.Fatalf("the network stopped at %d", top)
	}
	c.SameAppHashes([]int{0, 1, 2, 3}, top)
	sameOperators(t, c, []int{0, 1, 2, 3})
	wantSigner(t, c, ed25519.PubKey(validatorKey(t, c, v)).Address(), top+1, true)
}
