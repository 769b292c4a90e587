package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
)

// Options of a bench run.
type Options struct {
	// Kpd is the kpd binary the nodes run.
	Kpd string
	// Step is an offered-rate step's duration, Warmup its dropped start.
	Step, Warmup time.Duration
	// Quick runs the fixed rates of bench-quick (50% and 100% of Baseline's
	// saturations) instead of the ladders.
	Quick    bool
	Baseline *Report
	// BasePort is the first port of the networks (10 per node).
	BasePort int
	// Progress receives one line per step.
	Progress io.Writer
	// Scenarios to run (nil: all).
	Scenarios []Scenario
	// GrowthCertificates is the state the growth measure pre-fills (full
	// runs with the 1-validator scenario; 0: none).
	GrowthCertificates int
}

// Run measures every scenario, kpledger first (kvstore's latency is also
// taken at kpledger's 50% rate), and returns the report.
func Run(ctx context.Context, o Options) (*Report, error) {
	r := &Report{Date: time.Now().UTC(), Machine: describeMachine(), Quick: o.Quick,
		StepSeconds: o.Step.Seconds(), WarmupSeconds: o.Warmup.Seconds()}
	var err error
	if r.Ed25519, err = MeasureEd25519(2 * time.Second); err != nil {
		return nil, err
	}
	scenarios := o.Scenarios
	if scenarios == nil {
		scenarios = Scenarios
	}
	for _, sc := range scenarios {
		var kp *Measurement
		for _, app := range []App{Kpledger, Kvstore} {
			m, err := measure(ctx, o, app, sc, o.BasePort+100*len(r.Measurements), kp)
			if err != nil {
				return nil, fmt.Errorf("%s, %s: %w", app, sc.Name, err)
			}
			r.Measurements = append(r.Measurements, *m)
			if app == Kpledger {
				kp = m
			}
		}
	}
	if err := measureChainAndStorage(ctx, o, r); err != nil {
		return nil, err
	}
	if o.Quick {
		// Growth takes a 1,000,000-certificate pre-fill: the quick run
		// shows the full run's figures, dated.
		r.Growth, r.BaselineDate = o.Baseline.Growth, o.Baseline.Date
	} else {
		if young := r.find("1 validator", Kpledger); young != nil && o.GrowthCertificates > 0 {
			progress := func(format string, args ...any) {
				if o.Progress != nil {
					fmt.Fprintf(o.Progress, "%s  growth   "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
				}
			}
			if r.Growth, err = measureGrowth(ctx, o, o.GrowthCertificates, young, progress); err != nil {
				return nil, err
			}
		}
	}
	r.Targets = Evaluate(r)
	return r, nil
}

// Measurement is one app on one scenario.
type Measurement struct {
	App      App    `json:"app"`
	Scenario string `json:"scenario"`
	// Probe is the doubling of short steps that finds the ladder's range.
	Probe []Step `json:"probe,omitempty"`
	// Ladders are the two repetitions of the offered-rate ladder.
	Ladders [][]Step `json:"ladders,omitempty"`
	// Saturation is the highest committed rate over the ladders' steps.
	Saturation float64 `json:"saturation_tx_s"`
	// SaturationStep is the step that reached it, for its CPU split.
	SaturationStep *Step `json:"saturation_step,omitempty"`
	// Latency steps: at 50% and 90% of this app's saturation, and for
	// kvstore also at 50% of kpledger's.
	At50         *Step `json:"at_50,omitempty"`
	At90         *Step `json:"at_90,omitempty"`
	AtKpledger50 *Step `json:"at_kpledger_50,omitempty"`
	// Overload is the step at OverloadFactor of the saturation.
	Overload *Step `json:"at_130,omitempty"`
	// Verify is a customs officer's proved verifications beside the 50%
	// step (kpledger, 4 validators).
	Verify *VerifyMeasure `json:"verify,omitempty"`
	// BaselineSaturation is the last full run's, where bench-quick's
	// ladder starts.
	BaselineSaturation float64 `json:"baseline_saturation_tx_s,omitempty"`
	// Replay of the chain the steps built (kpledger, 1 validator, full run).
	Replay *Replay `json:"replay,omitempty"`
	// BlockStoreBytes and ChainTxs are the node's block store size and the
	// transactions its chain holds, at the end of the steps.
	BlockStoreBytes int64 `json:"block_store_bytes,omitempty"`
	ChainTxs        int   `json:"chain_txs,omitempty"`
	// StateDBBytes and TxIndexBytes are CometBFT's state.db and
	// tx_index.db at the same moment.
	StateDBBytes int64 `json:"state_db_bytes,omitempty"`
	TxIndexBytes int64 `json:"tx_index_bytes,omitempty"`
	// Lookup is certificate lookups over RPC at the end of the steps
	// (kpledger, 1 validator, full run).
	Lookup Latency `json:"lookup"`
}

func measure(ctx context.Context, o Options, app App, sc Scenario, basePort int, kp *Measurement) (*Measurement, error) {
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "%s  %-8s %-12s ", time.Now().Format("15:04:05"), app, sc.Name)
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	progress("starting the network")
	c, err := StartCluster(ctx, o.Kpd, app, sc, basePort)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	var wl workload
	if app == Kvstore {
		wl = &kvWorkload{nodes: sc.Validators, workers: workersPerNode}
	} else {
		wl = newKpWorkload(c.Network.ChainID, Participants, sc.Validators, workersPerNode, time.Now)
	}
	rng := rand.New(rand.NewSource(int64(len(sc.Name)) + int64(len(app))))
	m := &Measurement{App: app, Scenario: sc.Name}
	step := stepFunc(func(label string, rate float64, d, warmup time.Duration) (*Step, error) {
		st, err := c.runStep(ctx, wl, rng, rate, d, warmup)
		if err != nil {
			return nil, fmt.Errorf("%s at %.0f tx/s: %w", label, rate, err)
		}
		progress("%-14s offered %6.0f  sent %6.0f  committed %6.0f tx/s  p50 %6.0f ms  p99 %6.0f ms  refused %s",
			label, st.Offered, st.Sent, st.Committed, st.Latency.P50, st.Latency.P99, st.RefusedWhy())
		return &st, nil
	})

	if o.Quick {
		return m, m.measureQuick(ctx, o, c, wl, app, sc, kp, step, progress)
	}

	// Probe: double the rate in short steps until the chain stops keeping up.
	rate, capacity := 500.0, 0.0
	for rate <= 64000 {
		st, err := step("probe", rate, 10*time.Second, 2*time.Second)
		if err != nil {
			return nil, err
		}
		m.Probe = append(m.Probe, *st)
		capacity = max(capacity, st.Committed)
		if st.Committed < 0.85*rate {
			break
		}
		rate *= 2
	}
	for rep := 0; rep < 2; rep++ {
		var ladder []Step
		// 70% to 130% of the probe's capacity, and on while the top step
		// still commits what it is offered: saturation is reached, not
		// assumed (the short probe steps can stop below it).
		for f := 0.7; ; f += 0.2 {
			st, err := step(fmt.Sprintf("ladder %d ×%.1f", rep+1, f), f*capacity, o.Step, o.Warmup)
			if err != nil {
				return nil, err
			}
			ladder = append(ladder, *st)
			if st.Committed > m.Saturation {
				m.Saturation, m.SaturationStep = st.Committed, st
			}
			if f >= 1.3-1e-9 && (!keepsUp(st) || f >= 2.9) {
				break
			}
		}
		m.Ladders = append(m.Ladders, ladder)
	}
	if m.At50, err = m.at50(ctx, o, c, wl, step); err != nil {
		return nil, err
	}
	if m.At90, err = step("90%", 0.9*m.Saturation, o.Step, o.Warmup); err != nil {
		return nil, err
	}
	if m.Overload, err = step("130%", OverloadFactor*m.Saturation, o.Step, o.Warmup); err != nil {
		return nil, err
	}
	if app == Kvstore && kp != nil {
		if m.AtKpledger50, err = step("kpledger 50%", 0.5*kp.Saturation, o.Step, o.Warmup); err != nil {
			return nil, err
		}
	}
	if app == Kpledger && sc.Validators == 1 {
		if m.Lookup, err = c.lookups(ctx, wl.(*kpWorkload).numbers(), 2000, rng); err != nil {
			return nil, err
		}
		progress("lookup p50 %.2f ms, p99 %.2f ms", m.Lookup.P50, m.Lookup.P99)
		if err := m.replayChain(ctx, c, "saturated chain (kpledger, 1 validator)", progress); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// stepFunc runs one offered-rate step and prints it.
type stepFunc func(label string, rate float64, d, warmup time.Duration) (*Step, error)

// QuickLadder is the quick run's ladder: from the last full run's
// saturation (its knee) up by 20% a step while the chain keeps up, so that
// it can find a saturation above the last full run's.
var QuickLadder = []float64{1.0, 1.2, 1.4, 1.6}

// quickLadderMin is how many of the ladder's steps run even when the first
// does not keep up (a busy machine): the saturation is the best committed
// rate of at least two steps past the knee, not of one.
const quickLadderMin = 2

// measureQuick is bench-quick's measurement of an app on a scenario: the
// short ladder above the baseline's knee (saturation is its best step), the
// overload step at OverloadFactor of that saturation, and latency at 50% of
// it (kvstore also at 50% of kpledger's). kpledger's 1-validator chain is
// then replayed.
func (m *Measurement) measureQuick(ctx context.Context, o Options, c *Cluster, wl workload, app App, sc Scenario, kp *Measurement, step stepFunc, progress func(string, ...any)) error {
	base := o.Baseline.find(sc.Name, app)
	if base == nil {
		return fmt.Errorf("the baseline report has no saturation for %s, %s", app, sc.Name)
	}
	m.BaselineSaturation = base.Saturation
	var ladder []Step
	for _, f := range QuickLadder {
		st, err := step(fmt.Sprintf("ladder ×%.1f", f), f*base.Saturation, o.Step, o.Warmup)
		if err != nil {
			return err
		}
		ladder = append(ladder, *st)
		if st.Committed > m.Saturation {
			m.Saturation, m.SaturationStep = st.Committed, st
		}
		if !keepsUp(st) && len(ladder) >= quickLadderMin {
			break
		}
	}
	m.Ladders = [][]Step{ladder}
	var err error
	if m.Overload, err = step("130%", OverloadFactor*m.Saturation, o.Step, o.Warmup); err != nil {
		return err
	}
	if m.At50, err = m.at50(ctx, o, c, wl, step); err != nil {
		return err
	}
	if app == Kvstore && kp != nil {
		if m.AtKpledger50, err = step("kpledger 50%", 0.5*kp.Saturation, o.Step, o.Warmup); err != nil {
			return err
		}
	}
	if app == Kpledger && sc.Validators == 1 {
		return m.replayChain(ctx, c, "the quick steps' chain (kpledger, 1 validator)", progress)
	}
	return nil
}

// at50 is the step at 50% of the saturation; on kpledger's network of
// several validators a customs officer verifies certificates beside it
// (officerVerifies), and m.Verify holds the figures.
func (m *Measurement) at50(ctx context.Context, o Options, c *Cluster, wl workload, step stepFunc) (*Step, error) {
	kp, ok := wl.(*kpWorkload)
	if !ok || c.Scenario.Validators < 2 {
		return step("50%", 0.5*m.Saturation, o.Step, o.Warmup)
	}
	numbers := kp.numbers()
	rng := rand.New(rand.NewSource(7))
	var verr error
	c.alongside = func(from, end time.Time) {
		var v VerifyMeasure
		v, verr = c.officerVerifies(ctx, o.Kpd, numbers, rng, from, end)
		m.Verify = &v
	}
	defer func() { c.alongside = nil }()
	st, err := step("50%", 0.5*m.Saturation, o.Step, o.Warmup)
	if err != nil {
		return nil, err
	}
	if verr != nil {
		return nil, fmt.Errorf("the officer's verifications: %w", verr)
	}
	m.Verify.LoadTxS = st.Offered
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "%s  kpd verify beside %.0f tx/s: p50 %.0f ms, p99 %.0f ms (%d verifications, %d failed)\n",
			time.Now().Format("15:04:05"), st.Offered, m.Verify.P50, m.Verify.P99, m.Verify.Samples, m.Verify.Failed)
	}
	return st, nil
}

// OverloadFactor is the overload step's offered rate, as a multiple of the
// saturation: a chain past its knee must keep committing about its
// saturation (OverloadTarget of it), not collapse.
const (
	OverloadFactor = 1.3
	OverloadTarget = 0.9
)

// keepsUp reports whether a step committed nearly all it offered: the rate
// is below saturation.
func keepsUp(st *Step) bool { return st.Committed >= 0.95*st.Offered }

// ReplayTxs is how many transactions of the saturated chain are replayed.
const ReplayTxs = 150_000

// replayChain stops the nodes and replays the chain the steps built, up to
// the first height by which it holds ReplayTxs transactions, or all of it
// when it holds fewer (a quick run's may: the report says how many it
// replayed); it also measures the block store.
func (m *Measurement) replayChain(ctx context.Context, c *Cluster, name string, progress func(string, ...any)) error {
	to := c.heightWithTxs(ReplayTxs)
	if to == 0 {
		to = c.heightWithTxs(c.totalTxs()) // all of it
	}
	if to == 0 {
		return fmt.Errorf("the %s holds no transaction", name)
	}
	c.StopNodes()
	home := c.Network.Nodes[0].Home
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return err
	}
	if m.BlockStoreBytes, err = dirSize(filepath.Join(conf.DBDir(), "blockstore.db")); err != nil {
		return err
	}
	if m.StateDBBytes, err = dirSize(filepath.Join(conf.DBDir(), "state.db")); err != nil {
		return err
	}
	if m.TxIndexBytes, err = dirSize(filepath.Join(conf.DBDir(), "tx_index.db")); err != nil {
		return err
	}
	m.ChainTxs = c.totalTxs()
	progress("replaying heights 1 to %d with kpd audit replay (the chain holds %d transactions; the full run replays %d)", to, m.ChainTxs, ReplayTxs)
	replay, err := measureReplay(ctx, name, home, 1, to)
	if err != nil {
		return err
	}
	m.Replay = &replay
	progress("replay: %d blocks, %d txs in %.1f s: %.0f tx/s", replay.Blocks, replay.Txs, replay.Seconds, replay.TxPerSecond)
	return nil
}

// EmptyBlocks is the length of the 45-validator empty-block chain replayed.
const EmptyBlocks = 3000

// Storage measure sizes: lifecycles for live state, lifecycles at one
// transaction per block for history.
const (
	StorageLifecycles = 20_000
	HistoryLifecycles = 2_000
)

// measureChainAndStorage replays an empty-block chain of the kp2005
// network's first 45 voting participants, and measures storage.
func measureChainAndStorage(ctx context.Context, o Options, r *Report) error {
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
		}
	}
	dir, err := os.MkdirTemp("", "kpd-bench-chain-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	const validators = 45
	net, err := testnet.Init(testnet.Options{Dir: filepath.Join(dir, "net"), ChainID: "kpledger-bench-kp2005", KP2005: true,
		Validators: validators, BasePort: o.BasePort + 1000, EmptyBlockInterval: time.Second, TimeoutCommit: time.Second})
	if err != nil {
		return err
	}
	progress("writing %d empty blocks signed by %d kp2005 validators", EmptyBlocks, validators)
	if err := WriteEmptyChain(ctx, net, EmptyBlocks); err != nil {
		return err
	}
	home := net.Nodes[0].Home
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return err
	}
	size, err := dirSize(filepath.Join(conf.DBDir(), "blockstore.db"))
	if err != nil {
		return err
	}
	stateSize, err := dirSize(filepath.Join(conf.DBDir(), "state.db"))
	if err != nil {
		return err
	}
	appSize, err := dirSize(filepath.Join(conf.DBDir(), "application.db"))
	if err != nil {
		return err
	}
	replay, err := measureReplay(ctx, fmt.Sprintf("empty blocks, %d kp2005 validators", validators), home, validators, 0)
	if err != nil {
		return err
	}
	r.Replays = append(r.Replays, replay)
	progress("replay: %d blocks in %.1f s: %.0f blocks/s", replay.Blocks, replay.Seconds, replay.BlocksPerSecond)

	progress("storage: %d lifecycles, then %d at one transaction per block", StorageLifecycles, HistoryLifecycles)
	storage, err := MeasureStorage(StorageLifecycles, HistoryLifecycles)
	if err != nil {
		return err
	}
	storage.BlockStoreBytesPerEmptyBlock, storage.EmptyBlockValidators = float64(size)/EmptyBlocks, validators
	storage.StateBytesPerEmptyBlock, storage.AppBytesPerEmptyBlock = float64(stateSize)/EmptyBlocks, float64(appSize)/EmptyBlocks
	if kp := r.find("1 validator", Kpledger); kp != nil && kp.ChainTxs > 0 {
		storage.BlockStoreBytesPerTx = float64(kp.BlockStoreBytes) / float64(kp.ChainTxs)
		storage.StateBytesPerTx = float64(kp.StateDBBytes) / float64(kp.ChainTxs)
		storage.TxIndexBytesPerTx = float64(kp.TxIndexBytes) / float64(kp.ChainTxs)
		year := DiskPerYear(storage, KPCertificatesPerYear, node.DefaultEmptyBlockInterval)
		storage.Year = &year
		if kp.Replay != nil {
			r.Replays = append([]Replay{*kp.Replay}, r.Replays...)
		}
	}
	r.Storage = storage
	progress("storage: live %.0f B, history %.0f B per lifecycle", storage.LiveBytesPerLifecycle, storage.HistoryBytesPerLifecycle)
	return nil
}
