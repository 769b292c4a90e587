package app_test

import (
	"strings"
	"sync"
	"testing"

	dbm "github.com/cosmos/cosmos-db"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestStateGaugesBesideBlocks reads the modules' gauges while blocks commit
// (through the read-only tree of queries: run with -race), then checks the
// figures of the golden chain's state.
func TestStateGaugesBesideBlocks(t *testing.T) {
	db, err := dbm.NewGoLevelDB("application", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db}))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := c.App.StateGauges(); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	apptest.RunScript(t, c, goldenChain, nil)
	for i := 0; i < 20; i++ {
		c.Block(c.Tx("za-admin", &participanttypes.MsgAddOperator{PubKey: c.PubKey(strings.Repeat("g", i+1)), Role: envelope.Role_ROLE_IMPORTER, Name: "Importer"}))
	}
	close(stop)
	wg.Wait()

	height, gauges, err := c.App.StateGauges()
	if err != nil || height != c.Height {
		t.Fatalf("gauges at %d (chain at %d): %v", height, c.Height, err)
	}
	var certificates float64
	names := map[string]bool{}
	for _, g := range gauges {
		names[g.Name] = true
		if g.Name == "certificates" {
			certificates += g.Value
		}
	}
	if want := float64(len(c.Certificates())); certificates != want || want == 0 {
		t.Fatalf("certificates by status add up to %v, the ledger holds %v", certificates, want)
	}
	for _, name := range []string{"certificates", "overdue_certificates", "discrepancy_flags"} {
		if !names[name] {
			t.Fatalf("no %s gauge in %v", name, gauges)
		}
	}
}
