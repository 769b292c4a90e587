package keeper_test

import (
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// stockOf is a participant's stock of an origin set (zero when none).
func stockOf(t *testing.T, c *apptest.Chain, code string, origins ...string) types.Stock {
	t.Helper()
	var resp types.QueryStockResponse
	c.MustQuery(types.QueryStock, &types.QueryStockRequest{Participant: code}, &resp)
	for _, st := range resp.Stocks {
		if strings.Join(st.Origins, ",") == strings.Join(origins, ",") {
			return st
		}
	}
	return types.Stock{}
}

// TestDeclareStock: a participant's admin declares an opening stock with its
// reference; it joins the stock and stays listed. Nobody else declares, and
// a declaration names origins, carats and a reference.
func TestDeclareStock(t *testing.T) {
	declare := func(carats int64, reference string, origins ...string) apptest.Message {
		return apptest.Fixed(&types.MsgDeclareStock{Origins: origins, Carats: carats, Reference: reference})
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "the European Community's admin declares Angolan and Congolese goods", Signer: "eu-admin",
			Msg: declare(250000, "Antwerp inventory", "AO", "CD"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if st := stockOf(t, c, "EU", "AO", "CD"); st.Carats != 250000 || st.Declared != 250000 {
					t.Errorf("stock %+v", st)
				}
				var resp types.QueryStockResponse
				c.MustQuery(types.QueryStock, &types.QueryStockRequest{Participant: "EC"}, &resp)
				if len(resp.Declarations) != 1 || resp.Declarations[0].Signer != c.Address("eu-admin") || resp.Declarations[0].Reference != "Antwerp inventory" {
					t.Errorf("declarations %+v", resp.Declarations)
				}
			}},
		{Name: "an issuer officer declares", Signer: "eu-issuer", Msg: declare(100, "inventory", "AO"), Want: envelope.ErrUnauthorized},
		{Name: "no carats", Signer: "eu-admin", Msg: declare(0, "inventory", "AO"), Want: types.ErrInvalidStock},
		{Name: "more than the ledger counts", Signer: "eu-admin", Msg: declare(types.MaxStockCarats+1, "inventory", "AO"), Want: types.ErrInvalidStock},
		{Name: "no reference", Signer: "eu-admin", Msg: declare(100, "", "AO"), Want: types.ErrInvalidStock},
		{Name: "no origin", Signer: "eu-admin", Msg: declare(100, "inventory"), Want: types.ErrInvalidOrigin},
		{Name: "origins out of order", Signer: "eu-admin", Msg: declare(100, "inventory", "CD", "AO"), Want: types.ErrInvalidOrigin},
	})
	apptest.RunTxCases(t, chainsWith(with(suspended("IN"))), []apptest.TxCase{
		{Name: "a suspended participant declares", Signer: "in-admin", Msg: declare(100, "inventory", "AO"), Want: types.ErrIssuerNotActive},
	})
}

// TestCaratConservation: the rules of where a certificate's goods come from,
// each broken once (review A1, A13, probes P1, P2, P15).
func TestCaratConservation(t *testing.T) {
	const n = "EU-2005-1"
	botswanaGoods := apptest.Then(receivedBy("BW-2005-1", "BW", "EU"), declared("EU", 100000, "AO"))
	re := func(options ...apptest.ShipmentOption) apptest.Message {
		return apptest.Shipment(n, "EU", "ZA", options...)
	}
	issuedDrawing := func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
		got := statusIs(t, c, n, issued)
		if got.Carats != 170000 || got.OwnProductionCarats != 0 || len(got.StockDraws) != 1 {
			t.Errorf("%s: %d ct, own %d, stock draws %v", n, got.Carats, got.OwnProductionCarats, got.StockDraws)
		}
		if st := stockOf(t, c, "EU", "AO"); st.Carats != 30000 || st.Drawn != 70000 {
			t.Errorf("stock of AO %+v", st)
		}
		if st := stockOf(t, c, "EU", "BW"); st.Carats != apptest.StdCarats-100000 || st.Received != apptest.StdCarats {
			t.Errorf("stock of BW %+v", st)
		}
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "Botswana goods cited and Angolan goods from stock", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Origin("MIXED", "AO", "BW"), apptest.Parents(apptest.Draw("BW-2005-1", 100000)), apptest.FromStock(70000, "AO")), Check: issuedDrawing},

		{Name: "100,000 ct citing 1 ct (P1)", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg:  re(apptest.Origin("BW"), apptest.Parents(apptest.Draw("BW-2005-1", 100)), apptest.Raw(func(m *types.MsgIssue) { m.Carats = 10_000_000 })),
			Want: types.ErrCaratsUnaccounted},
		{Name: "500,000 ct of Botswana origin from a stock it does not hold (P2)", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Origin("BW"), apptest.FromStock(50_000_000, "BW")), Want: types.ErrStockOverdrawn},
		{Name: "the stock's origins drawn twice", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Origin("AO"), apptest.FromStock(100, "AO"), apptest.FromStock(100, "AO")), Want: types.ErrInvalidOrigin},
		{Name: "a parent and a stock draw together beyond the stock", Signer: "eu-issuer",
			Setup: apptest.Then(botswanaGoods, apptest.Given(apptest.By("eu-issuer", apptest.Shipment("EU-2005-0", "EU", "RU", apptest.Origin("BW"), apptest.FromStock(100000, "BW"))))),
			Msg:   re(apptest.Origin("BW"), apptest.Parents(apptest.Draw("BW-2005-1", 60000))), Want: types.ErrStockOverdrawn},
		{Name: "imports called the issuer's own production", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Origin("BW"), apptest.OwnProduction(1000)), Want: types.ErrOriginMismatch},
		{Name: "own production and imports declared as the imports' origin (P15)", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Origin("BW"), apptest.Parents(apptest.Draw("BW-2005-1", 1000)), apptest.OwnProduction(500)), Want: types.ErrOriginMismatch},
		{Name: "own production negative", Signer: "eu-issuer",
			Msg: re(apptest.Raw(func(m *types.MsgIssue) { m.OwnProductionCarats = -1 })), Want: types.ErrNotPositive},
		{Name: "a stock draw of no carats", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg:  re(apptest.Origin("AO"), apptest.Raw(func(m *types.MsgIssue) { m.StockDraws = append(m.StockDraws, types.StockDraw{Origins: []string{"CD"}}) })),
			Want: types.ErrNotPositive},
		{Name: "seventeen stock draws", Signer: "eu-issuer", Setup: botswanaGoods,
			Msg: re(apptest.Raw(func(m *types.MsgIssue) {
				for i := 0; i < 17; i++ {
					m.StockDraws = append(m.StockDraws, types.StockDraw{Origins: []string{string(rune('A'+i)) + "A"}, Carats: 1})
				}
			})), Want: types.ErrStockOverdrawn},
	})
}
