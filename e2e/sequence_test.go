package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kpledger/kpledger/testutil/network"
)

// oneKeyTwoNodes reproduces D3 of the reliability review: two `kpd tx`
// commands from one key, started together through two different nodes, both
// commit (before, both signed the same sequence and one never committed).
// With one keyring the second command waits for the first's lock; with two
// copies of the keyring (two officers' machines) nothing serialises them,
// and the command whose sequence another transaction took signs again.
func oneKeyTwoNodes(t *testing.T, c *network.Cluster) {
	t.Helper()
	copied := t.TempDir()
	names := map[string][]string{"one keyring": {"bw-seq-a", "bw-seq-b"}, "two keyrings": {"bw-seq-c", "bw-seq-d"}}
	for _, pair := range names {
		for _, name := range pair {
			if out, err := c.KPD("keys", "add", name, "--keyring-dir", c.Network.KeyringDir); err != nil {
				t.Fatalf("keys add %s: %v\n%s", name, err, out)
			}
		}
	}
	entries, err := os.ReadDir(c.Network.KeyringDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		bz, err := os.ReadFile(filepath.Join(c.Network.KeyringDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(copied, e.Name()), bz, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, trial := range []struct {
		name      string
		keyrings  [2]string
		operators []string
	}{
		{"one keyring", [2]string{c.Network.KeyringDir, c.Network.KeyringDir}, names["one keyring"]},
		{"two keyrings", [2]string{c.Network.KeyringDir, copied}, names["two keyrings"]},
	} {
		outs, errs := make([]string, 2), make([]error, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				outs[i], errs[i] = c.KPD("tx", "participant", "add-operator", trial.operators[i], "--role", "exporter",
					"--name", "Exporter "+trial.operators[i], "--from", "bw-admin", "--node", c.Node(i).RPC, "--keyring-dir", trial.keyrings[i])
			}()
		}
		wg.Wait()
		var height int64
		for i := range 2 {
			var h int64
			if at := strings.Index(outs[i], "height:"); errs[i] != nil || !strings.Contains(outs[i], "code:    0") || at < 0 {
				t.Fatalf("%s: the command through node%d did not commit: %v\n%s", trial.name, i, errs[i], outs[i])
			} else if _, err := fmt.Sscanf(outs[i][at:], "height: %d", &h); err != nil {
				t.Fatalf("%s: no height in %q", trial.name, outs[i])
			}
			height = max(height, h)
			t.Logf("%s, through node%d:\n%s", trial.name, i, outs[i])
		}
		for i := range c.Network.Nodes {
			c.WaitHeight(i, height)
			for _, name := range trial.operators {
				if out, err := c.KPD("query", "participant", "operator", name, "--node", c.Node(i).RPC, "--keyring-dir", c.Network.KeyringDir); err != nil {
					t.Fatalf("%s: node%d lacks operator %s: %v\n%s", trial.name, i, name, err, out)
				}
			}
		}
	}
}
