package node

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestMeteredAppCountsRefusalsAndTimesCalls: refusals by stage and code,
// the block's height and time, the calls' durations; answers pass through.
func TestMeteredAppCountsRefusalsAndTimesCalls(t *testing.T) {
	ctx := context.Background()
	m := NewMetrics(prometheus.NewRegistry())
	a := m.Meter(kvstore.NewInMemoryApplication())
	if _, err := a.InitChain(ctx, &abci.InitChainRequest{}); err != nil {
		t.Fatal(err)
	}
	bad, err := a.CheckTx(ctx, &abci.CheckTxRequest{Tx: []byte("no-equals-sign"), Type: abci.CHECK_TX_TYPE_CHECK})
	if err != nil || bad.Code == 0 {
		t.Fatalf("kvstore accepted a malformed tx: %v %v", bad, err)
	}
	blockTime := time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)
	if _, err := a.FinalizeBlock(ctx, &abci.FinalizeBlockRequest{Height: 1, Time: blockTime, Txs: [][]byte{[]byte("carats=100")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(ctx, &abci.CommitRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := testutil.ToFloat64(m.refusals.WithLabelValues("check_tx", bad.Codespace, fmt.Sprint(bad.Code))); got != 1 {
		t.Fatalf("check_tx refusals with code %d: %v", bad.Code, got)
	}
	if got := testutil.ToFloat64(m.lastBlockTime); got != float64(blockTime.Unix()) {
		t.Fatalf("last block time %v", got)
	}
	if got := testutil.ToFloat64(m.height); got != 1 {
		t.Fatalf("height %v", got)
	}
	if got := testutil.CollectAndCount(m.durations); got != 3 {
		t.Fatalf("%d timed methods, want check_tx, finalize_block and commit", got)
	}
}

// TestAppConfigRoundTrip: app.toml as written reads back, and KPD_ variables
// override it.
func TestAppConfigRoundTrip(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o700); err != nil {
		t.Fatal(err)
	}
	want := DefaultAppConfig()
	want.SnapshotInterval = 50
	if err := WriteAppConfig(home, want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadAppConfig(home)
	if err != nil || got != want {
		t.Fatalf("read back %+v (%v), wrote %+v", got, err, want)
	}
	t.Setenv("KPD_STATE_GAUGES_INTERVAL", "5m")
	t.Setenv("KPD_SNAPSHOT_INTERVAL", "0")
	got, err = LoadAppConfig(home)
	if err != nil || got.StateGaugesInterval.Duration != 5*time.Minute || got.SnapshotInterval != 0 {
		t.Fatalf("overridden: %+v (%v)", got, err)
	}
}
