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
	var blockTime time.Time
	w := newKpWorkload("x", Participants, 1, 1, func() time.Time { return blockTime })
	rng := rand.New(rand.NewSource(1))
	var last []plannedTx
	err = WriteChain(context.Background(), net, 6, func(h int64, at time.Time) [][]byte {
		blockTime = at
		last = w.build(60, rng)
		var txs [][]byte
		for _, tx := range last {
			txs = append(txs, tx.bytes)
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
