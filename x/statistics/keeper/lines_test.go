package keeper_test

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// twoLines: 1,000 ct of unsorted goods at US$50,000 and 523.40 ct of
// gem-quality goods at US$132,500.
var twoLines = []certtypes.HSLine{
	{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1},
	{HsCode: "7102.31", Carats: 52340, ValueUsd: 13250000, Parcels: 2},
}

func byHS(shares []types.Share) map[string]types.Flow {
	out := map[string]types.Flow{}
	for _, s := range shares {
		out[s.Key] = s.Flow
	}
	return out
}

// TestStatisticsCountEachLine: a certificate of two HS lines counts, by HS
// code, each line at its own figures — in the exporter's exports, in the
// importer's imports when confirmed as certified, and in the rejected
// figures of a destination that detains it — while its totals count once.
func TestStatisticsCountEachLine(t *testing.T) {
	c := apptest.New(t)
	apptest.Given(
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Lines(twoLines...))),
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "ZA", apptest.Lines(twoLines...))),
		apptest.By("eu-customs", apptest.Confirm("BW-2005-1", 3, 152340, 18250000)),
		apptest.By("za-customs", apptest.Reject("BW-2005-2", certtypes.RejectionReason_REJECTION_REASON_MISMATCH)),
	)(t, c)
	lines := map[string]types.Flow{
		"7102.10": {Carats: 100000, ValueUsd: 5000000, Certificates: 1},
		"7102.31": {Carats: 52340, ValueUsd: 13250000, Certificates: 1},
	}
	twice := map[string]types.Flow{
		"7102.10": {Carats: 200000, ValueUsd: 10000000, Certificates: 2},
		"7102.31": {Carats: 104680, ValueUsd: 26500000, Certificates: 2},
	}
	bw := trade(t, c, "BW", 2005, 4)
	if got := byHS(bw.Exports.ByHsCode); !maps.Equal(got, twice) {
		t.Errorf("BW exports by HS %+v, want each line of both certificates", got)
	}
	if bw.Exports.Total != (types.Flow{Carats: 304680, ValueUsd: 36500000, Certificates: 2}) {
		t.Errorf("BW exports %+v, want two certificates", bw.Exports.Total)
	}
	if got := byHS(trade(t, c, "EU", 2005, 4).Imports.ByHsCode); !maps.Equal(got, lines) {
		t.Errorf("EU imports by HS %+v, want the lines as certified", got)
	}
	za := trade(t, c, "ZA", 2005, 4)
	if got := byHS(za.Rejected.ByHsCode); !maps.Equal(got, lines) {
		t.Errorf("ZA rejected by HS %+v, want the lines as certified", got)
	}
	if za.Rejected.Total != (types.Flow{Carats: 152340, ValueUsd: 18250000, Certificates: 1}) {
		t.Errorf("ZA rejected %+v", za.Rejected.Total)
	}
}

// TestReweighedImportSpreadOverLines: re-weighed at 1,522.40 ct (1 ct
// short) and re-valued at US$182,500.03, the import spreads over the lines in
// proportion to their certified carats and value, rounded down to the
// hundredth, the remainder to the largest line: 999.34 + 0.01 ct of 7102.10
// (the heavier line) and 523.05 ct of 7102.31; US$50,000.00 of 7102.10 and
// US$132,500.02 + 0.01 of 7102.31 (the dearer line).
func TestReweighedImportSpreadOverLines(t *testing.T) {
	c := apptest.New(t)
	apptest.Given(
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Lines(twoLines...))),
		apptest.By("eu-customs", apptest.Confirm("BW-2005-1", 3, 152240, 18250003)),
	)(t, c)
	eu := trade(t, c, "EU", 2005, 4)
	want := map[string]types.Flow{
		"7102.10": {Carats: 99935, ValueUsd: 5000000, Certificates: 1},
		"7102.31": {Carats: 52305, ValueUsd: 13250003, Certificates: 1},
	}
	if got := byHS(eu.Imports.ByHsCode); !maps.Equal(got, want) {
		t.Errorf("EU imports by HS %+v, want %+v", got, want)
	}
	if eu.Imports.Total != (types.Flow{Carats: 152240, ValueUsd: 18250003, Certificates: 1}) {
		t.Errorf("EU imports %+v, want the received totals", eu.Imports.Total)
	}
	if d, ok := discrepancies(t, c, types.Rule_RULE_WEIGHT)["BW-2005-1"]; !ok || d.HsCode != "7102.10+7102.31" {
		t.Errorf("weight flag %+v (%v), want it to name both HS codes", d, ok)
	}
}

// TestPriceByLine: each line of a certificate counts in the US$/ct reference
// of its own HS code, and is checked against it: Russia's gem-quality lines
// at US$1,000/ct make 7102.31's reference, its unsorted lines at US$100/ct
// 7102.10's; a Botswana certificate whose 7102.31 line is priced at
// US$100/ct is flagged on that line, one of 7102.31 alone at US$1,000/ct is
// not.
func TestPriceByLine(t *testing.T) {
	c := apptest.New(t) // 2005-11-15: the fourth quarter
	c.Block()
	c.DeliverOK("bw-admin", &certtypes.MsgDeclareStock{Origins: []string{"RU"}, Carats: 100_000_00, Reference: "inventory"})
	for i := 1; i <= 5; i++ {
		c.DeliverOK("ru-issuer", apptest.Shipment(fmt.Sprintf("RU-2005-L%d", i), "RU", "EU", apptest.Lines(
			certtypes.HSLine{HsCode: "7102.10", Carats: 1000_00, ValueUsd: 100_000_00, Parcels: 1},
			certtypes.HSLine{HsCode: "7102.31", Carats: 1000_00, ValueUsd: 1_000_000_00, Parcels: 1}))(c))
		c.DeliverOK("eu-importer", apptest.Confirm(fmt.Sprintf("RU-2005-L%d", i), 2, 2000_00, 1_100_000_00)(c)) // received: they stand
	}
	c.Skip(50 * 24 * time.Hour) // 2006 Q1: the reference is 2005 Q4
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-1", "BW", "EU", apptest.Origin("RU"), apptest.Lines(
		certtypes.HSLine{HsCode: "7102.10", Carats: 100_00, ValueUsd: 10_000_00, Parcels: 1},
		certtypes.HSLine{HsCode: "7102.31", Carats: 50_00, ValueUsd: 5_000_00, Parcels: 1}))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-2", "BW", "EU", apptest.Origin("RU"), apptest.HSCode("7102.31"),
		apptest.Carats(10_00), apptest.Value(10_000_00))(c))
	flags := discrepancies(t, c, types.Rule_RULE_PRICE)
	d, ok := flags["BW-2006-1"]
	if !ok || d.HsCode != "7102.31" || d.Carats != 50_00 || d.ValueUsd != 5_000_00 || d.ReferenceCarats != 5000_00 || d.ReferenceValueUsd != 5_000_000_00 {
		t.Errorf("BW-2006-1 flag %+v (%v), want its 7102.31 line against 7102.31's reference", d, ok)
	}
	if _, ok := flags["BW-2006-2"]; ok || len(flags) != 1 {
		t.Errorf("flags %v, want BW-2006-1's alone", flags)
	}
}
