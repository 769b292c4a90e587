package node

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	abci "github.com/cometbft/cometbft/abci/types"
)

func TestTimedAppCountsCallsAndPassesAnswersThrough(t *testing.T) {
	ctx := context.Background()
	a := &TimedApp{Application: kvstore.NewInMemoryApplication()}
	if _, err := a.InitChain(ctx, &abci.InitChainRequest{}); err != nil {
		t.Fatal(err)
	}
	check, err := a.CheckTx(ctx, &abci.CheckTxRequest{Tx: []byte("carats=100"), Type: abci.CHECK_TX_TYPE_CHECK})
	if err != nil || check.Code != 0 {
		t.Fatalf("CheckTx: %v %v", check, err)
	}
	fin, err := a.FinalizeBlock(ctx, &abci.FinalizeBlockRequest{Height: 1, Txs: [][]byte{[]byte("carats=100")}})
	if err != nil || len(fin.TxResults) != 1 || fin.TxResults[0].Code != 0 {
		t.Fatalf("FinalizeBlock: %v %v", fin, err)
	}
	if _, err := a.Commit(ctx, &abci.CommitRequest{}); err != nil {
		t.Fatal(err)
	}
	res, err := a.Query(ctx, &abci.QueryRequest{Path: TimingsPath})
	if err != nil {
		t.Fatal(err)
	}
	var got Timings
	if err := json.Unmarshal(res.Value, &got); err != nil {
		t.Fatal(err)
	}
	if got.CheckTxCalls != 1 || got.FinalizeBlockCalls != 1 || got.CommitCalls != 1 {
		t.Fatalf("calls = %+v, want one of each", got)
	}
	if got.CheckTxNanos <= 0 || got.FinalizeBlockNanos <= 0 || got.CommitNanos <= 0 {
		t.Fatalf("timings not measured: %+v", got)
	}
	// Other queries reach the app.
	res, err = a.Query(ctx, &abci.QueryRequest{Path: "/key", Data: []byte("carats")})
	if err != nil || string(res.Value) != "100" {
		t.Fatalf("query passed through: %q %v", res.Value, err)
	}
}
