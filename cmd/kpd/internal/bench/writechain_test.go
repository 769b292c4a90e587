package bench

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/networks/local"
)

// A chain of lifecycle transactions written straight through the app (the
// growth pre-fill's way) is a valid chain: its node's state and the audit
// replay agree at every height.
func TestWrittenChainReplaysClean(t *testing.T) {
	net, err := testnet.Init(testnet.Options{Dir: filepath.Join(t.TempDir(), "net"), ChainID: "x", Participants: Participants,
		Validators: 1, BasePort: 39000, EmptyBlockInterval: time.Second, TimeoutCommit: time.Second,
		Edit: func(g *genesis.Document) error { return RegisterSigners(g, Participants) }})
	if err != nil {
		t.Fatal(err)
	}
	err = writeLifecycles(net, "x", 1, 6, 60)
	if err != nil {
		t.Fatal(err)
	}
	r, err := measureReplay(context.Background(), "test", net.Nodes[0].Home, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Blocks != 6 || r.Txs != 360 {
		t.Fatalf("replay = %+v, want 6 blocks of 60 transactions", r)
	}
}

// writeLifecycles writes blocks of perBlock lifecycle transactions (issue,
// transfer, confirm, from workers signers, rng seeded 1) straight through
// the app of net's only node; every one must be accepted.
func writeLifecycles(net *local.Network, chainID string, workers, blocks, perBlock int) error {
	var blockTime time.Time
	w := newKpWorkload(chainID, Participants, 1, workers, func() time.Time { return blockTime })
	rng := rand.New(rand.NewSource(1))
	var last []plannedTx
	return WriteChain(context.Background(), net, blocks, func(h int64, at time.Time) [][]byte {
		blockTime = at
		last = w.build(perBlock, rng)
		txs := make([][]byte, len(last))
		for i, tx := range last {
			txs[i] = tx.bytes
		}
		return txs
	}, func(codes []uint32) error {
		for i, c := range codes {
			if c != 0 {
				return fmt.Errorf("tx %d (%s): code %d", i, last[i].kind, c)
			}
			last[i].step(true)
		}
		return nil
	})
}
