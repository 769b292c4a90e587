package bench

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"

	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// Growth is kpledger's throughput and certificate lookups with many
// certificates in state, against the figures of a young chain.
type Growth struct {
	Certificates   int     `json:"certificates"`
	PrefillBlocks  int     `json:"prefill_blocks"`
	PrefillSeconds float64 `json:"prefill_s"`
	// EmptyStateCommitted is the 1-validator saturation of the same run.
	EmptyStateCommitted float64 `json:"empty_state_committed_tx_s"`
	Steps               []Step  `json:"steps"`
	Committed           float64 `json:"committed_tx_s"`
	// Lookup is `certificate show` over RPC (an ABCI query), one at a time,
	// for random certificates; EmptyStateLookup the same on the young chain.
	Lookup           Latency `json:"lookup"`
	EmptyStateLookup Latency `json:"empty_state_lookup"`
	// OpenSeconds is from `kpd start` to its RPC answering at the
	// pre-filled height: opening the state and reading all of it once
	// (node.CheckStorage) before CometBFT starts.
	OpenSeconds float64 `json:"open_s"`
	// RSSBytes is the node's resident memory at the end of the best step.
	RSSBytes []int64 `json:"rss_bytes,omitempty"`
}

// PrefillPerBlock is the number of issues in each pre-fill block.
const PrefillPerBlock = 5000

// lookups queries n random certificates of numbers, one at a time, on node
// 0, and returns the latency percentiles.
func (c *Cluster) lookups(ctx context.Context, numbers []string, n int, rng *rand.Rand) (Latency, error) {
	if len(numbers) == 0 {
		return Latency{}, fmt.Errorf("no certificate to look up")
	}
	var durations []time.Duration
	for i := 0; i < n; i++ {
		data, _ := (&certtypes.QueryCertificateRequest{Number: numbers[rng.Intn(len(numbers))]}).Marshal()
		start := time.Now()
		res, err := c.rpc[0].ABCIQueryWithOptions(ctx, certtypes.QueryCertificate, data, rpcclient.ABCIQueryOptions{})
		if err != nil {
			return Latency{}, err
		}
		durations = append(durations, time.Since(start))
		if res.Response.Code != 0 {
			return Latency{}, fmt.Errorf("certificate lookup: %s", res.Response.Log)
		}
	}
	return percentiles(durations), nil
}

// numbers lists the certificates of a workload's lifecycles in progress.
func (w *kpWorkload) numbers() []string {
	var numbers []string
	for _, pool := range [][]*lifecycle{w.issued, w.transferred} {
		for _, l := range pool {
			numbers = append(numbers, l.number)
		}
	}
	return numbers
}

// measureGrowth writes a 1-validator kpledger chain holding certificates
// certificates (issued in blocks executed straight through the app, signed
// by the validator), starts its node and offers it 70%, 90% and 110% of the
// young chain's saturation; then looks certificates up.
func measureGrowth(ctx context.Context, o Options, certificates int, young *Measurement, progress func(string, ...any)) (*Growth, error) {
	sc := Scenarios[0]
	c, err := NewCluster(Kpledger, sc, o.BasePort+900)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	g := &Growth{Certificates: certificates, EmptyStateCommitted: young.Saturation, EmptyStateLookup: young.Lookup}
	var blockTime time.Time
	w := newKpWorkload(c.Network.ChainID, Participants, 1, workersPerNode, func() time.Time { return blockTime })
	w.issuesOnly = true
	rng := rand.New(rand.NewSource(11))
	blocks := (certificates + PrefillPerBlock - 1) / PrefillPerBlock
	progress("pre-filling %d certificates in %d blocks", certificates, blocks)
	start := time.Now()
	var block []plannedTx
	err = WriteChain(ctx, c.Network, blocks, func(h int64, at time.Time) [][]byte {
		blockTime = at
		block = w.build(min(PrefillPerBlock, certificates-w.next), rng)
		txs := make([][]byte, len(block))
		for i, tx := range block {
			txs[i] = tx.bytes
		}
		return txs
	}, func(codes []uint32) error {
		for i, code := range codes {
			if code != 0 {
				return fmt.Errorf("pre-fill %s refused: code %d", block[i].kind, code)
			}
			block[i].step(true)
		}
		if len(w.issued)%(20*PrefillPerBlock) == 0 {
			progress("pre-filled %d certificates", len(w.issued))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.PrefillBlocks, g.PrefillSeconds = blocks, time.Since(start).Seconds()
	w.issuesOnly = false
	opening := time.Now()
	if err := c.Start(ctx, o.Kpd); err != nil {
		return nil, err
	}
	g.OpenSeconds = time.Since(opening).Seconds()
	progress("kpd start opened %d certificates' state in %.1f s", certificates, g.OpenSeconds)
	wait, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := c.Network.Nodes[0].WaitHeight(wait, int64(blocks)+2); err != nil {
		return nil, err
	}
	for _, f := range []float64{0.7, 0.9, 1.1} {
		st, err := c.runStep(ctx, w, rng, f*young.Saturation, o.Step, o.Warmup)
		if err != nil {
			return nil, fmt.Errorf("growth step at %.0f tx/s: %w", f*young.Saturation, err)
		}
		progress("%d certificates: offered %6.0f  committed %6.0f tx/s  p99 %6.0f ms", certificates, st.Offered, st.Committed, st.Latency.P99)
		g.Steps = append(g.Steps, st)
		if st.Committed > g.Committed {
			g.Committed, g.RSSBytes = st.Committed, st.RSSBytes
		}
	}
	if g.Lookup, err = c.lookups(ctx, w.numbers(), 2000, rng); err != nil {
		return nil, err
	}
	progress("lookup p50 %.2f ms, p99 %.2f ms", g.Lookup.P50, g.Lookup.P99)
	return g, nil
}
