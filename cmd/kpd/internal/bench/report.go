package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// Report is a bench run's figures, written as JSON and Markdown.
type Report struct {
	Date          time.Time     `json:"date"`
	Machine       Machine       `json:"machine"`
	Quick         bool          `json:"quick"`
	StepSeconds   float64       `json:"step_s"`
	WarmupSeconds float64       `json:"warmup_s"`
	Measurements  []Measurement `json:"measurements"`
	Ed25519       Ed25519       `json:"ed25519"`
	Replays       []Replay      `json:"replays,omitempty"`
	Storage       Storage       `json:"storage"`
	Growth        *Growth       `json:"growth,omitempty"`
	// BaselineDate dates a quick run's figures taken from the full run
	// (growth).
	BaselineDate time.Time `json:"baseline_date,omitempty"`
	Targets      []Target  `json:"targets"`
}

// Machine describes where a run took place.
type Machine struct {
	CPU      string `json:"cpu"`
	Cores    int    `json:"cores"`
	MemoryGB int    `json:"memory_gib"`
	Go       string `json:"go"`
	OS       string `json:"os"`
}

func describeMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if bz, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(bz), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if bz, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(bz), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGB = (kb + 1<<19) >> 20
		}
	}
	return m
}

func (r *Report) find(scenario string, app App) *Measurement {
	if r == nil {
		return nil
	}
	for i := range r.Measurements {
		if r.Measurements[i].Scenario == scenario && r.Measurements[i].App == app {
			return &r.Measurements[i]
		}
	}
	return nil
}

// Target is one of the goals, met or not in a run.
type Target struct {
	Name   string `json:"name"`
	Want   string `json:"want"`
	Got    string `json:"got"`
	Result string `json:"result"` // PASS, FAIL or NOT MEASURED
}

func verdict(pass bool) string {
	if pass {
		return "PASS"
	}
	return "FAIL"
}

// Evaluate checks the report's figures against the targets, as ratios
// between the two apps of the same run.
func Evaluate(r *Report) []Target {
	var targets []Target
	for _, sc := range Scenarios {
		t := Target{Name: sc.Name + ": saturated committed tx/s", Want: "≥ 0.5 × kvstore's", Result: "NOT MEASURED"}
		kp, kv := r.find(sc.Name, Kpledger), r.find(sc.Name, Kvstore)
		if kp != nil && kv != nil {
			if a, b := kp.Saturation, kv.Saturation; b > 0 {
				t.Got = fmt.Sprintf("%.0f / %.0f = %.2f ×", a, b, a/b)
				t.Result = verdict(a >= 0.5*b)
			}
		}
		targets = append(targets, t)
	}
	for _, sc := range Scenarios {
		t := Target{Name: fmt.Sprintf("%s: committed tx/s offered %.0f%% of saturation", sc.Name, 100*OverloadFactor),
			Want: fmt.Sprintf("≥ %.1f × saturation (kvstore beside)", OverloadTarget), Result: "NOT MEASURED"}
		kp, kv := r.find(sc.Name, Kpledger), r.find(sc.Name, Kvstore)
		if kp != nil && kp.Overload != nil && kp.Saturation > 0 {
			a := kp.Overload.Committed
			t.Got = fmt.Sprintf("%.0f / %.0f = %.2f ×", a, kp.Saturation, a/kp.Saturation)
			if kv != nil && kv.Overload != nil && kv.Saturation > 0 {
				t.Got += fmt.Sprintf(" (kvstore %.0f / %.0f = %.2f ×)", kv.Overload.Committed, kv.Saturation, kv.Overload.Committed/kv.Saturation)
			}
			t.Result = verdict(a >= OverloadTarget*kp.Saturation)
		}
		targets = append(targets, t)
	}
	t := Target{Name: "4 validators: p99 commit latency at 50% of kpledger's saturation", Want: "≤ 1.5 × kvstore's p99 at the same offered rate", Result: "NOT MEASURED"}
	if kp, kv := r.find("4 validators", Kpledger), r.find("4 validators", Kvstore); kp != nil && kv != nil && kp.At50 != nil && kv.AtKpledger50 != nil && kv.AtKpledger50.Latency.P99 > 0 {
		a, b := kp.At50.Latency.P99, kv.AtKpledger50.Latency.P99
		t.Got = fmt.Sprintf("%.0f ms / %.0f ms = %.2f ×", a, b, a/b)
		t.Result = verdict(a <= 1.5*b)
	}
	targets = append(targets, t)
	t = Target{Name: "replay of the saturated chain", Want: "≥ 10,000 tx/s", Result: "NOT MEASURED"}
	u := Target{Name: "replay of the 45-validator empty-block chain", Want: "≥ 1,000 blocks/s", Result: "NOT MEASURED"}
	for _, replay := range r.Replays {
		if replay.Txs > 0 {
			t.Got = fmt.Sprintf("%.0f tx/s (%d txs in %.1f s)", replay.TxPerSecond, replay.Txs, replay.Seconds)
			if replay.Txs < ReplayTxs {
				t.Got += fmt.Sprintf(" — a chain of %d txs, shorter than the full run's %d: indicative", replay.Txs, ReplayTxs)
			}
			t.Result = verdict(replay.TxPerSecond >= 10_000)
		} else if replay.Validators >= 45 {
			u.Got = fmt.Sprintf("%.0f blocks/s (%d blocks in %.1f s)", replay.BlocksPerSecond, replay.Blocks, replay.Seconds)
			u.Result = verdict(replay.BlocksPerSecond >= 1_000)
		}
	}
	targets = append(targets, t, u)
	t = Target{Name: "live state per certificate lifecycle", Want: "≤ 2 KiB", Result: "NOT MEASURED"}
	if r.Storage.Lifecycles > 0 {
		t.Got = fmt.Sprintf("%.0f bytes", r.Storage.LiveBytesPerLifecycle)
		t.Result = verdict(r.Storage.LiveBytesPerLifecycle <= 2048)
	}
	targets = append(targets, t)
	t = Target{Name: "committed tx/s with 1,000,000 certificates in state", Want: "≥ 0.8 × the empty-state figure", Result: "NOT MEASURED"}
	u = Target{Name: "certificate lookup p99 with 1,000,000 certificates in state", Want: "< 5 ms", Result: "NOT MEASURED"}
	if g := r.Growth; g != nil && g.EmptyStateCommitted > 0 {
		t.Got = fmt.Sprintf("%.0f / %.0f = %.2f × (%d certificates)", g.Committed, g.EmptyStateCommitted, g.Committed/g.EmptyStateCommitted, g.Certificates)
		t.Result = verdict(g.Certificates >= 1_000_000 && g.Committed >= 0.8*g.EmptyStateCommitted)
		u.Got = fmt.Sprintf("%.2f ms (young chain: %.2f ms)", g.Lookup.P99, g.EmptyStateLookup.P99)
		u.Result = verdict(g.Certificates >= 1_000_000 && g.Lookup.P99 < 5)
		if r.Quick {
			from := " — the full run of " + r.BaselineDate.Format("2006-01-02")
			t.Got, u.Got = t.Got+from, u.Got+from
		}
	}
	targets = append(targets, t, u)
	return append(targets, figures(r)...)
}

// figures are the figures a user asks about, printed beside the targets
// with the result FIGURE (there is no bar to pass), or NOT MEASURED.
func figures(r *Report) []Target {
	const figure, none = "FIGURE", "NOT MEASURED"
	t := Target{Name: "4 validators: a customs officer's proved verification (kpd query certificate verify, end to end) beside 50% load", Want: "p50 / p99", Result: none}
	if kp := r.find("4 validators", Kpledger); kp != nil && kp.Verify != nil && kp.Verify.Samples > 0 {
		v := kp.Verify
		t.Got = fmt.Sprintf("%.0f ms / %.0f ms (%d verifications beside %.0f tx/s, %d failed)", v.P50, v.P99, v.Samples, v.LoadTxS, v.Failed)
		t.Result = figure
	}
	u := Target{Name: "resident memory per node at saturation", Want: "largest node's VmRSS", Result: none}
	var got []string
	for _, m := range r.Measurements {
		if s := m.SaturationStep; s != nil && len(s.RSSBytes) > 0 {
			got = append(got, fmt.Sprintf("%s %s %.0f MiB", m.Scenario, m.App, maxMiB(s.RSSBytes)))
		}
	}
	if len(got) > 0 {
		u.Got, u.Result = strings.Join(got, "; "), figure
	}
	w := Target{Name: "with 1,000,000 certificates in state: resident memory, and kpd start opening the state", Want: "VmRSS; seconds to RPC", Result: none}
	if g := r.Growth; g != nil && g.OpenSeconds > 0 {
		w.Got = fmt.Sprintf("%.0f MiB; opened in %.1f s (%d certificates)", maxMiB(g.RSSBytes), g.OpenSeconds, g.Certificates)
		if r.Quick {
			w.Got += " — the full run of " + r.BaselineDate.Format("2006-01-02")
		}
		w.Result = figure
	}
	d := Target{Name: fmt.Sprintf("disk per year of the KP's load (%d certificates issued, handed over, confirmed)", KPCertificatesPerYear), Want: "one node", Result: none}
	if y := r.Storage.Year; y != nil {
		d.Got = fmt.Sprintf("%.2f GB (archive node; app state %.2f GB of it — %.3f GB pruned — transactions %.2f GB, blocks %.2f GB)",
			y.Total/1e9, y.AppHistoryBytes/1e9, y.AppLiveBytes/1e9, y.TxBytes/1e9, y.BlockBytes/1e9)
		d.Result = figure
	}
	return []Target{t, u, w, d}
}

// LoadReport reads a JSON report.
func LoadReport(path string) (*Report, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(bz, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// Write writes path (JSON) and path with .md (Markdown).
func (r *Report) Write(path string) error {
	bz, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(bz, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(MarkdownPath(path), r.Markdown(), 0o644)
}

// MarkdownPath is where Write puts the Markdown report of a JSON path.
func MarkdownPath(path string) string { return strings.TrimSuffix(path, ".json") + ".md" }

// TargetLines are the targets as printed by bench-quick.
func (r *Report) TargetLines() string {
	var b strings.Builder
	for _, t := range r.Targets {
		got := t.Got
		if got == "" {
			got = "-"
		}
		fmt.Fprintf(&b, "%-13s %s %s (got %s)\n", t.Result, t.Name, t.Want, got)
	}
	return b.String()
}

// rssList is each node's resident memory in MiB: "412, 398, 401, 395 MiB".
func rssList(bytes []int64) string {
	parts := make([]string, len(bytes))
	for i, b := range bytes {
		parts[i] = fmt.Sprintf("%.0f", float64(b)/(1<<20))
	}
	return strings.Join(parts, ", ") + " MiB"
}

// userFigures is the section of the figures a user asks about: an
// officer's verification, memory, disk per year and how it was derived.
func (r *Report) userFigures(b *bytes.Buffer) {
	b.WriteString("\n### Figures a user asks about\n\n")
	if kp := r.find("4 validators", Kpledger); kp != nil && kp.Verify != nil {
		v := kp.Verify
		fmt.Fprintf(b, "- A customs officer's proved verification, 4 validators, while the network carries %.0f tx/s (50%% of saturation): "+
			"`kpd query certificate verify NUMBER -o json` run as the officer runs it (a new process; the record proved with ICS23 against a header "+
			"signed by the validators, checked by the light client from the genesis root of trust), one after another on random committed certificates: "+
			"p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d verifications (%d failed).\n", v.LoadTxS, v.P50, v.P99, v.Max, v.Samples, v.Failed)
	}
	for _, m := range r.Measurements {
		if s := m.SaturationStep; s != nil && len(s.RSSBytes) > 0 {
			fmt.Fprintf(b, "- Resident memory (VmRSS) at saturation, %s, %s (%.0f tx/s): %s.\n", m.Scenario, m.App, s.Committed, rssList(s.RSSBytes))
		}
	}
	if y := r.Storage.Year; y != nil {
		st := r.Storage
		fmt.Fprintf(b, "- Disk per year of the KP's load, one node: **%.2f GB** for an archive node (every version kept, the default).\n", y.Total/1e9)
		fmt.Fprintf(b, "  Derived from this run's measured bytes for %d certificates a year, each issued, handed over and confirmed (%d transactions, "+
			"one every %.1f minutes on average, so each alone in its block), with an empty block after %s without transactions "+
			"(at random arrivals, %.0f empty blocks a year):\n",
			y.Certificates, y.Txs, (365*24*60)/float64(max(1, y.Txs)), shortDuration(time.Duration(y.EmptyBlockInterval*float64(time.Second))), y.EmptyBlocks)
		fmt.Fprintf(b, "  - app state: %d × %.0f bytes of retained history per lifecycle + %.0f empty blocks × %.0f bytes of app version = %.2f GB "+
			"(a pruned or state-synced node holds the live state: %d × %.0f bytes = %.3f GB);\n",
			y.Certificates, st.HistoryBytesPerLifecycle, y.EmptyBlocks, st.AppBytesPerEmptyBlock, y.AppHistoryBytes/1e9, y.Certificates, st.LiveBytesPerLifecycle, y.AppLiveBytes/1e9)
		fmt.Fprintf(b, "  - transactions: %d × (%.0f block store + %.0f state.db + %.0f tx index) bytes per transaction of the saturated chain = %.2f GB;\n",
			y.Txs, st.BlockStoreBytesPerTx, st.StateBytesPerTx, st.TxIndexBytesPerTx, y.TxBytes/1e9)
		fmt.Fprintf(b, "  - blocks: (%.0f with a transaction + %.0f empty) × (%.0f block store + %.0f state.db) bytes per block of %d validators = %.2f GB.\n",
			y.TxBlocks, y.EmptyBlocks, st.BlockStoreBytesPerEmptyBlock, st.StateBytesPerEmptyBlock, st.EmptyBlockValidators, y.BlockBytes/1e9)
		b.WriteString("  The stores other than the compacted app-state measures are as the nodes left them (not compacted).\n")
	}
}

// shortDuration prints 5m0s as "5 min".
func shortDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

// Markdown is the report for people.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	kind := "full run"
	if r.Quick {
		kind = "bench-quick (indicative: a short ladder above the last full run's saturation, short windows)"
	}
	fmt.Fprintf(&b, "## kpledger benchmark, %s\n\n", kind)
	fmt.Fprintf(&b, "%s · %s, %d cores, %d GiB · %s %s · steps of %.0f s, first %.0f s dropped\n\n",
		r.Date.Format("2006-01-02 15:04 MST"), r.Machine.CPU, r.Machine.Cores, r.Machine.MemoryGB, r.Machine.Go, r.Machine.OS, r.StepSeconds, r.WarmupSeconds)
	b.WriteString("### Targets\n\n| target | want | got | result |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Want, t.Got, t.Result)
	}
	b.WriteString("\n### Throughput and latency\n\n")
	b.WriteString("| scenario | app | saturation tx/s | committed tx/s at 130% | p50 / p99 / max ms at 50% | p50 / p99 / max ms at 90% |\n|---|---|---|---|---|---|\n")
	lat := func(s *Step) string {
		if s == nil {
			return "-"
		}
		return fmt.Sprintf("%.0f / %.0f / %.0f (%.0f tx/s)", s.Latency.P50, s.Latency.P99, s.Latency.Max, s.Offered)
	}
	for _, m := range r.Measurements {
		sat := fmt.Sprintf("%.0f", m.Saturation)
		if r.Quick {
			sat += fmt.Sprintf(" (ladder from the full run's %.0f)", m.BaselineSaturation)
		}
		over := "-"
		if m.Overload != nil && m.Saturation > 0 {
			over = fmt.Sprintf("%.0f (%.2f ×)", m.Overload.Committed, m.Overload.Committed/m.Saturation)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", m.Scenario, m.App, sat, over, lat(m.At50), lat(m.At90))
	}
	for _, m := range r.Measurements {
		if m.AtKpledger50 != nil {
			fmt.Fprintf(&b, "\nkvstore, %s, at 50%% of kpledger's saturation: p50 / p99 / max %s ms\n", m.Scenario, lat(m.AtKpledger50))
		}
	}
	b.WriteString("\n### CPU split at saturation (CPU seconds per second; 2.0 = both cores)\n\n")
	b.WriteString("| scenario | app | committed tx/s | nodes | CometBFT and the rest | CheckTx | FinalizeBlock | Commit | load generator |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, m := range r.Measurements {
		s := m.SaturationStep
		if s == nil {
			continue
		}
		c := s.CPU
		fmt.Fprintf(&b, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
			m.Scenario, m.App, s.Committed, c.Nodes, c.CometBFT, c.CheckTx, c.FinalizeBlock, c.Commit, c.LoadGenerator)
	}
	if len(r.Replays) > 0 {
		b.WriteString("\n### Replay (`kpd audit replay`: links, commits and every signature verified, every block re-executed)\n\n")
		b.WriteString("| chain | validators | blocks | txs | seconds | verify s | execute s | commit s | tx/s | blocks/s |\n|---|---|---|---|---|---|---|---|---|---|\n")
		for _, p := range r.Replays {
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f |\n",
				p.Chain, p.Validators, p.Blocks, p.Txs, p.Seconds, p.VerifySeconds, p.ExecuteSeconds, p.CommitSeconds, p.TxPerSecond, p.BlocksPerSecond)
		}
	}
	if st := r.Storage; st.Lifecycles > 0 {
		b.WriteString("\n### Storage (goleveldb, compacted)\n\n")
		fmt.Fprintf(&b, "- live state (latest version only, IAVL export → import): %.0f bytes per certificate lifecycle (%d lifecycles)\n", st.LiveBytesPerLifecycle, st.Lifecycles)
		fmt.Fprintf(&b, "- retained history (every version) at one lifecycle transaction per block: %.0f bytes per lifecycle (%d lifecycles)\n", st.HistoryBytesPerLifecycle, st.HistoryLifecycles)
		fmt.Fprintf(&b, "- block store: %.0f bytes per transaction (saturated 1-validator chain), %.0f bytes per empty block (%d validators' commit)\n",
			st.BlockStoreBytesPerTx, st.BlockStoreBytesPerEmptyBlock, st.EmptyBlockValidators)
	}
	r.userFigures(&b)
	if g := r.Growth; g != nil {
		b.WriteString("\n### Growth (1 validator)\n\n")
		if r.Quick {
			fmt.Fprintf(&b, "From the full run of %s (a quick run does not pre-fill 1,000,000 certificates).\n\n", r.BaselineDate.Format("2006-01-02"))
		}
		fmt.Fprintf(&b, "%d certificates pre-filled in %d blocks executed straight through the app (%.0f s); then:\n\n", g.Certificates, g.PrefillBlocks, g.PrefillSeconds)
		b.WriteString("| state | committed tx/s (best step) | lookup p50 ms | lookup p99 ms |\n|---|---|---|---|\n")
		fmt.Fprintf(&b, "| young chain (the 1-validator run) | %.0f | %.2f | %.2f |\n", g.EmptyStateCommitted, g.EmptyStateLookup.P50, g.EmptyStateLookup.P99)
		fmt.Fprintf(&b, "| %d certificates | %.0f | %.2f | %.2f |\n", g.Certificates, g.Committed, g.Lookup.P50, g.Lookup.P99)
		if g.OpenSeconds > 0 {
			fmt.Fprintf(&b, "\n`kpd start` on the %d certificates' state: RPC answering after %.1f s (it reads the whole app state once, node.CheckStorage; polled every 0.2 s); resident memory at the best step: %s.\n",
				g.Certificates, g.OpenSeconds, rssList(g.RSSBytes))
		}
	}
	fmt.Fprintf(&b, "\n### For reference: ed25519 on one core\n\n%.0f verifications/s one by one, %.0f/s in batches of %d (CometBFT's batch verifier)\n",
		r.Ed25519.SinglePerSecond, r.Ed25519.BatchPerSecond, r.Ed25519.BatchSize)
	b.WriteString("\n### Every step\n\n| scenario | app | step | offered | sent | committed | refused | blocks | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	row := func(m Measurement, label string, s Step) {
		fmt.Fprintf(&b, "| %s | %s | %s | %.0f | %.0f | %.0f | %s | %d | %.0f | %.0f | %.0f |\n",
			m.Scenario, m.App, label, s.Offered, s.Sent, s.Committed, s.RefusedWhy(), s.Blocks, s.Latency.P50, s.Latency.P99, s.Latency.Max)
	}
	for _, m := range r.Measurements {
		for _, s := range m.Probe {
			row(m, "probe (10 s)", s)
		}
		for i, ladder := range m.Ladders {
			for _, s := range ladder {
				row(m, fmt.Sprintf("ladder %d", i+1), s)
			}
		}
		for _, named := range []struct {
			label string
			s     *Step
		}{{"50%", m.At50}, {"90%", m.At90}, {"130%", m.Overload}, {"kpledger's 50%", m.AtKpledger50}} {
			if named.s != nil {
				row(m, named.label, *named.s)
			}
		}
	}
	return b.Bytes()
}
