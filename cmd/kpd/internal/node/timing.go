package node

import (
	"context"
	"encoding/json"
	"runtime"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"golang.org/x/sys/unix"
)

// TimingsPath is the ABCI query path at which a timed app answers its
// cumulative timings (kpd bench's CPU split); only nodes started with
// --bench-timings answer it.
const TimingsPath = "/bench/timings"

// Timings are the cumulative CPU nanoseconds an app spent in each ABCI
// method, and how many calls it served. A call runs locked to its OS thread
// and is charged that thread's CPU time: wall time would also count the
// time the call waited for a core (four nodes on two cores wait a lot).
// Work the app hands to other goroutines (the database's compactions,
// IAVL's pruning) is not in these figures.
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

// threadCPU is the calling thread's CPU time.
func threadCPU() int64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return ts.Nano()
}

// begin locks the goroutine to its thread and returns the thread's CPU time.
func begin() int64 {
	runtime.LockOSThread()
	return threadCPU()
}

// end charges the thread's CPU time since start to a method.
func (a *TimedApp) end(start int64, nanos, calls *int64) {
	atomic.AddInt64(nanos, threadCPU()-start)
	atomic.AddInt64(calls, 1)
	runtime.UnlockOSThread()
}

func (a *TimedApp) CheckTx(ctx context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	defer a.end(begin(), &a.t.CheckTxNanos, &a.t.CheckTxCalls)
	return a.Application.CheckTx(ctx, req)
}

func (a *TimedApp) FinalizeBlock(ctx context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	defer a.end(begin(), &a.t.FinalizeBlockNanos, &a.t.FinalizeBlockCalls)
	return a.Application.FinalizeBlock(ctx, req)
}

func (a *TimedApp) Commit(ctx context.Context, req *abci.CommitRequest) (*abci.CommitResponse, error) {
	defer a.end(begin(), &a.t.CommitNanos, &a.t.CommitCalls)
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
