package keeper_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

func balances(t *testing.T, c *apptest.Chain, year uint32, participant string) map[string]types.MassBalance {
	t.Helper()
	var resp types.QueryMassBalanceResponse
	c.MustQuery(types.QueryMassBalance, &types.QueryMassBalanceRequest{Year: year, Participant: participant}, &resp)
	out := map[string]types.MassBalance{}
	for _, b := range resp.Balances {
		out[b.Participant+":"+slices.Concat(b.Origins)[0]] = b
	}
	return out
}

// TestMassBalance: exports ≤ production + imports + opening stock, per
// participant, origin set and year (review B1). Botswana exports 1,000 ct of
// its own production in 2005 and reports 600 ct: flagged when it reports; a
// correction to 1,200 ct balances it again, the flag's date kept. The
// European Community, a non-producer, is balanced at once: its re-exports of
// Botswana goods draw on what it received, and in 2006 on the stock it
// carried over; 100 ct it calls its own production are flagged at issue.
// South Africa, which has not reported, is not balanced yet.
func TestMassBalance(t *testing.T) {
	c := apptest.New(t) // 2005-11-15
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-M1", "BW", "EU", apptest.Carats(1000_00), apptest.Value(100_000_00))(c))
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-M1", apptest.StdParcels, 1000_00, 100_000_00)(c))
	c.DeliverOK("za-issuer", apptest.Shipment("ZA-2005-M1", "ZA", "EU", apptest.Carats(5000_00), apptest.Value(500_000_00))(c))
	c.DeliverOK("eu-issuer", apptest.Shipment("EU-2005-M1", "EU", "RU", apptest.Origin("BW"), apptest.FromStock(400_00, "BW"), apptest.Value(40_000_00))(c))
	b := balances(t, c, 2005, "")
	if eu := b["EU:BW"]; eu.Carried != 0 || eu.SecondHalf.Imports != 1000_00 || eu.SecondHalf.Exports != 400_00 || eu.Exceeded || eu.FlaggedAt != 0 || eu.CheckedHalf != 2 {
		t.Fatalf("EU's balance of Botswana goods: %+v", eu)
	}
	if bw := b["BW:BW"]; bw.SecondHalf.Exports != 1000_00 || bw.CheckedHalf != 0 || bw.Exceeded {
		t.Fatalf("BW's balance before its report: %+v", bw)
	}
	if za := b["ZA:ZA"]; za.CheckedHalf != 0 || za.Exceeded {
		t.Fatalf("ZA's balance without a report: %+v", za)
	}
	res := c.DeliverOK("eu-issuer", apptest.Shipment("EU-2005-M2", "EU", "RU", apptest.OwnProduction(100_00), apptest.Value(10_000_00))(c))
	if v, _ := apptest.EventAttr(res.Events, types.ModuleName, "action"); v != types.ActionMassBalanceExceeded {
		t.Errorf("no mass_balance_exceeded event: %v", res.Events)
	}
	if eu := balances(t, c, 2005, "EU")["EU:EU"]; !eu.Exceeded || eu.Exported != 100_00 || eu.Available != 0 || eu.FlaggedAt != c.Time.Unix() {
		t.Fatalf("EU's own production: %+v", eu)
	}

	c.Skip(50 * 24 * time.Hour) // January 2006
	c.Block()
	c.DeliverOK("bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: 600_00}})
	bw := balances(t, c, 2005, "BW")["BW:BW"]
	if !bw.Exceeded || bw.CheckedHalf != 2 || bw.Production != 600_00 || bw.Exported != 1000_00 || bw.FlaggedAt != c.Time.Unix() {
		t.Fatalf("BW after reporting 600 ct: %+v", bw)
	}
	flaggedAt := bw.FlaggedAt
	var flagged types.QueryMassBalanceResponse
	c.MustQuery(types.QueryMassBalance, &types.QueryMassBalanceRequest{Year: 2005, Flagged: true}, &flagged)
	if len(flagged.Balances) != 2 || flagged.Balances[0].Participant != "BW" || flagged.Balances[1].Participant != "EU" {
		t.Fatalf("flagged: %+v", flagged.Balances)
	}
	c.Block()
	c.DeliverOK("bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: 1200_00}, Note: "corrected"})
	if bw := balances(t, c, 2005, "BW")["BW:BW"]; bw.Exceeded || bw.Production != 1200_00 || bw.FlaggedAt != flaggedAt {
		t.Fatalf("BW after its correction: %+v", bw)
	}

	// 2006: the EU's stock of Botswana goods carried over is its opening.
	c.DeliverOK("eu-issuer", apptest.Shipment("EU-2006-M1", "EU", "ZA", apptest.Origin("BW"), apptest.FromStock(300_00, "BW"), apptest.Value(30_000_00))(c))
	if eu := balances(t, c, 2006, "EU")["EU:BW"]; eu.Carried != 600_00 || eu.FirstHalf.Exports != 300_00 || eu.Exceeded {
		t.Fatalf("EU's 2006 balance of Botswana goods: %+v", eu)
	}
	// A void (the expired EU-2005-M1 surrendered unused) restates the year of
	// issue and, a year later, gives the goods
	// back to the stock as an import of the year of the void.
	c.DeliverOK("eu-issuer", apptest.Void("EU-2005-M1", certtypes.VoidReason_VOID_REASON_SURRENDERED, "")(c))
	if eu := balances(t, c, 2005, "EU")["EU:BW"]; eu.SecondHalf.Exports != 0 {
		t.Fatalf("EU's 2005 exports after the void: %+v", eu)
	}
	if eu := balances(t, c, 2006, "EU")["EU:BW"]; eu.FirstHalf.Imports != 400_00 {
		t.Fatalf("EU's 2006 imports after the void: %+v", eu)
	}
}
