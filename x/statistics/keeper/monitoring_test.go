package keeper_test

import (
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

func discrepancies(t *testing.T, c *apptest.Chain, rule types.Rule) map[string]types.Discrepancy {
	t.Helper()
	var resp types.QueryDiscrepanciesResponse
	c.MustQuery(types.QueryDiscrepancies, &types.QueryDiscrepanciesRequest{Rule: rule}, &resp)
	out := map[string]types.Discrepancy{}
	for _, d := range resp.Discrepancies {
		out[d.Number] = d
	}
	return out
}

// TestMirrorDiscrepancy: a value received more than 10% off the certificate's
// is flagged with both figures; 10% exactly and less are not.
func TestMirrorDiscrepancy(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	received := map[string]int64{
		"BW-2005-M1": 115_000_00, // 15% above
		"BW-2005-M2": 90_000_00,  // 10% below: within tolerance
		"BW-2005-M3": 104_000_00, // 4% above
		"BW-2005-M4": 50_000_00,  // half
	}
	for number, value := range received {
		c.DeliverOK("bw-issuer", apptest.Shipment(number, "BW", "EU", apptest.Carats(1000_00), apptest.Value(100_000_00))(c))
		c.DeliverOK("eu-importer", apptest.Confirm(number, apptest.StdParcels, 1000_00, value)(c))
	}
	flags := discrepancies(t, c, types.Rule_RULE_MIRROR)
	if len(flags) != 2 {
		t.Fatalf("%d mirror flags, want BW-2005-M1 and BW-2005-M4: %v", len(flags), flags)
	}
	if d := flags["BW-2005-M1"]; d.DeviationBp != 1500 || d.ValueUsd != 100_000_00 || d.ReceivedValueUsd != 115_000_00 || d.Explanation == "" {
		t.Fatalf("M1 flag %+v", d)
	}
	if d := flags["BW-2005-M4"]; d.DeviationBp != 5000 || d.Issuer != "BW" || d.Destination != "EU" {
		t.Fatalf("M4 flag %+v", d)
	}
}

// TestPriceDiscrepancy: the reference is the previous complete quarter's
// Σvalue/Σcarats for the origin and HS code; a price above three times it, or
// below a third of it, is flagged; a void takes a shipment out of the
// reference.
func TestPriceDiscrepancy(t *testing.T) {
	c := apptest.New(t) // 2005-11-15: the fourth quarter
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Carats(1000_00), apptest.Value(100_000_00))(c)) // US$100/ct
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R2", "BW", "EU", apptest.Carats(3000_00), apptest.Value(300_000_00))(c)) // US$100/ct
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R3", "BW", "EU", apptest.Carats(1000_00), apptest.Value(900_000_00))(c)) // US$900/ct, then voided
	c.DeliverOK("bw-issuer", apptest.Void("BW-2005-R3", certtypes.VoidReason_VOID_REASON_PRINTER_ERROR, "")(c))
	if flags := discrepancies(t, c, types.Rule_RULE_PRICE); len(flags) != 0 {
		t.Fatalf("flags without a reference quarter: %v", flags)
	}

	c.Skip(50 * day) // into 2006's first quarter; the reference is 2005 Q4 at US$100/ct
	cases := []struct {
		number        string
		carats, value int64
		flagged       bool
	}{
		{"BW-2006-P1", 100_00, 40_000_00, true},  // US$400/ct: above 300%
		{"BW-2006-P2", 100_00, 30_000_00, false}, // US$300/ct: at the factor
		{"BW-2006-P3", 100_00, 3_000_00, true},   // US$30/ct: below a third
		{"BW-2006-P4", 100_00, 15_000_00, false}, // US$150/ct
	}
	for _, tc := range cases {
		c.DeliverOK("bw-issuer", apptest.Shipment(tc.number, "BW", "EU", apptest.Carats(tc.carats), apptest.Value(tc.value))(c))
	}
	flags := discrepancies(t, c, types.Rule_RULE_PRICE)
	for _, tc := range cases {
		d, flagged := flags[tc.number]
		if flagged != tc.flagged {
			t.Errorf("%s flagged %v, want %v", tc.number, flagged, tc.flagged)
		}
		if flagged && (d.ReferenceYear != 2005 || d.ReferenceQuarter != 4 || d.ReferenceCarats != 4000_00 || d.ReferenceValueUsd != 400_000_00) {
			t.Errorf("%s reference %d Q%d %d/%d, want 2005 Q4 400000.00/4000.00 (the void left out)", tc.number, d.ReferenceYear, d.ReferenceQuarter, d.ReferenceValueUsd, d.ReferenceCarats)
		}
	}
}

// TestOverdueListing: a certificate not confirmed within 15 days is listed
// until its outcome is known.
func TestOverdueListing(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-O1", "BW", "EU", apptest.Carats(100_00), apptest.Value(10_000_00))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-O2", "BW", "EU", apptest.Carats(100_00), apptest.Value(10_000_00))(c))
	c.Skip(16 * day)
	c.Block()
	overdue := func(all bool) []types.OverdueCertificate {
		var resp types.QueryOverdueResponse
		c.MustQuery(types.QueryOverdue, &types.QueryOverdueRequest{All: all}, &resp)
		return resp.Certificates
	}
	if got := overdue(false); len(got) != 2 || got[0].Number != "BW-2005-O1" || got[0].FlaggedAt != c.Time.Unix() {
		t.Fatalf("overdue %+v", got)
	}
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-O1", apptest.StdParcels, 100_00, 10_000_00)(c))
	if got := overdue(false); len(got) != 1 || got[0].Number != "BW-2005-O2" {
		t.Fatalf("after the late confirmation: %+v", got)
	}
	if got := overdue(true); len(got) != 2 || got[0].Outcome != certtypes.CertificateStatus_CERTIFICATE_STATUS_RECEIVED {
		t.Fatalf("all: %+v", got)
	}
}

// TestNonSubmitters: in the first block after 1 March 2006 (two months after
// 2005's second half), every participant without a report for it is
// recorded, once; a late report is noted and leaves the outstanding list.
func TestNonSubmitters(t *testing.T) {
	c := apptest.New(t) // genesis 2005-11-15: 2005 H2 is the first half-year checked
	c.Block()
	c.DeliverOK("bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: 15_880_000_00}})
	nonSubmitters := func(all bool) types.QueryNonSubmittersResponse {
		var resp types.QueryNonSubmittersResponse
		c.MustQuery(types.QueryNonSubmitters, &types.QueryNonSubmittersRequest{All: all}, &resp)
		return resp
	}
	deadline := time.Date(2006, 3, 1, 0, 0, 0, 0, time.UTC)
	if resp := nonSubmitters(false); len(resp.NonSubmitters) != 0 || resp.NextDeadlineAt != deadline.Unix() {
		t.Fatalf("before the deadline: %+v", resp)
	}
	c.Skip(deadline.Sub(c.Time) - apptest.BlockInterval) // the next block is exactly at the deadline: not yet past it
	c.Block()
	if resp := nonSubmitters(false); len(resp.NonSubmitters) != 0 {
		t.Fatalf("at the deadline: %+v", resp.NonSubmitters)
	}
	c.Block()
	resp := nonSubmitters(false)
	var missing []string
	for _, n := range resp.NonSubmitters {
		missing = append(missing, n.Participant)
		if n.Year != 2005 || n.Half != 2 || n.DeadlineAt != deadline.Unix() || n.RecordedHeight != c.Height {
			t.Errorf("record %+v", n)
		}
	}
	if got, want := len(missing), len(apptest.FixtureParticipants)-1; got != want || missing[0] != "EU" {
		t.Fatalf("non-submitters %v, want the %d participants other than Botswana", missing, want)
	}
	if resp.Next.Year != 2006 || resp.Next.Half != 1 {
		t.Fatalf("next period %+v", resp.Next)
	}
	c.Block()
	if again := nonSubmitters(true); len(again.NonSubmitters) != len(missing) {
		t.Fatalf("recorded twice: %d", len(again.NonSubmitters))
	}
	c.DeliverOK("eu-admin", &types.MsgReportProduction{Year: 2005, Half: 2})
	if got := nonSubmitters(false).NonSubmitters; len(got) != len(missing)-1 || got[0].Participant == "EU" {
		t.Fatalf("after the EU's late report: %+v", got)
	}
	for _, n := range nonSubmitters(true).NonSubmitters {
		if n.Participant == "EU" && n.ReportedAt != c.Time.Unix() {
			t.Fatalf("the late report is not noted: %+v", n)
		}
	}
}

func TestMonitoringParams(t *testing.T) {
	for _, bad := range []types.Params{
		{ProductionDeadlineMonths: 0, MirrorToleranceBp: 1000, PriceFactorPercent: 300},
		{ProductionDeadlineMonths: 2, MirrorToleranceBp: 0, PriceFactorPercent: 300},
		{ProductionDeadlineMonths: 2, MirrorToleranceBp: 1000, PriceFactorPercent: 100},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	p := types.DefaultParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}
