package keeper_test

import (
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
)

// TestScenarios runs the plenary workflows scripted in testdata/, each on a
// fresh fixture network with the Russian Federation as KP Chair and
// Botswana as Vice-Chair for 2005 (`go test -rewrite` writes what the ledger
// answered into the files, to be read before committing).
func TestScenarios(t *testing.T) {
	apptest.RunScripts(t, "testdata/*.txt", func(t testing.TB) *apptest.Chain { return newChain(t, withChair(2005, "RU", "BW")) })
}
