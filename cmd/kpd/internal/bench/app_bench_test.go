package bench

import (
	"math/rand"
	"os"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// BenchmarkLifecycleBlocks runs the bench workload straight through the app
// as a node would: CheckTx on each transaction (verifying its signature
// once), then blocks of 1,000 in FinalizeBlock and Commit on the node's
// state database (KPD_DB_BACKEND=pebbledb for the other). For profiles of the app's share of `kpd bench`:
//
//	go test ./cmd/kpd/internal/bench -run - -bench LifecycleBlocks -cpuprofile cpu.out
func BenchmarkLifecycleBlocks(b *testing.B) {
	backend := os.Getenv("KPD_DB_BACKEND") // as app.toml's db-backend
	if backend == "" {
		backend = node.DefaultAppConfig().DBBackend
	}
	db, err := node.OpenStateDB("application", backend, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	chain := apptest.New(b, apptest.WithAppOptions(app.Options{DB: db}), apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		known := map[string]bool{}
		for _, p := range g.Registry.Participants {
			known[p.Code] = true
		}
		for _, code := range Participants {
			if !known[code] {
				if err := g.AddParticipant(code, "Participant "+code, participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := RegisterSigners(g, Participants); err != nil {
			b.Fatal(err)
		}
	}))
	w := newKpWorkload(apptest.ChainID, Participants, 1, workersPerNode, func() time.Time { return chain.Time })
	rng := rand.New(rand.NewSource(1))
	const perBlock = 1000
	run := func(txs []plannedTx) {
		block := make([][]byte, len(txs))
		for i, tx := range txs {
			if res := chain.CheckTx(tx.bytes, false); res.Code != 0 {
				b.Fatalf("CheckTx %s: %d %s", tx.kind, res.Code, res.Log)
			}
			block[i] = tx.bytes
		}
		results := chain.Block(block...).TxResults
		for i, tx := range txs {
			if results[i].Code != 0 {
				b.Fatalf("%s: %d %s", tx.kind, results[i].Code, results[i].Log)
			}
			tx.step(true)
		}
	}
	// Two blocks first, so that every block of the measure holds the three
	// kinds of a lifecycle.
	run(w.build(perBlock, rng))
	run(w.build(perBlock, rng))
	b.ResetTimer()
	txs := 0
	var spent time.Duration // in the app, for the rate of every 50 blocks
	for b.Loop() {
		b.StopTimer()
		block := w.build(perBlock, rng)
		b.StartTimer()
		start := time.Now()
		run(block)
		spent += time.Since(start)
		txs += perBlock
		if txs%(50*perBlock) == 0 {
			b.Logf("%7d txs in state: %.0f tx/s over the last 50 blocks", txs, 50*perBlock/spent.Seconds())
			spent = 0
		}
	}
	b.ReportMetric(float64(txs)/b.Elapsed().Seconds(), "tx/s")
}
