package keeper_test

import (
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// trade is a participant's trade in a quarter.
func trade(t *testing.T, c *apptest.Chain, code string, year, quarter uint32) types.QuarterTrade {
	t.Helper()
	var resp types.QueryTradeResponse
	c.MustQuery(types.QueryTrade, &types.QueryTradeRequest{Participant: code, Year: year, Quarter: quarter}, &resp)
	return resp.Quarters[0]
}

// TestImportsCountInTheQuarterOfReceipt: a shipment received in Antwerp on
// 30 December 2005 and confirmed late, on 12 January 2006, is a 2005 Q4
// import (review B2) at the carats re-weighed, and is flagged as received
// with discrepancy.
func TestImportsCountInTheQuarterOfReceipt(t *testing.T) {
	c := apptest.New(t)
	c.Skip(35 * 24 * time.Hour) // 20 December 2005
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(20*certtypes.Day))(c))
	c.Skip(23 * 24 * time.Hour) // 12 January 2006, past the expiry (9 January)
	c.Block()
	receivedAt := time.Date(2005, 12, 30, 10, 0, 0, 0, time.UTC).Unix()
	c.DeliverOK("eu-customs", &certtypes.MsgConfirm{Number: "BW-2005-1", Parcels: apptest.StdParcels, Carats: apptest.StdCarats - 1,
		ValueUsd: apptest.StdValue, ReceivedAt: receivedAt, Reference: "BE-ANT-2005-1230"})
	if q4 := trade(t, c, "EU", 2005, 4); q4.Imports.Total != (types.Flow{Carats: apptest.StdCarats - 1, ValueUsd: apptest.StdValue, Certificates: 1}) {
		t.Errorf("EU 2005 Q4 imports %+v, want the shipment as re-weighed", q4.Imports.Total)
	}
	if q1 := trade(t, c, "EU", 2006, 1); !q1.Imports.Total.IsZero() {
		t.Errorf("EU 2006 Q1 imports %+v, want none: the goods arrived in 2005", q1.Imports.Total)
	}
	d, ok := discrepancies(t, c, types.Rule_RULE_WEIGHT)["BW-2005-1"]
	if !ok || d.ReceivedCarats != apptest.StdCarats-1 || d.Carats != apptest.StdCarats || d.Explanation == "" {
		t.Errorf("weight flag %+v (%v)", d, ok)
	}
}

// TestReleasedAndReturnedShipments: a shipment detained in 2005 Q4 and
// released after remedy in 2006 Q1 leaves Q4's rejected figures and counts
// as a Q1 import; one detained and returned leaves the exporter's exports of
// its quarter of issue (review A3.5: the export-import gap the old rules made).
func TestReleasedAndReturnedShipments(t *testing.T) {
	c := apptest.New(t)
	c.Skip(40 * 24 * time.Hour) // 25 December 2005
	apptest.Given(
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "ZA", apptest.Carats(20000), apptest.Value(1000000))),
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "ZA", apptest.Carats(30000), apptest.Value(1500000))),
		apptest.By("za-customs", apptest.Reject("BW-2005-1", certtypes.RejectionReason_REJECTION_REASON_SEAL_BROKEN)),
		apptest.By("za-customs", apptest.Reject("BW-2005-2", certtypes.RejectionReason_REJECTION_REASON_MISMATCH)),
	)(t, c)
	if q4 := trade(t, c, "ZA", 2005, 4); q4.Rejected.Total != (types.Flow{Carats: 50000, ValueUsd: 2500000, Certificates: 2}) {
		t.Fatalf("ZA 2005 Q4 rejected %+v", q4.Rejected.Total)
	}
	c.Skip(10 * 24 * time.Hour) // January 2006
	c.DeliverOK("za-customs", &certtypes.MsgRelease{Number: "BW-2005-1", Parcels: apptest.StdParcels, Carats: 20000, ValueUsd: 1000000, Reference: "ZA-JHB-2006-3"})
	c.DeliverOK("bw-issuer", apptest.Void("BW-2005-2", certtypes.VoidReason_VOID_REASON_SHIPMENT_RETURNED, "")(c))
	if q4 := trade(t, c, "ZA", 2005, 4); q4.Rejected.Total != (types.Flow{Carats: 30000, ValueUsd: 1500000, Certificates: 1}) {
		t.Errorf("ZA 2005 Q4 rejected %+v, want BW-2005-2 alone", q4.Rejected.Total)
	}
	if q1 := trade(t, c, "ZA", 2006, 1); q1.Imports.Total != (types.Flow{Carats: 20000, ValueUsd: 1000000, Certificates: 1}) {
		t.Errorf("ZA 2006 Q1 imports %+v, want the released shipment", q1.Imports.Total)
	}
	if q4 := trade(t, c, "BW", 2005, 4); q4.Exports.Total != (types.Flow{Carats: 20000, ValueUsd: 1000000, Certificates: 1}) {
		t.Errorf("BW 2005 Q4 exports %+v, want the released shipment alone: the returned one is reversed", q4.Exports.Total)
	}
}
