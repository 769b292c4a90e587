package keeper_test

import (
	"slices"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// twoLines are a Botswana shipment of 1,000 ct of unsorted and 523.40 ct of
// gem-quality goods.
var twoLines = []types.HSLine{
	{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1},
	{HsCode: "7102.31", Carats: 52340, ValueUsd: 13250000, Parcels: 2},
}

// TestIssueWithLines: a certificate of two HS lines keeps its lines and
// their sums as its totals, hs_code empty; one of the one-line form keeps
// its hs_code and one line of its totals.
func TestIssueWithLines(t *testing.T) {
	c := newChain(t)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Lines(twoLines...))(c))
	got := c.Certificate("BW-2005-1")
	if !slices.Equal(got.Lines, twoLines) || got.HsCode != "" || got.Carats != 152340 || got.ValueUsd != 18250000 || got.Parcels != 3 {
		t.Errorf("two-line certificate: lines %+v, hs %q, %d ct, %d US cents, %d parcels", got.Lines, got.HsCode, got.Carats, got.ValueUsd, got.Parcels)
	}
	if got.OwnProductionCarats != 152340 {
		t.Errorf("own production %d, want the lines' carats", got.OwnProductionCarats)
	}
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "EU")(c))
	one := c.Certificate("BW-2005-2")
	want := []types.HSLine{{HsCode: apptest.StdHSCode, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Parcels: apptest.StdParcels}}
	if !slices.Equal(one.Lines, want) || one.HsCode != apptest.StdHSCode {
		t.Errorf("one-line certificate: lines %+v, hs %q", one.Lines, one.HsCode)
	}
}

// TestIssueLinesRefused breaks each rule of the lines once: state stays as
// it was (Chain.Refused checks it).
func TestIssueLinesRefused(t *testing.T) {
	n := "BW-2005-1"
	line := func(hs string, carats int64) types.HSLine {
		return types.HSLine{HsCode: hs, Carats: carats, ValueUsd: 100000, Parcels: 1}
	}
	raw := func(change func(m *types.MsgIssue)) apptest.Message {
		return apptest.Shipment(n, "BW", "EU", apptest.Lines(twoLines...), apptest.Raw(change))
	}
	nine := make([]types.HSLine, types.MaxLines+1)
	for i := range nine {
		nine[i] = line(types.HSCodes[i%len(types.HSCodes)], 100)
	}
	apptest.RunTxCases(t, func(t testing.TB) *apptest.Chain { return newChain(t) }, []apptest.TxCase{
		{Name: "one line given as a line, hs_code empty", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.21", 5000)))},
		{Name: "three lines, one per HS code", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.10", 1), line("7102.21", 2), line("7102.31", 3)))},

		// ErrInvalidLines
		{Name: "nine lines", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(nine...)), Want: types.ErrInvalidLines},
		{Name: "an HS code on two lines", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.31", 100), line("7102.31", 200))), Want: types.ErrInvalidLines},
		{Name: "lines and an hs_code", Signer: "bw-issuer",
			Msg: raw(func(m *types.MsgIssue) { m.HsCode = "7102.31" }), Want: types.ErrInvalidLines},

		// ErrInvalidHSCode
		{Name: "a line of polished diamonds (7102.39)", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.10", 100), line("7102.39", 100))), Want: types.ErrInvalidHSCode},
		{Name: "a line without an HS code", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("", 100))), Want: types.ErrInvalidHSCode},

		// ErrNotPositive
		{Name: "a line of no carats", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.10", 100), line("7102.31", 0))), Want: types.ErrNotPositive},
		{Name: "a line of negative value", Signer: "bw-issuer",
			Msg: apptest.Shipment(n, "BW", "EU", apptest.Lines(line("7102.10", 100), types.HSLine{HsCode: "7102.31", Carats: 100, ValueUsd: -1, Parcels: 1})), Want: types.ErrNotPositive},

		// ErrLineTotals
		{Name: "carats above the lines' sum", Signer: "bw-issuer",
			Msg: raw(func(m *types.MsgIssue) { m.Carats++; m.OwnProductionCarats++ }), Want: types.ErrLineTotals},
		{Name: "value below the lines' sum", Signer: "bw-issuer",
			Msg: raw(func(m *types.MsgIssue) { m.ValueUsd-- }), Want: types.ErrLineTotals},
		{Name: "totals left zero (they are never derived)", Signer: "bw-issuer",
			Msg: raw(func(m *types.MsgIssue) { m.Carats, m.ValueUsd, m.Parcels = 0, 0, 0 }), Want: types.ErrLineTotals},
		{Name: "parcels other than the lines' sum", Signer: "bw-issuer",
			Msg: raw(func(m *types.MsgIssue) { m.Parcels = 4 }), Want: types.ErrLineTotals},
	})
}
