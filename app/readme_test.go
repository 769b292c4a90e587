package app_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/core/refusal"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's table of refusal codes")

const (
	readmePath   = "../README.md"
	codesHeader  = "| code | codespace | reason |\n| --- | --- | --- |\n"
	codesTrailer = "\n## Store keys"
)

// TestREADMEListsEveryCode keeps the README's table of refusal codes equal to
// the registered codes. `go test ./app -run README -update-readme` rewrites it.
func TestREADMEListsEveryCode(t *testing.T) {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	for _, e := range refusal.All() {
		fmt.Fprintf(&table, "| %d | %s | %s |\n", e.Code(), e.Codespace(), e.Reason())
	}
	text := string(readme)
	start, end := strings.Index(text, codesHeader), strings.Index(text, codesTrailer)
	if start < 0 || end < start {
		t.Fatalf("README.md has no table of codes followed by %q", codesTrailer)
	}
	start += len(codesHeader)
	if got := text[start:end]; got != table.String() {
		if *updateReadme {
			if err := os.WriteFile(readmePath, []byte(text[:start]+table.String()+text[end:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's table of codes is stale; run: go test ./app -run README -update-readme")
	}
}
