package app_test

import (
	"bytes"
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
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

// FuzzValidateBasic decodes arbitrary bytes as each registered message kind
// (seeded with a valid message of every kind) and runs its stateless checks:
// nothing panics, and every refusal carries a registered code.
func FuzzValidateBasic(f *testing.F) {
	c := apptest.New(f)
	c.Block()
	router := c.App.MsgRouter()
	urls := router.TypeURLs()
	for i, url := range urls {
		if rc, ok := roleCases[url]; ok && rc.build != nil {
			bz, err := rc.build(c).Marshal()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(uint8(i), bz)
		}
	}
	f.Add(uint8(0), []byte{0x0A, 0x80, 0x80, 0x80, 0x80, 0x10})
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		route := router.Route(urls[int(kind)%len(urls)])
		msg := route.New()
		if err := msg.Unmarshal(data); err != nil {
			return
		}
		if err := msg.ValidateBasic(); err != nil && refusal.Of(err) == refusal.Internal {
			t.Fatalf("%s refused without a code: %v", route.TypeURL, err)
		}
	})
}

// FuzzQuery sends arbitrary paths, request bytes and heights to the app's
// query handler, seeded with every path it answers: nothing panics (the
// handler's recover would answer refusal.Internal) and every answer that is
// not a refusal decodes for a known path.
func FuzzQuery(f *testing.F) {
	c := apptest.New(f)
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-FZ1", "BW", "EU")(c))
	paths := c.App.QueryPaths()
	for i := range paths {
		f.Add(uint8(i), "", []byte{}, int64(0))
		f.Add(uint8(i), "", []byte{0x0A, 0x02, 'B', 'W'}, int64(1))
	}
	f.Add(uint8(0), "/kpledger.certificate.v1.Query/Certificate", []byte{0x0A, 0x0B, 'B', 'W', '-', '2', '0', '0', '5', '-', 'F', 'Z', '1'}, int64(0))
	f.Add(uint8(0), "/unknown", []byte{0xFF}, int64(-1))
	f.Add(uint8(0), "", bytes.Repeat([]byte{0xFF}, 64), int64(1<<62))
	f.Fuzz(func(t *testing.T, index uint8, path string, data []byte, height int64) {
		if path == "" {
			path = paths[int(index)%len(paths)]
		}
		resp, err := c.App.Query(context.Background(), &abci.QueryRequest{Path: path, Data: data, Height: height})
		if err != nil || resp == nil {
			t.Fatalf("%s: %v", path, err)
		}
		if resp.Code == refusal.Internal.Code() && resp.Codespace == refusal.Internal.Codespace() {
			t.Fatalf("%s (%X at %d) panicked or failed without a code: %s", path, data, height, resp.Log)
		}
	})
}
