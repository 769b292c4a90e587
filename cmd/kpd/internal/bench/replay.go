package bench

import (
	"context"
	"fmt"

	"github.com/kpledger/kpledger/cmd/kpd/internal/audit"
)

// Replay is an auditor's replay (`kpd audit replay`) of a bench chain: every
// block's links, commit signatures and transaction signatures verified, every
// block re-executed on a fresh app, every app hash compared.
type Replay struct {
	Chain      string `json:"chain"`
	Validators int    `json:"validators"`
	Blocks     int64  `json:"blocks"`
	Txs        int    `json:"txs"`
	// Seconds is the whole replay's wall time; the split is the time spent
	// checking blocks and commits (verify), in FinalizeBlock (execute, with
	// every transaction signature verified) and in Commit.
	Seconds         float64 `json:"seconds"`
	VerifySeconds   float64 `json:"verify_s"`
	ExecuteSeconds  float64 `json:"execute_s"`
	CommitSeconds   float64 `json:"commit_s"`
	TxPerSecond     float64 `json:"tx_per_s"`
	BlocksPerSecond float64 `json:"blocks_per_s"`
}

// measureReplay replays a stopped node's chain up to toHeight (0: all).
func measureReplay(ctx context.Context, chain, home string, validators int, toHeight int64) (Replay, error) {
	report, err := audit.Replay(ctx, audit.Options{Home: home, ToHeight: toHeight})
	if err != nil {
		return Replay{}, err
	}
	defer report.Close()
	if d := report.Divergence; d != nil {
		return Replay{}, fmt.Errorf("the replay of the %s diverged at height %d: %s", chain, d.Height, d.Reason)
	}
	r := Replay{
		Chain: chain, Validators: validators, Blocks: report.To - report.From + 1, Txs: report.Txs,
		Seconds: report.Elapsed.Seconds(), VerifySeconds: report.VerifyTime.Seconds(),
		ExecuteSeconds: report.ExecuteTime.Seconds(), CommitSeconds: report.CommitTime.Seconds(),
	}
	r.TxPerSecond = float64(r.Txs) / r.Seconds
	r.BlocksPerSecond = float64(r.Blocks) / r.Seconds
	return r, nil
}
