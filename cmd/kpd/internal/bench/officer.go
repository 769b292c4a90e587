package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// VerifyMeasure is a customs officer's proved verification of certificates
// while the network carries a step's load: `kpd query certificate verify
// NUMBER -o json` run as the officer runs it (a new process, the light
// client proving the record against the validators' signed header from the
// genesis root of trust), one after the other, on a node other than the one
// the latencies are seen on.
type VerifyMeasure struct {
	Latency
	// Failed counts verifications that gave no proved verdict.
	Failed int `json:"failed"`
	// LoadTxS is the offered rate of the step it ran beside.
	LoadTxS float64 `json:"load_tx_s"`
}

// verifyVerdict is the part of `verify -o json` the bench reads.
type verifyVerdict struct {
	Verdict string `json:"verdict"`
	Number  string `json:"number"`
}

// officerVerifies runs `kpd query certificate verify` on random certificates
// of numbers against node 1 (node 0's genesis as the root of trust) from now
// until end, and returns the latencies of those started at or after from.
func (c *Cluster) officerVerifies(ctx context.Context, kpd string, numbers []string, rng *rand.Rand, from, end time.Time) (VerifyMeasure, error) {
	if len(numbers) == 0 {
		return VerifyMeasure{}, fmt.Errorf("no certificate to verify")
	}
	nd := c.Network.Nodes[min(1, len(c.Network.Nodes)-1)]
	home := c.Network.Nodes[0].Home
	var m VerifyMeasure
	var durations []time.Duration
	var lastErr error
	for time.Now().Before(end) {
		number := numbers[rng.Intn(len(numbers))]
		start := time.Now()
		out, err := exec.CommandContext(ctx, kpd, "query", "certificate", "verify", number, "--node", nd.RPC, "--home", home, "-o", "json").Output()
		took := time.Since(start)
		// verify exits non-zero unless the verdict is VALID FOR ENTRY (no
		// --at here): a proved verdict of any kind is a verification done.
		var v verifyVerdict
		if jerr := json.Unmarshal(out, &v); jerr != nil || v.Verdict == "" || v.Number != number {
			m.Failed++
			lastErr = fmt.Errorf("verify %s: %v %v: %s", number, err, jerr, strings.TrimSpace(string(out)))
			continue
		}
		if !start.Before(from) {
			durations = append(durations, took)
		}
	}
	m.Latency = percentiles(durations)
	if m.Samples == 0 {
		return m, fmt.Errorf("no verification completed in the window (%d failed): %v", m.Failed, lastErr)
	}
	return m, nil
}

// rssBytes is a process's resident memory (VmRSS), from /proc; 0 when
// unreadable.
func rssBytes(pid int) int64 {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(bz), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// nodesRSS is each node's resident memory, node 0 first.
func (c *Cluster) nodesRSS() []int64 {
	rss := make([]int64, len(c.procs))
	for i, p := range c.procs {
		rss[i] = rssBytes(p.Process.Pid)
	}
	return rss
}

// maxMiB is the largest of a list of byte counts, in MiB.
func maxMiB(bytes []int64) float64 {
	var m int64
	for _, b := range bytes {
		m = max(m, b)
	}
	return float64(m) / (1 << 20)
}
