package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
)

// The empty-block chain the bench writes is a valid chain of the 45
// validators: the auditor's replay checks every link, commit and app hash.
func TestEmptyChainReplaysClean(t *testing.T) {
	net, err := testnet.Init(testnet.Options{Dir: filepath.Join(t.TempDir(), "net"), ChainID: "kpledger-bench-test", KP2005: true,
		Validators: 45, BasePort: 39000, EmptyBlockInterval: time.Second, TimeoutCommit: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteEmptyChain(context.Background(), net, 25); err != nil {
		t.Fatal(err)
	}
	replay, err := measureReplay(context.Background(), "test", net.Nodes[0].Home, 45, 0)
	if err != nil {
		t.Fatal(err)
	}
	if replay.Blocks != 25 || replay.Txs != 0 || replay.BlocksPerSecond <= 0 {
		t.Fatalf("replay = %+v, want 25 empty blocks", replay)
	}
}

func TestMeasureStorage(t *testing.T) {
	s, err := MeasureStorage(60, 6)
	if err != nil {
		t.Fatal(err)
	}
	if s.LiveBytesPerLifecycle <= 0 || s.HistoryBytesPerLifecycle <= s.LiveBytesPerLifecycle {
		t.Fatalf("storage = %+v: live state must grow with lifecycles, and history hold more than live state", s)
	}
	t.Logf("live %.0f B, history %.0f B per lifecycle", s.LiveBytesPerLifecycle, s.HistoryBytesPerLifecycle)
}
