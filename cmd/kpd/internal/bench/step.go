package bench

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"

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
	// non-zero code; Refusals says why, by reason (refusalReason).
	Refused  int            `json:"refused"`
	Refusals map[string]int `json:"refusals,omitempty"`
	Window   float64        `json:"window_s"`
	Blocks   int            `json:"blocks"`
	// LateRounds counts the step's blocks that took more than one
	// consensus round (a proposal that came too late or was refused).
	LateRounds int `json:"late_rounds"`
	// Latency, from send to the first sight of the block on node 0, of the
	// window's committed transactions.
	Latency Latency  `json:"latency"`
	CPU     CPUSplit `json:"cpu"`
	// RSSBytes is each node's resident memory (VmRSS) at the window's end,
	// node 0 first.
	RSSBytes []int64 `json:"rss_bytes,omitempty"`
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
	// Others is the rest of the machine's CPU time (/proc/stat): other
	// users' work on a shared machine, which the figures do not control.
	Others float64 `json:"others"`
}

// Per-node send workers: BroadcastTxSync waits for CheckTx, so a node needs
// several in flight to be offered thousands of transactions a second.
const workersPerNode = 16

// cpuSnapshot is the counters the CPU split is a difference of.
type cpuSnapshot struct {
	nodes     float64
	timings   node.Timings
	generator float64
	machine   float64
}

func (c *Cluster) snapshot(ctx context.Context) cpuSnapshot {
	s := cpuSnapshot{nodes: c.nodesCPU(), generator: selfCPU(), machine: machineCPU()}
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
	if b.machine > 0 {
		s.Others = max(0, (b.machine-a.machine)/w-s.Nodes-s.LoadGenerator)
	}
	return s
}

// machineCPU is the CPU time every process of the machine has used, from
// /proc/stat's first line (user, nice, system, irq and softirq, in clock
// ticks of 10 ms); 0 when unreadable.
func machineCPU() float64 {
	bz, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(bz), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0
	}
	total := 0.0
	for _, i := range []int{1, 2, 3, 6, 7} {
		ticks, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return 0
		}
		total += ticks
	}
	return total / 100
}

// heightWatch polls node 0's latest height and notes when each height was
// first seen.
type heightWatch struct {
	mu   sync.Mutex
	seen map[int64]time.Time
	last int64
	// advanced is closed when a new height is seen, and replaced.
	advanced chan struct{}
}

// nextBlock waits until the watch sees a new height, or until deadline; it
// says whether a block came.
func (w *heightWatch) nextBlock(deadline time.Time) bool {
	w.mu.Lock()
	advanced := w.advanced
	w.mu.Unlock()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-advanced:
		return true
	case <-timer.C:
		return false
	}
}

func (c *Cluster) watchHeights(ctx context.Context, from int64) (*heightWatch, func()) {
	w := &heightWatch{seen: map[int64]time.Time{}, last: from, advanced: make(chan struct{})}
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
			if st.SyncInfo.LatestBlockHeight > w.last {
				w.last = st.SyncInfo.LatestBlockHeight
				close(w.advanced)
				w.advanced = make(chan struct{})
			}
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
		if h > from+1 && block.Block.LastCommit != nil && block.Block.LastCommit.Round > 0 {
			c.lateRounds[h-1] = true
		}
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
// and measures the rest. The generator sends each transaction when it is
// due, as its client would (DESIGN §4): each signer's in sequence order to
// one node, one at a time; a transaction refused because the node's
// mempool was full (or still rechecking after a block) is sent again after
// the next block, until the step's end — the later ones wait behind it.
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
	refusedAtSend := make([]string, len(txs)) // the reason, "" when the node took it
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
	if c.alongside != nil {
		wg.Add(1)
		go func() { defer wg.Done(); c.alongside(windowStart, end) }()
	}
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
					refusedAtSend[i] = notSentInTime
					continue
				}
				time.Sleep(time.Until(due))
				sentAt[i] = time.Now()
				for {
					res, err := rpc.BroadcastTxSync(ctx, txs[i].bytes)
					refusedAtSend[i] = sendRefusal(res, err)
					if refusedAtSend[i] != mempoolFull && refusedAtSend[i] != rechecking || !watch.nextBlock(end) {
						break
					}
				}
			}
		}(c.rpc[q/workersPerNode], queue)
	}
	wg.Wait()
	time.Sleep(time.Until(end))
	<-cpuTaken
	cpuEnd := c.snapshot(ctx)
	rss := c.nodesRSS()
	if err := c.drain(ctx, 2*time.Minute); err != nil {
		return Step{}, err
	}
	stopWatch()
	endHeight := watch.last

	committed, okPerHeight, err := c.blocks(ctx, startHeight, endHeight)
	if err != nil {
		return Step{}, err
	}
	st := Step{Offered: rate, Window: end.Sub(windowStart).Seconds(), CPU: split(cpuStart, cpuEnd, end.Sub(windowStart)), RSSBytes: rss}
	sent, ok := 0, 0
	for h, seen := range watch.seen {
		if !seen.Before(windowStart) && !seen.After(end) {
			ok += okPerHeight[h]
			st.Blocks++
			if c.lateRounds[h] {
				st.LateRounds++
			}
		}
	}
	st.Committed = float64(ok) / st.Window
	var latencies []time.Duration
	for i, tx := range txs {
		ct, inChain := committed[tx.hash]
		success := refusedAtSend[i] == "" && inChain && ct.code == 0
		if !success {
			st.Refused++
			if st.Refusals == nil {
				st.Refusals = map[string]int{}
			}
			switch {
			case refusedAtSend[i] != "":
				st.Refusals[refusedAtSend[i]]++
			case !inChain:
				st.Refusals[neverCommitted]++
			default:
				st.Refusals[fmt.Sprintf("block code %d", ct.code)]++
			}
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

// Reasons a step's transaction did not commit, beside "CheckTx code N" and
// "block code N".
const (
	notSentInTime  = "not sent in time"
	mempoolFull    = "mempool full"
	rechecking     = "mempool rechecking"
	inCache        = "already in the node's cache"
	rpcFailure     = "RPC error"
	neverCommitted = "taken, never committed"
)

// checkTxCode finds the code in CometBFT v1's text of a CheckTx refusal
// (mempool.ErrInvalidTx), which broadcast_tx_sync returns as an RPC error.
var checkTxCode = regexp.MustCompile(`is invalid: code=(\d+)`)

// sendRefusal is why a node did not take a transaction sent with
// broadcast_tx_sync, or "".
func sendRefusal(res *coretypes.ResultBroadcastTx, err error) string {
	if err == nil {
		if res.Code != 0 {
			return fmt.Sprintf("CheckTx code %d", res.Code)
		}
		return ""
	}
	text := err.Error()
	switch m := checkTxCode.FindStringSubmatch(text); {
	case m != nil:
		return "CheckTx code " + m[1]
	case strings.Contains(text, "mempool is full"):
		return mempoolFull
	case strings.Contains(text, "still rechecking"):
		return rechecking
	case strings.Contains(text, "already exists in cache"):
		return inCache
	}
	return rpcFailure
}

// RefusedWhy is the refused count followed by its reasons, most frequent
// first: "3120 (mempool full 3000, CheckTx code 13 120)".
func (s Step) RefusedWhy() string {
	if len(s.Refusals) == 0 {
		return strconv.Itoa(s.Refused)
	}
	reasons := make([]string, 0, len(s.Refusals))
	for reason := range s.Refusals {
		reasons = append(reasons, reason)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := s.Refusals[reasons[i]], s.Refusals[reasons[j]]
		return a > b || a == b && reasons[i] < reasons[j]
	})
	for i, reason := range reasons {
		reasons[i] = fmt.Sprintf("%s %d", reason, s.Refusals[reason])
	}
	return fmt.Sprintf("%d (%s)", s.Refused, strings.Join(reasons, ", "))
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
