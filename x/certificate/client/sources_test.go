package client

import (
	"testing"

	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestWeighSources: the officer names where the goods come from; the carats
// are their sum, and a producer's own goods need no more than --carats.
func TestWeighSources(t *testing.T) {
	own := &types.MsgIssue{Origin: "BW", Carats: 152340}
	if err := weighSources(own, "BW", true); err != nil || own.OwnProductionCarats != 152340 {
		t.Fatalf("own production: %v %+v", err, own)
	}
	foreign := &types.MsgIssue{Origin: "AO", Carats: 100}
	if err := weighSources(foreign, "BW", true); err == nil {
		t.Fatal("Angolan goods without a source were accepted")
	}
	blend := &types.MsgIssue{Origin: "MIXED", MixedOrigins: []string{"BW", "ZA"}, OwnProductionCarats: 500,
		Parents: []types.Draw{{Number: "ZA-2005-1", Carats: 1000}}, StockDraws: []types.StockDraw{{Origins: []string{"ZA"}, Carats: 250}}}
	if err := weighSources(blend, "BW", false); err != nil || blend.Carats != 1750 {
		t.Fatalf("blend: %v, %d", err, blend.Carats)
	}
	blend.Carats = 1700
	if err := weighSources(blend, "BW", true); err == nil {
		t.Fatal("--carats other than the sum was accepted")
	}
	if d, err := parseStockDraw("cd+ao:120.50"); err != nil || d.Carats != 12050 || len(d.Origins) != 2 || d.Origins[0] != "AO" {
		t.Fatalf("parseStockDraw = %+v %v", d, err)
	}
	if _, err := parseStockDraw("AO"); err == nil {
		t.Fatal("a stock draw without carats was accepted")
	}
}

// TestIssueGoodsLines: --line gives the certificate its lines and their
// sums as its totals; the one-line flags still work, and mixing the two is
// refused before anything is signed.
func TestIssueGoodsLines(t *testing.T) {
	set := func(flags ...string) (*types.MsgIssue, bool, error) {
		cmd := issueCmd()
		for i := 0; i < len(flags); i += 2 {
			if err := cmd.Flags().Set(flags[i], flags[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		msg := &types.MsgIssue{}
		given, err := issueGoods(cmd, msg)
		return msg, given, err
	}
	msg, given, err := set("line", "7102.10:1000:50000.00:1", "line", "7102.31:523.40:132500:2")
	want := []types.HSLine{{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1}, {HsCode: "7102.31", Carats: 52340, ValueUsd: 13250000, Parcels: 2}}
	if err != nil || !given || len(msg.Lines) != 2 || msg.Lines[0] != want[0] || msg.Lines[1] != want[1] ||
		msg.Carats != 152340 || msg.ValueUsd != 18250000 || msg.Parcels != 3 || msg.HsCode != "" {
		t.Fatalf("two lines: %v %v %+v", err, given, msg)
	}
	if msg, given, err := set("hs", "7102.31", "carats", "10", "value", "500", "parcels", "1"); err != nil || !given || msg.Carats != 1000 || len(msg.Lines) != 0 {
		t.Fatalf("one-line form: %v %+v", err, msg)
	}
	if _, _, err := set("line", "7102.10:1:1:1", "hs", "7102.31"); err == nil {
		t.Error("--line with --hs was accepted")
	}
	if _, _, err := set("line", "7102.10:1:1"); err == nil {
		t.Error("a line without parcels was accepted")
	}
	if _, _, err := set("carats", "10", "value", "500", "parcels", "1"); err == nil {
		t.Error("neither --hs nor --line was accepted")
	}
}
