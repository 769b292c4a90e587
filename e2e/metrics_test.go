package e2e_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/kpledger/kpledger/testutil/network"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// wantMetrics scrapes a node's /metrics (Prometheus, 127.0.0.1) until the
// app's series show what the test did — a received certificate, the refused
// second registration of readmePath, the ABCI timings, the last block time —
// beside CometBFT's own.
func wantMetrics(t *testing.T, c *network.Cluster, node int) {
	t.Helper()
	url := "http://" + c.Node(node).Metrics + "/metrics"
	refusal := map[string]string{"stage": "finalize_block", "codespace": participanttypes.ModuleName,
		"code": fmt.Sprint(participanttypes.ErrKeyRegistered.Code())}
	checks := []struct {
		what string
		ok   func(map[string]*dto.MetricFamily) bool
	}{
		{"kpledger_certificates{status=received} 1", func(m map[string]*dto.MetricFamily) bool {
			return value(m, "kpledger_certificates", map[string]string{"status": "received"}) == 1
		}},
		{"kpledger_certificates{status=expired} 0", func(m map[string]*dto.MetricFamily) bool {
			return value(m, "kpledger_certificates", map[string]string{"status": "expired"}) == 0
		}},
		{"kpledger_overdue_certificates 0", func(m map[string]*dto.MetricFamily) bool { return value(m, "kpledger_overdue_certificates", nil) == 0 }},
		{"a finalize_block refusal with code 108", func(m map[string]*dto.MetricFamily) bool { return value(m, "kpledger_refusals_total", refusal) >= 1 }},
		{"commits timed", func(m map[string]*dto.MetricFamily) bool {
			return value(m, "kpledger_abci_duration_seconds", map[string]string{"method": "commit"}) > 0
		}},
		{"a recent last block time", func(m map[string]*dto.MetricFamily) bool {
			return value(m, "kpledger_last_block_time_seconds", nil) > float64(time.Now().Add(-time.Hour).Unix())
		}},
		{"CometBFT's height", func(m map[string]*dto.MetricFamily) bool { return m["cometbft_consensus_height"] != nil }},
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		families, err := scrape(url)
		missing := ""
		if err != nil {
			missing = err.Error()
		} else {
			for _, check := range checks {
				if !check.ok(families) {
					missing = check.what
					break
				}
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %s", url, missing)
		}
		time.Sleep(500 * time.Millisecond) // polling the scrape endpoint
	}
}

func scrape(url string) (map[string]*dto.MetricFamily, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	var parser expfmt.TextParser
	return parser.TextToMetricFamilies(resp.Body)
}

// value is the value of the series of a family whose labels include want
// (a histogram's sample count); -1 when there is none.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	family := families[name]
	if family == nil {
		return -1
	}
	for _, m := range family.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && labels[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}
