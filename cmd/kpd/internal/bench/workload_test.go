package bench

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
)

// The kpledger workload's transactions are valid on a real app: every issue,
// transfer and confirm commits with code 0, lifecycles advance from one step
// to the next, and a signer whose transaction was lost resynchronises.
func TestKpWorkloadLifecyclesCommit(t *testing.T) {
	participants := []string{"BW", "EU", "ZA", "RU", "IN"}
	chain := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		if err := RegisterSigners(g, participants); err != nil {
			t.Fatal(err)
		}
	}))
	w := newKpWorkload(apptest.ChainID, participants, 1, workersPerNode, func() time.Time { return chain.Time })
	rng := rand.New(rand.NewSource(1))
	next := func(s *signer) (uint64, error) {
		var seq envelope.QuerySequenceResponse
		chain.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: s.key.PubKey().Address()}, &seq)
		return seq.Next, nil
	}
	committed := map[string]int{}
	for step := 0; step < 4; step++ {
		txs := w.build(90, rng)
		if len(txs) != 90 {
			t.Fatalf("step %d: %d transactions, want 90", step, len(txs))
		}
		// Step 2 loses its first transaction, as a full mempool would.
		lost := step == 2
		deliver := txs
		if lost {
			deliver = txs[1:]
		}
		var block [][]byte
		for _, tx := range deliver {
			block = append(block, tx.bytes)
		}
		results := chain.Block(block...).TxResults
		failed := 0
		for i, tx := range txs {
			ok := false
			if !lost || i > 0 {
				j := i
				if lost {
					j--
				}
				ok = results[j].Code == 0
				if !ok && !lost {
					t.Fatalf("step %d: %s refused: %d %s", step, tx.kind, results[j].Code, results[j].Log)
				}
			}
			if ok {
				committed[tx.kind]++
			} else {
				failed++
			}
			tx.step(ok)
		}
		if lost && failed == 0 {
			t.Fatal("the lost transaction counted as committed")
		}
		if err := w.settle(next); err != nil {
			t.Fatal(err)
		}
	}
	if committed["issue"] == 0 || committed["transfer"] == 0 || committed["confirm"] == 0 {
		t.Fatalf("committed %v: every kind of a lifecycle must commit", committed)
	}
}

func TestKvWorkloadTransactions(t *testing.T) {
	w := &kvWorkload{nodes: 4, workers: workersPerNode}
	txs := w.build(100, rand.New(rand.NewSource(1)))
	seen := map[string]bool{}
	nodes := map[int]int{}
	for _, tx := range txs {
		if len(tx.bytes) < 240 || len(tx.bytes) > 260 {
			t.Fatalf("tx of %d bytes, want ~250", len(tx.bytes))
		}
		if seen[string(tx.bytes)] {
			t.Fatal("duplicate transaction")
		}
		seen[string(tx.bytes)] = true
		nodes[tx.node]++
	}
	if len(nodes) != 4 {
		t.Fatalf("transactions spread over %d nodes, want 4", len(nodes))
	}
}

func TestPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	got := percentiles(d)
	if got.Samples != 100 || got.P50 != 51 || got.P99 != 100 || got.Max != 100 {
		t.Fatalf("percentiles = %+v", got)
	}
	if (percentiles(nil) != Latency{}) {
		t.Fatal("no samples must give zero percentiles")
	}
}

func TestEvaluateTargets(t *testing.T) {
	r := &Report{Measurements: []Measurement{
		{App: Kpledger, Scenario: "1 validator", Saturation: 3000, Overload: &Step{Committed: 2800}},
		{App: Kvstore, Scenario: "1 validator", Saturation: 5000},
		{App: Kpledger, Scenario: "4 validators", Saturation: 1000, At50: &Step{Latency: Latency{P99: 2000}}, Overload: &Step{Committed: 400}},
		{App: Kvstore, Scenario: "4 validators", Saturation: 2500, AtKpledger50: &Step{Latency: Latency{P99: 1500}}},
	}}
	got := map[string]string{}
	for _, target := range Evaluate(r) {
		got[target.Name] = target.Result
	}
	want := map[string]string{
		"1 validator: saturated committed tx/s":                            "PASS", // 0.6 ≥ 0.5
		"4 validators: saturated committed tx/s":                           "FAIL", // 0.4
		"4 validators: p99 commit latency at 50% of kpledger's saturation": "PASS", // 1.33 ≤ 1.5
		"replay of the saturated chain":                                    "NOT MEASURED",
		"1 validator: committed tx/s offered 130% of saturation":           "PASS", // 2800 ≥ 0.9 × 3000
		"4 validators: committed tx/s offered 130% of saturation":          "FAIL", // 400 < 0.9 × 1000
	}
	for name, result := range want {
		if got[name] != result {
			t.Errorf("%s: %s, want %s", name, got[name], result)
		}
	}
}

// TestEvaluateQuickShowsGrowthOfTheFullRun: a quick run prints the growth
// targets with the full run's figures, dated, the saturations its own
// ladders reached, and the size of the chain it replayed when shorter than
// the full run's.
func TestEvaluateQuickShowsGrowthOfTheFullRun(t *testing.T) {
	full := time.Date(2026, 11, 27, 20, 25, 0, 0, time.UTC)
	r := &Report{Quick: true, BaselineDate: full,
		Measurements: []Measurement{
			{App: Kpledger, Scenario: "1 validator", Saturation: 2000, BaselineSaturation: 2232},
			{App: Kvstore, Scenario: "1 validator", Saturation: 5000, BaselineSaturation: 3691},
		},
		Replays: []Replay{{Txs: 50_000, TxPerSecond: 12_000, Seconds: 4.2}},
		Growth:  &Growth{Certificates: 1_000_000, Committed: 2100, EmptyStateCommitted: 2300, Lookup: Latency{P99: 3.4}},
	}
	got := map[string]Target{}
	for _, target := range Evaluate(r) {
		got[target.Name] = target
	}
	if g := got["1 validator: saturated committed tx/s"]; g.Result != "FAIL" || !strings.HasPrefix(g.Got, "2000 / 5000") {
		t.Errorf("rate target from the quick ladders: %+v", g)
	}
	if g := got["replay of the saturated chain"]; g.Result != "PASS" || !strings.Contains(g.Got, "a chain of 50000 txs, shorter than the full run's 150000") {
		t.Errorf("replay target: %+v", g)
	}
	for _, name := range []string{"committed tx/s with 1,000,000 certificates in state", "certificate lookup p99 with 1,000,000 certificates in state"} {
		if g := got[name]; g.Result != "PASS" || !strings.HasSuffix(g.Got, "the full run of 2026-11-27") {
			t.Errorf("%s: %+v", name, g)
		}
	}
}

func TestMeasureEd25519(t *testing.T) {
	r, err := MeasureEd25519(20 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.SinglePerSecond <= 0 || r.BatchPerSecond <= 0 || r.BatchSize != 64 {
		t.Fatalf("ed25519 figures = %+v", r)
	}
}
