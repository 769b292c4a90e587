package bench

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
	"github.com/kpledger/kpledger/genesis"
)

// Replay bench chain: ReplayChainBlocks blocks of ReplayChainPerBlock
// lifecycle transactions, about the bench's saturated 1-validator chain
// (150,000 transactions in some 500 blocks).
const (
	replayChainBlocks   = 520
	replayChainPerBlock = 290
)

// BenchmarkReplaySaturated replays (`kpd audit replay`) a 1-validator chain of
// about 150,000 lifecycle transactions written straight through the app, as
// the bench's replay target measures. The chain is written once into
// KPD_REPLAY_CHAIN when that folder does not hold one yet (else a temporary
// folder), so that replays before and after a change run on the same chain:
//
//	KPD_REPLAY_CHAIN=/tmp/replay-chain go test ./cmd/kpd/internal/bench -run - -bench ReplaySaturated -benchtime 1x -cpuprofile cpu.out
func BenchmarkReplaySaturated(b *testing.B) {
	dir := os.Getenv("KPD_REPLAY_CHAIN")
	if dir == "" {
		dir = b.TempDir()
	}
	home, err := replayChain(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var txs int
	var total, verify, execute, commit, cpu float64
	for b.Loop() {
		before := ownCPUSeconds()
		r, err := measureReplay(context.Background(), "bench", home, 1, 0)
		if err != nil {
			b.Fatal(err)
		}
		cpu += ownCPUSeconds() - before
		txs += r.Txs
		total += r.Seconds
		verify += r.VerifySeconds
		execute += r.ExecuteSeconds
		commit += r.CommitSeconds
		b.Logf("%d txs in %.2f s: %.0f tx/s (verify %.1f s, execute %.1f s, commit %.1f s; CPU %.1f s)",
			r.Txs, r.Seconds, r.TxPerSecond, r.VerifySeconds, r.ExecuteSeconds, r.CommitSeconds, ownCPUSeconds()-before)
	}
	perTx := func(s float64) float64 { return s / float64(txs) * 1e6 }
	b.ReportMetric(float64(txs)/total, "tx/s")
	b.ReportMetric(perTx(verify), "verify-µs/tx")
	b.ReportMetric(perTx(execute), "execute-µs/tx")
	b.ReportMetric(perTx(commit), "commit-µs/tx")
	b.ReportMetric(perTx(total-verify-execute-commit), "other-µs/tx")
	b.ReportMetric(perTx(cpu), "cpu-µs/tx")
}

// ownCPUSeconds is the CPU time this process has used, on every core: on a
// shared machine it varies less than the wall time.
func ownCPUSeconds() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()).Seconds()
}

// replayChain returns the node home of the replay bench chain in dir,
// writing it first when dir holds none.
func replayChain(dir string) (string, error) {
	netDir := filepath.Join(dir, "net")
	done := filepath.Join(dir, "written")
	if home, err := os.ReadFile(done); err == nil {
		return string(home), nil
	}
	os.RemoveAll(netDir)
	net, err := testnet.Init(testnet.Options{Dir: netDir, ChainID: "kpledger-bench", Participants: Participants,
		Validators: 1, BasePort: 39100, EmptyBlockInterval: time.Second, TimeoutCommit: time.Second,
		Edit: func(g *genesis.Document) error { return RegisterSigners(g, Participants) }})
	if err != nil {
		return "", err
	}
	err = writeLifecycles(net, "kpledger-bench", workersPerNode, replayChainBlocks, replayChainPerBlock)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(done, []byte(net.Nodes[0].Home), 0o644); err != nil {
		return "", err
	}
	return net.Nodes[0].Home, nil
}
