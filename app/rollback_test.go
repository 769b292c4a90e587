package app_test

import (
	"context"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestRollbackPublishes: after Rollback (`kpd comet rollback`) Info and
// queries read the height rolled back to — every module's state as it was —
// and no height above it.
func TestRollbackPublishes(t *testing.T) {
	c := apptest.New(t)
	for i := 0; i < 4; i++ {
		c.Block(c.Tx("bw-admin", &participanttypes.MsgAddOperator{PubKey: c.PubKey(strings.Repeat("r", i+1)), Role: envelope.Role_ROLE_IMPORTER, Name: "Importer"}))
	}
	target := c.Height - 2
	want, err := c.App.RangeDigests(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.App.Rollback(target); err != nil {
		t.Fatal(err)
	}
	if info, _ := c.App.Info(context.Background(), &abci.InfoRequest{}); info.LastBlockHeight != target {
		t.Fatalf("rolled back to %d: Info says %d", target, info.LastBlockHeight)
	}
	got, err := c.App.RangeDigests(0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("after the rollback to %d: module %s differs from its state at that height", target, want[i].Module)
		}
	}
	if res, _ := c.App.Query(context.Background(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: []byte{0x00, 0x01}}); res.Code != 0 || res.Height != target {
		t.Fatalf("a query of the latest height after the rollback: code %d height %d", res.Code, res.Height)
	}
	if res, _ := c.App.Query(context.Background(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: []byte{0x00, 0x01}, Height: target + 1}); res.Code != module.ErrHeightUnavailable.Code() {
		t.Fatalf("a query above the rollback height: code %d %q", res.Code, res.Log)
	}
}
