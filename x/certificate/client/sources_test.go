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
