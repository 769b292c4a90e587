package node

import (
	"context"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
)

// slowQueries is an app whose queries take as long as the test says.
type slowQueries struct {
	abci.BaseApplication
	inQuery chan struct{}
	release chan struct{}
}

func (a *slowQueries) Query(context.Context, *abci.QueryRequest) (*abci.QueryResponse, error) {
	a.inQuery <- struct{}{}
	<-a.release
	return &abci.QueryResponse{}, nil
}

// TestBlocksDoNotWaitForQueries reproduces the lock half of D4: with one
// mutex over every connection (proxy.NewLocalClientCreator) a block waited
// for each query in progress. Here a block is finalized and committed, and a
// transaction checked, while a query is still running.
func TestBlocksDoNotWaitForQueries(t *testing.T) {
	a := &slowQueries{inQuery: make(chan struct{}), release: make(chan struct{})}
	clients := ConcurrentQueries(a)
	query, err := clients.NewABCIQueryClient()
	if err != nil {
		t.Fatal(err)
	}
	consensus, err := clients.NewABCIConsensusClient()
	if err != nil {
		t.Fatal(err)
	}
	mempool, err := clients.NewABCIMempoolClient()
	if err != nil {
		t.Fatal(err)
	}
	queried := make(chan error, 1)
	go func() {
		_, err := query.Query(context.Background(), &abci.QueryRequest{Path: "/slow"})
		queried <- err
	}()
	<-a.inQuery

	done := make(chan error, 1)
	go func() {
		if _, err := consensus.FinalizeBlock(context.Background(), &abci.FinalizeBlockRequest{Height: 1}); err != nil {
			done <- err
			return
		}
		if _, err := mempool.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: []byte("tx")}); err != nil {
			done <- err
			return
		}
		_, err := consensus.Commit(context.Background(), &abci.CommitRequest{})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute): // a deadlock, not a slow machine
		t.Fatal("the block waited for the query in progress")
	}
	close(a.release)
	if err := <-queried; err != nil {
		t.Fatal(err)
	}
}
