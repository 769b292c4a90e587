package node

import (
	"context"
	"fmt"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/module"
)

// MetricsNamespace prefixes the app's metrics, served beside CometBFT's
// (namespace cometbft) on config.toml's prometheus_listen_addr.
const MetricsNamespace = "kpledger"

// Metrics are the app's Prometheus metrics.
type Metrics struct {
	durations     *prometheus.HistogramVec
	refusals      *prometheus.CounterVec
	transactions  prometheus.Counter
	height        prometheus.Gauge
	lastBlockTime prometheus.Gauge
	scanSeconds   prometheus.Gauge
	state         *stateCollector
}

// NewMetrics registers the app's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: MetricsNamespace, Name: "abci_duration_seconds",
			Help:    "Time the app spent in an ABCI call, by method (check_tx, finalize_block, commit).",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 5, 10},
		}, []string{"method"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: MetricsNamespace, Name: "refusals_total",
			Help: "Transactions refused, by stage (check_tx: the mempool's door; finalize_block: in a block), codespace and code.",
		}, []string{"stage", "codespace", "code"}),
		transactions: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: MetricsNamespace, Name: "block_transactions_total",
			Help: "Transactions in the blocks this node executed, accepted or refused.",
		}),
		height: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: MetricsNamespace, Name: "height", Help: "Height of the last block the app executed.",
		}),
		lastBlockTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: MetricsNamespace, Name: "last_block_time_seconds",
			Help: "Time (Unix seconds, BFT time of the header) of the last block the app executed.",
		}),
		scanSeconds: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: MetricsNamespace, Name: "state_gauges_scan_seconds",
			Help: "How long the last reading of the state's gauges took.",
		}),
		state: &stateCollector{},
	}
	reg.MustRegister(m.durations, m.refusals, m.transactions, m.height, m.lastBlockTime, m.scanSeconds, m.state)
	return m
}

// MeteredApp measures the app it wraps for the metrics; it changes nothing
// the app answers.
type MeteredApp struct {
	abci.Application
	m *Metrics
}

// Meter wraps an app with the metrics.
func (m *Metrics) Meter(a abci.Application) *MeteredApp { return &MeteredApp{Application: a, m: m} }

func (a *MeteredApp) observe(method string, start time.Time) {
	a.m.durations.WithLabelValues(method).Observe(time.Since(start).Seconds())
}

func (a *MeteredApp) refused(stage, codespace string, code uint32) {
	a.m.refusals.WithLabelValues(stage, codespace, fmt.Sprint(code)).Inc()
}

func (a *MeteredApp) CheckTx(ctx context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	defer a.observe("check_tx", time.Now())
	resp, err := a.Application.CheckTx(ctx, req)
	if err == nil && resp.Code != abci.CodeTypeOK {
		a.refused("check_tx", resp.Codespace, resp.Code)
	}
	return resp, err
}

func (a *MeteredApp) FinalizeBlock(ctx context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	defer a.observe("finalize_block", time.Now())
	resp, err := a.Application.FinalizeBlock(ctx, req)
	if err != nil {
		return resp, err
	}
	for _, r := range resp.TxResults {
		if r.Code != abci.CodeTypeOK {
			a.refused("finalize_block", r.Codespace, r.Code)
		}
	}
	a.m.transactions.Add(float64(len(req.Txs)))
	a.m.height.Set(float64(req.Height))
	a.m.lastBlockTime.Set(float64(req.Time.Unix()))
	return resp, nil
}

func (a *MeteredApp) Commit(ctx context.Context, req *abci.CommitRequest) (*abci.CommitResponse, error) {
	defer a.observe("commit", time.Now())
	return a.Application.Commit(ctx, req)
}

// WatchState reads the state's gauges (certificates by status, overdue,
// flags: each reading scans the modules' records on a read-only view) as
// soon as a block is committed, then at most every interval while blocks are
// committed, until ctx ends.
func (m *Metrics) WatchState(ctx context.Context, a *app.App, interval time.Duration, logger log.Logger) {
	var read int64
	var last time.Time
	for {
		if h, _ := a.LastCommit(); h != read && (read == 0 || time.Since(last) >= interval) {
			start := time.Now()
			height, gauges, err := a.StateGauges()
			if err != nil {
				logger.Error("state gauges", "err", err)
			} else {
				m.state.set(gauges)
				m.scanSeconds.Set(time.Since(start).Seconds())
				read = height
			}
			last = start
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(min(interval, 2*time.Second)):
		}
	}
}

// stateCollector serves the last reading of the state's gauges.
type stateCollector struct {
	mu     sync.Mutex
	gauges []module.Gauge
}

func (c *stateCollector) set(gauges []module.Gauge) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gauges = gauges
}

// Describe sends nothing: the modules name their gauges (an unchecked
// collector).
func (c *stateCollector) Describe(chan<- *prometheus.Desc) {}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, g := range c.gauges {
		var labels, values []string
		if g.Label != "" {
			labels, values = []string{g.Label}, []string{g.LabelValue}
		}
		desc := prometheus.NewDesc(prometheus.BuildFQName(MetricsNamespace, "", g.Name), g.Help, labels, nil)
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, g.Value, values...)
	}
}
