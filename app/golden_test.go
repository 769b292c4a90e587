package app_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden-apphash.txt (only with a new schema version)")

const (
	goldenChain   = "testdata/golden-chain.txt"
	goldenAppHash = "testdata/golden-apphash.txt"
)

// TestGoldenAppHash runs the golden chain (testdata/golden-chain.txt, a
// scenario script that uses every message kind, every decision kind and
// every kind of block-time work) and compares the app hash and the
// transaction codes after every block with testdata/golden-apphash.txt. A
// difference means the change alters the state an existing network holds:
// two nodes running the old and the new binary would fork.
func TestGoldenAppHash(t *testing.T) {
	c := apptest.New(t)
	got := []string{fmt.Sprintf("0 %X []", c.AppHash)}
	apptest.RunScript(t, c, goldenChain, func(resp *abci.FinalizeBlockResponse) {
		codes := make([]string, len(resp.TxResults))
		for i, r := range resp.TxResults {
			codes[i] = fmt.Sprint(r.Code)
		}
		got = append(got, fmt.Sprintf("%d %X [%s]", c.Height, resp.AppHash, strings.Join(codes, " ")))
	})
	t.Run("every stored value is non-empty, so that ICS23 proves any key's absence", func(t *testing.T) {
		keys := 0
		err := c.App.Walk(c.Height, func(key, value []byte) bool {
			keys++
			if len(value) == 0 {
				t.Errorf("key %X holds an empty value", key)
			}
			return true
		})
		if err != nil || keys < 100 {
			t.Fatalf("walked %d keys: %v", keys, err)
		}
	})
	if *updateGolden {
		header := fmt.Sprintf("# The golden chain of testdata/golden-chain.txt: height, app hash after the block, tx codes.\n"+
			"# State schema version %d. Regenerate only with a new schema version:\n"+
			"#   go test ./app -run TestGoldenAppHash -update-golden\n", app.SchemaVersion)
		if err := os.WriteFile(goldenAppHash, []byte(header+strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readGolden(t)
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("the golden chain diverges at line %d:\n got  %q\n want %q\n\n"+
				"This change alters the app hash or a transaction's code: a network running the previous binary "+
				"would fork from one running this one. If the change is meant to break state, raise app.SchemaVersion "+
				"(now %d), write an upgrade note in the README, and regenerate the golden chain with\n"+
				"  go test ./app -run TestGoldenAppHash -update-golden\n"+
				"Otherwise the change has a bug: a refactoring must keep every app hash.", i+1, g, w, app.SchemaVersion)
		}
	}
}

func readGolden(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(goldenAppHash)
	if err != nil {
		t.Fatalf("%v (create it with -update-golden)", err)
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if line := scanner.Text(); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
