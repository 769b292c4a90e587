package app_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/refusal"
)

// TestREADMEListsEveryCode keeps the README's table of refusal codes complete:
// every registered code appears as "| code | codespace | reason |".
func TestREADMEListsEveryCode(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range refusal.All() {
		row := fmt.Sprintf("| %d | %s | %s |", e.Code(), e.Codespace(), e.Reason())
		if !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the row %s", row)
		}
	}
}
