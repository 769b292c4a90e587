package bench

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"sync"
	"syscall"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"

	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

// Step is the measurement of one offered rate held for a step's duration.
type Step struct {
	// Offered is the rate the generator aimed at; Sent the rate it reached
	// in the window (lower when the nodes answer too slowly).
	Offered float64 `json:"offered_tx_s"`
	Sent    float64 `json:"sent_tx_s"`
	// Committed is code-0 transactions per second in the blocks committed
	// during the window.
	Committed float64 `json:"committed_tx_s"`
	// Refused counts transactions of the whole step that the nodes did not
	// take (full mempool, CheckTx refusal) or that committed with a
	// non-zero code.
	Refused int     `json:"refused"`
	Window  float64 `json:"window_s"`
	Blocks  int     `json:"blocks"`
	// Latency, from send to the first sight of the block on node 0, of the
	// window's committed transactions.
	Latency Latency  `json:"latency"`
	CPU     CPUSplit `json:"cpu"`
}

// Latency percentiles in milliseconds.
type Latency struct {
	Samples int     `json:"samples"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
}

// CPUSplit is CPU time over a step's window, in seconds per second of wall
// time (2.0 is both cores of a 2-core machine).
type CPUSplit struct {
	Nodes         float64 `json:"nodes"`
	CometBFT      float64 `json:"cometbft"`
	CheckTx       float64 `json:"check_tx"`
	FinalizeBlock float64 `json:"finalize_block"`
	Commit        float64 `json:"commit"`
	LoadGenerator float64 `json:"load_generator"`
}

// Per-node send workers: BroadcastTxSync waits for CheckTx, so a node needs
// several in flight to be offered thousands of transactions a second.
const workersPerNode = 16

// cpuSnapshot is the counters the CPU split is a difference of.
type cpuSnapshot struct {
	nodes     float64
	timings   node.Timings
	generator float64
}

func (c *Cluster) snapshot(ctx context.Context) cpuSnapshot {
	s := cpuSnapshot{nodes: c.nodesCPU(), generator: selfCPU()}
	for _, rpc := range c.rpc {
		res, err := rpc.ABCIQueryWithOptions(ctx, node.TimingsPath, nil, rpcclient.ABCIQueryOptions{})
		if err != nil {
			continue
		}
		var t node.Timings
		if json.Unmarshal(res.Response.Value, &t) == nil {
			s.timings.CheckTxNanos += t.CheckTxNanos
			s.timings.FinalizeBlockNanos += t.FinalizeBlockNanos
			s.timings.CommitNanos += t.CommitNanos
		}
	}
	return s
}

func selfCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func split(a, b cpuSnapshot, wall time.Duration) CPUSplit {
	w := wall.Seconds()
	s := CPUSplit{
		Nodes:         (b.nodes - a.nodes) / w,
		CheckTx:       time.Duration(b.timings.CheckTxNanos-a.timings.CheckTxNanos).Seconds() / w,
		FinalizeBlock: time.Duration(b.timings.FinalizeBlockNanos-a.timings.FinalizeBlockNanos).Seconds() / w,
		Commit:        time.Duration(b.timings.CommitNanos-a.timings.CommitNanos).Seconds() / w,
		LoadGenerator: (b.generator - a.generator) / w,
	}
	s.CometBFT = max(0, s.Nodes-s.CheckTx-s.FinalizeBlock-s.Commit)
	return s
}

// heightWatch polls node 0's latest height and notes when each height was
// first seen.
type heightWatch struct {
	mu   sync.Mutex
	seen map[int64]time.Time
	last int64
}

func (c *Cluster) watchHeights(ctx context.Context, from int64) (*heightWatch, func()) {
	w := &heightWatch{seen: map[int64]time.Time{}, last: from}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			st, err := c.rpc[0].Status(ctx)
			if err != nil {
				continue
			}
			now := time.Now()
			w.mu.Lock()
			for h := w.last + 1; h <= st.SyncInfo.LatestBlockHeight; h++ {
				w.seen[h] = now
			}
			w.last = max(w.last, st.SyncInfo.LatestBlockHeight)
			w.mu.Unlock()
		}
	}()
	return w, func() { cancel(); <-done }
}

func (c *Cluster) height(ctx context.Context) (int64, error) {
	st, err := c.rpc[0].Status(ctx)
	if err != nil {
		return 0, err
	}
	return st.SyncInfo.LatestBlockHeight, nil
}

// drain waits until every node's mempool is empty and one more block is
// committed, so that every transaction of a step has its fate.
func (c *Cluster) drain(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		pending := 0
		for _, rpc := range c.rpc {
			n, err := rpc.NumUnconfirmedTxs(ctx)
			if err != nil {
				return err
			}
			pending += n.Total
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d transactions still pending after %s", pending, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
	h, err := c.height(ctx)
	if err != nil {
		return err
	}
	for {
		now, err := c.height(ctx)
		if err != nil {
			return err
		}
		if now > h {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// committedTx is a transaction's place in the chain.
type committedTx struct {
	height int64
	code   uint32
}

// blocks reads the transactions and result codes of heights (from, to].
func (c *Cluster) blocks(ctx context.Context, from, to int64) (map[[sha256.Size]byte]committedTx, map[int64]int, error) {
	txs := map[[sha256.Size]byte]committedTx{}
	okPerHeight := map[int64]int{}
	for h := from + 1; h <= to; h++ {
		height := h
		block, err := c.rpc[0].Block(ctx, &height)
		if err != nil {
			return nil, nil, err
		}
		results, err := c.rpc[0].BlockResults(ctx, &height)
		if err != nil {
			return nil, nil, err
		}
		if len(results.TxResults) != len(block.Block.Txs) {
			return nil, nil, fmt.Errorf("height %d: %d txs, %d results", h, len(block.Block.Txs), len(results.TxResults))
		}
		c.txsByHeight[h] = len(block.Block.Txs)
		for i, tx := range block.Block.Txs {
			code := results.TxResults[i].Code
			txs[sha256.Sum256(tx)] = committedTx{height: h, code: code}
			if code == 0 {
				okPerHeight[h]++
			}
		}
	}
	return txs, okPerHeight, nil
}

// runStep offers rate transactions a second for d, drops the first warmup,
// and measures the rest.
func (c *Cluster) runStep(ctx context.Context, wl workload, rng *rand.Rand, rate float64, d, warmup time.Duration) (Step, error) {
	txs := wl.build(int(rate*d.Seconds()), rng)
	nodes := len(c.rpc)
	queues := make([][]int, nodes*workersPerNode)
	for i, tx := range txs {
		q := tx.node*workersPerNode + tx.worker%workersPerNode
		queues[q] = append(queues[q], i)
	}
	startHeight, err := c.height(ctx)
	if err != nil {
		return Step{}, err
	}
	watch, stopWatch := c.watchHeights(ctx, startHeight)
	defer stopWatch()

	sentAt := make([]time.Time, len(txs))
	refusedAtSend := make([]bool, len(txs))
	start := time.Now()
	windowStart, end := start.Add(warmup), start.Add(d)
	var cpuStart cpuSnapshot
	cpuTaken := make(chan struct{})
	go func() {
		time.Sleep(time.Until(windowStart))
		cpuStart = c.snapshot(ctx)
		close(cpuTaken)
	}()
	var wg sync.WaitGroup
	for q, queue := range queues {
		if len(queue) == 0 {
			continue
		}
		wg.Add(1)
		go func(rpc rpcclient.Client, queue []int) {
			defer wg.Done()
			for _, i := range queue {
				due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
				if due.After(end) || time.Now().After(end) {
					refusedAtSend[i] = true
					continue
				}
				time.Sleep(time.Until(due))
				sentAt[i] = time.Now()
				res, err := rpc.BroadcastTxSync(ctx, txs[i].bytes)
				if err != nil || res.Code != 0 {
					refusedAtSend[i] = true
				}
			}
		}(c.rpc[q/workersPerNode], queue)
	}
	wg.Wait()
	time.Sleep(time.Until(end))
	<-cpuTaken
	cpuEnd := c.snapshot(ctx)
	if err := c.drain(ctx, 2*time.Minute); err != nil {
		return Step{}, err
	}
	stopWatch()
	endHeight := watch.last

	committed, okPerHeight, err := c.blocks(ctx, startHeight, endHeight)
	if err != nil {
		return Step{}, err
	}
	st := Step{Offered: rate, Window: end.Sub(windowStart).Seconds(), CPU: split(cpuStart, cpuEnd, end.Sub(windowStart))}
	sent, ok := 0, 0
	for h, seen := range watch.seen {
		if !seen.Before(windowStart) && !seen.After(end) {
			ok += okPerHeight[h]
			st.Blocks++
		}
	}
	st.Committed = float64(ok) / st.Window
	var latencies []time.Duration
	for i, tx := range txs {
		ct, inChain := committed[tx.hash]
		success := !refusedAtSend[i] && inChain && ct.code == 0
		if !success {
			st.Refused++
		}
		if tx.step != nil {
			tx.step(success)
		}
		if sentAt[i].Before(windowStart) || sentAt[i].After(end) {
			continue
		}
		sent++
		if success {
			if seen, ok := watch.seen[ct.height]; ok {
				latencies = append(latencies, seen.Sub(sentAt[i]))
			}
		}
	}
	st.Sent = float64(sent) / st.Window
	st.Latency = percentiles(latencies)
	if err := wl.settle(c.nextSequence(ctx)); err != nil {
		return Step{}, err
	}
	return st, nil
}

func percentiles(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	ms := func(x time.Duration) float64 { return float64(x.Microseconds()) / 1000 }
	at := func(p float64) time.Duration { return d[min(len(d)-1, int(p*float64(len(d))))] }
	return Latency{Samples: len(d), P50: ms(at(0.50)), P99: ms(at(0.99)), Max: ms(d[len(d)-1])}
}
