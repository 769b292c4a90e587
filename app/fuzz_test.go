package app_test

import (
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// FuzzCheckTxAndFinalize sends arbitrary bytes through CheckTx, the proposal
// checks and FinalizeBlock: nothing panics, and bytes CheckTx refuses leave
// the state unchanged in a block.
func FuzzCheckTxAndFinalize(f *testing.F) {
	seed := apptest.New(f)
	f.Add(seed.TxAt("bw-admin", 0, &participanttypes.MsgAddOperator{
		PubKey: seed.PubKey("fuzz-op"), Role: envelope.Role_ROLE_IMPORTER, Name: "Fuzz Importer"}))
	f.Add(seed.TxAt("bw-admin", 0, &participanttypes.MsgRevokeOfficer{Address: seed.Address("bw-issuer")}))
	f.Add(seed.TxAt("wdc-observer", 0, &participanttypes.MsgRevokeOperator{Address: seed.Address("bw-exporter")}))
	f.Add([]byte("not a transaction"))

	c := apptest.New(f, apptest.WithAppOptions(app.Options{KeepRecent: 10}))
	c.Block()
	f.Fuzz(func(t *testing.T, tx []byte) {
		c.SetT(t)
		check := c.CheckTx(tx, false)
		c.CheckTx(tx, true)
		if _, err := c.App.ProcessProposal(context.Background(), &abci.ProcessProposalRequest{Txs: [][]byte{tx}}); err != nil {
			t.Fatal(err)
		}
		before := c.AppHash
		resp := c.Block(tx)
		if check.Code != 0 && resp.TxResults[0].Code == 0 {
			t.Fatalf("CheckTx refused (code %d) what FinalizeBlock accepted", check.Code)
		}
		if resp.TxResults[0].Code != 0 && check.Code != 0 && string(resp.AppHash) != string(before) {
			t.Fatalf("a refused tx (code %d) changed the state", resp.TxResults[0].Code)
		}
	})
}
