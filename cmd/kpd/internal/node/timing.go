package node

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
)

// TimingsPath is the ABCI query path at which a timed app answers its
// cumulative timings (kpd bench's CPU split); only nodes started with
// --bench-timings answer it.
const TimingsPath = "/bench/timings"

// Timings are the cumulative wall-clock nanoseconds an app spent in each
// ABCI method, and how many calls it served. ABCI calls are serialised by
// CometBFT's local client, so wall time is the app's own time.
type Timings struct {
	CheckTxNanos       int64 `json:"check_tx_ns"`
	CheckTxCalls       int64 `json:"check_tx_calls"`
	FinalizeBlockNanos int64 `json:"finalize_block_ns"`
	FinalizeBlockCalls int64 `json:"finalize_block_calls"`
	CommitNanos        int64 `json:"commit_ns"`
	CommitCalls        int64 `json:"commit_calls"`
}

// TimedApp measures the app it wraps, for benchmarks; it changes nothing the
// app answers.
type TimedApp struct {
	abci.Application
	t Timings
}

func (a *TimedApp) since(start time.Time, nanos, calls *int64) {
	atomic.AddInt64(nanos, int64(time.Since(start)))
	atomic.AddInt64(calls, 1)
}

func (a *TimedApp) CheckTx(ctx context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	defer a.since(time.Now(), &a.t.CheckTxNanos, &a.t.CheckTxCalls)
	return a.Application.CheckTx(ctx, req)
}

func (a *TimedApp) FinalizeBlock(ctx context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	defer a.since(time.Now(), &a.t.FinalizeBlockNanos, &a.t.FinalizeBlockCalls)
	return a.Application.FinalizeBlock(ctx, req)
}

func (a *TimedApp) Commit(ctx context.Context, req *abci.CommitRequest) (*abci.CommitResponse, error) {
	defer a.since(time.Now(), &a.t.CommitNanos, &a.t.CommitCalls)
	return a.Application.Commit(ctx, req)
}

func (a *TimedApp) Query(ctx context.Context, req *abci.QueryRequest) (*abci.QueryResponse, error) {
	if req.Path == TimingsPath {
		t := Timings{
			CheckTxNanos: atomic.LoadInt64(&a.t.CheckTxNanos), CheckTxCalls: atomic.LoadInt64(&a.t.CheckTxCalls),
			FinalizeBlockNanos: atomic.LoadInt64(&a.t.FinalizeBlockNanos), FinalizeBlockCalls: atomic.LoadInt64(&a.t.FinalizeBlockCalls),
			CommitNanos: atomic.LoadInt64(&a.t.CommitNanos), CommitCalls: atomic.LoadInt64(&a.t.CommitCalls),
		}
		bz, _ := json.Marshal(t)
		return &abci.QueryResponse{Value: bz}, nil
	}
	return a.Application.Query(ctx, req)
}
