package keeper_test

import (
	"fmt"
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
// Σvalue/Σcarats of the standing exports of the origin and HS code by other
// exporters when there are any; a price above three times it, or below a
// third of it, is flagged; void, rejected and expired shipments leave the
// reference; a reference needs five certificates and 1,000 carats (review A9,
// probes P5, P12).
func TestPriceDiscrepancy(t *testing.T) {
	c := apptest.New(t) // 2005-11-15: the fourth quarter
	c.Block()
	// Russian goods exported by Botswana (its stock) and by Russia, 2005 Q4.
	c.DeliverOK("bw-admin", &certtypes.MsgDeclareStock{Origins: []string{"RU"}, Carats: 100_000_00, Reference: "inventory"})
	ruGoods := func(number, issuer string, carats, value int64, options ...apptest.ShipmentOption) {
		c.DeliverOK(apptest.KeyName(issuer, "issuer"), apptest.Shipment(number, issuer, "EU",
			append([]apptest.ShipmentOption{apptest.Origin("RU"), apptest.Carats(carats), apptest.Value(value)}, options...)...)(c))
	}
	for i := 1; i <= 5; i++ {
		ruGoods(fmt.Sprintf("RU-2005-R%d", i), "RU", 1000_00, 100_000_00) // US$100/ct, 5,000 ct
	}
	ruGoods("RU-2005-V", "RU", 1000_00, 900_000_00) // US$900/ct, then voided
	c.DeliverOK("ru-issuer", apptest.Void("RU-2005-V", certtypes.VoidReason_VOID_REASON_PRINTER_ERROR, "")(c))
	ruGoods("RU-2005-J", "RU", 1000_00, 900_000_00) // rejected
	c.DeliverOK("eu-customs", apptest.Reject("RU-2005-J", certtypes.RejectionReason_REJECTION_REASON_MISMATCH)(c))
	ruGoods("RU-2005-X", "RU", 1000_00, 900_000_00, apptest.ValidFor(certtypes.Day)) // left to expire
	ruGoods("BW-2005-B1", "BW", 1000_00, 300_000_00)                                 // Botswana's own, US$300/ct
	for i := 1; i <= 5; i++ {                                                        // received: they stand
		c.DeliverOK("eu-importer", apptest.Confirm(fmt.Sprintf("RU-2005-R%d", i), apptest.StdParcels, 1000_00, 100_000_00)(c))
	}
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-B1", apptest.StdParcels, 1000_00, 300_000_00)(c))
	if flags := discrepancies(t, c, types.Rule_RULE_PRICE); len(flags) != 0 {
		t.Fatalf("flags without a reference quarter: %v", flags)
	}

	c.Skip(50 * day) // into 2006's first quarter; the reference is 2005 Q4
	cases := []struct {
		number, issuer string
		carats, value  int64
		flagged        bool
	}{
		{"BW-2006-P1", "BW", 100_00, 40_000_00, true},  // US$400/ct: above 300% of Russia's US$100
		{"BW-2006-P2", "BW", 100_00, 30_000_00, false}, // US$300/ct: at the factor
		{"BW-2006-P3", "BW", 100_00, 3_000_00, true},   // US$30/ct: below a third
		{"RU-2006-P4", "RU", 100_00, 15_000_00, false}, // Russia against Botswana's one certificate: too few to compare
	}
	for _, tc := range cases {
		ruGoods(tc.number, tc.issuer, tc.carats, tc.value)
	}
	flags := discrepancies(t, c, types.Rule_RULE_PRICE)
	for _, tc := range cases {
		d, flagged := flags[tc.number]
		if flagged != tc.flagged {
			t.Errorf("%s flagged %v, want %v: %s", tc.number, flagged, tc.flagged, d.Explanation)
		}
		if flagged && (d.ReferenceYear != 2005 || d.ReferenceQuarter != 4 || d.ReferenceCarats != 5000_00 || d.ReferenceValueUsd != 500_000_00) {
			t.Errorf("%s reference %d Q%d %d/%d, want 2005 Q4 500000.00/5000.00: Russia's standing exports alone", tc.number, d.ReferenceYear, d.ReferenceQuarter, d.ReferenceValueUsd, d.ReferenceCarats)
		}
	}
	// Probe P12: a single special stone far above the reference is flagged;
	// the issuer explains it, and only the issuer may (a price flag is the
	// exporter's).
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-S1", "BW", "EU", apptest.Origin("RU"), apptest.Carats(10_00), apptest.Value(50_000_00))(c)) // US$5,000/ct
	if _, flagged := discrepancies(t, c, types.Rule_RULE_PRICE)["BW-2006-S1"]; !flagged {
		t.Fatal("the special stone is not flagged")
	}
	explain := &types.MsgFollowUpFlag{Kind: types.FlagKind_FLAG_KIND_DISCREPANCY, Number: "BW-2006-S1", Rule: types.Rule_RULE_PRICE,
		Status: types.FlagStatus_FLAG_STATUS_EXPLAINED, Note: "a single special stone of 10 ct, valued by the Government Diamond Valuator"}
	c.Refused("eu-admin", explain, types.ErrNotFlagged)
	c.DeliverOK("bw-admin", explain)
	if d := discrepancies(t, c, types.Rule_RULE_PRICE)["BW-2006-S1"]; d.FollowUp.Status != types.FlagStatus_FLAG_STATUS_EXPLAINED {
		t.Fatalf("follow-up %+v", d.FollowUp)
	}
}

// TestMixedGoodsReferenceApart: mixed goods of an HS code have their own
// reference, never blended with a single origin's.
func TestMixedGoodsReferenceApart(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	c.DeliverOK("bw-admin", &certtypes.MsgDeclareStock{Origins: []string{"AO", "CD"}, Carats: 100_000_00, Reference: "inventory"})
	for i := 1; i <= 5; i++ {
		c.DeliverOK("ru-issuer", apptest.Shipment(fmt.Sprintf("RU-2005-R%d", i), "RU", "EU", apptest.Carats(1000_00), apptest.Value(100_000_00))(c))
		c.DeliverOK("eu-importer", apptest.Confirm(fmt.Sprintf("RU-2005-R%d", i), apptest.StdParcels, 1000_00, 100_000_00)(c))
	}
	c.Skip(50 * day)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-M1", "BW", "EU", apptest.Origin("MIXED", "AO", "CD"), apptest.Carats(100_00), apptest.Value(90_000_00))(c))
	c.DeliverOK("ru-issuer", apptest.Shipment("RU-2006-R6", "RU", "EU", apptest.Carats(100_00), apptest.Value(90_000_00))(c)) // US$900/ct: against Russia's US$100
	if flags := discrepancies(t, c, types.Rule_RULE_PRICE); len(flags) != 1 || flags["RU-2006-R6"].Number == "" {
		t.Fatalf("flags %v, want RU-2006-R6's alone", flags)
	}
}

// TestOverdueListing: the confirmation deadline counts from custody reaching
// the importer's side, not from issue; a certificate confirmed within its
// validity after a long journey is not overdue; one never confirmed is listed
// as expired at its expiry, by default (review A6, probes P7, P17); the
// destination's counts give its overdue rate.
func TestOverdueListing(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	short := apptest.ValidFor(10 * certtypes.Day)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-O1", "BW", "EU", apptest.Carats(100_00), apptest.Value(10_000_00))(c))        // arrives, waits
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-O2", "BW", "EU", apptest.Carats(100_00), apptest.Value(10_000_00))(c))        // long journey, confirmed
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-O3", "BW", "EU", apptest.Carats(100_00), apptest.Value(10_000_00), short)(c)) // never confirmed
	c.DeliverOK("bw-exporter", apptest.Transfer("BW-2005-O1", "eu-importer", "")(c))
	overdue := func(all bool) []types.OverdueCertificate {
		var resp types.QueryOverdueResponse
		c.MustQuery(types.QueryOverdue, &types.QueryOverdueRequest{All: all}, &resp)
		return resp.Certificates
	}
	c.Skip(11 * day)
	c.Block()
	if got := overdue(false); len(got) != 1 || got[0].Number != "BW-2005-O3" || got[0].Outcome != certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED || got[0].Overdue {
		t.Fatalf("after 11 days: %+v, want BW-2005-O3 expired, never confirmed", got)
	}
	c.Skip(5 * day)
	c.Block()
	got := overdue(false)
	if len(got) != 2 || got[0].Number != "BW-2005-O1" || !got[0].Overdue || got[0].ArrivedAt == 0 || got[0].Outcome != 0 {
		t.Fatalf("after 16 days: %+v, want BW-2005-O1 overdue since its arrival", got)
	}
	c.DeliverOK("bw-exporter", apptest.Transfer("BW-2005-O2", "eu-importer", "")(c))
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-O2", apptest.StdParcels, 100_00, 10_000_00)(c)) // day 17 of 30
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-O1", apptest.StdParcels, 100_00, 10_000_00)(c))
	if got := overdue(false); len(got) != 1 || got[0].Number != "BW-2005-O3" {
		t.Fatalf("after the confirmations: %+v", got)
	}
	if got := overdue(true); len(got) != 2 || got[0].Outcome != certtypes.CertificateStatus_CERTIFICATE_STATUS_RECEIVED {
		t.Fatalf("all: %+v (BW-2005-O2, confirmed in time, is no flag)", got)
	}
	var rates types.QueryOverdueRatesResponse
	c.MustQuery(types.QueryOverdueRates, &types.QueryOverdueRatesRequest{Year: 2005}, &rates)
	if len(rates.Rates) != 1 || rates.Rates[0] != (types.OverdueCounts{Participant: "EU", Year: 2005, Addressed: 3, Overdue: 1, ExpiredUnconfirmed: 1, Listed: 2}) || rates.Rates[0].Rate() != "66.67%" {
		t.Fatalf("overdue rates %+v", rates.Rates)
	}
	// BW-2005-O3 was received the day before its expiry and is confirmed
	// late, within the grace: it leaves the default listing, and counts as
	// confirmed late, still listed once.
	o3 := c.Certificate("BW-2005-O3")
	c.DeliverOK("eu-customs", &certtypes.MsgConfirm{Number: "BW-2005-O3", Parcels: apptest.StdParcels, Carats: 100_00, ValueUsd: 10_000_00,
		ReceivedAt: o3.ExpiresAt - 24*60*60, Reference: "BE-ANT-2005-0900"})
	if got := overdue(false); len(got) != 0 {
		t.Fatalf("after the late confirmation: %+v", got)
	}
	var after types.QueryOverdueRatesResponse
	c.MustQuery(types.QueryOverdueRates, &types.QueryOverdueRatesRequest{Year: 2005}, &after)
	if len(after.Rates) != 1 || after.Rates[0] != (types.OverdueCounts{Participant: "EU", Year: 2005, Addressed: 3, Overdue: 1, ConfirmedLate: 1, Listed: 2}) {
		t.Fatalf("overdue rates after the late confirmation %+v", after.Rates)
	}
}

// TestNonSubmitters: in the first block after 1 March 2006 (two months after
// 2005's second half), every participant without a report for it is
// recorded, once; a late report is noted and leaves the outstanding list.
func TestNonSubmitters(t *testing.T) {
	c := apptest.New(t) // genesis 2005-11-15: 2005 H2 is the first half-year checked
	c.Skip(50 * day)    // January 2006: the half-year has ended
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
	// The European Community and Chinese Taipei produce nothing: no report is
	// expected of them (review A8, probe P13).
	if fmt.Sprint(missing) != "[IN RU ZA]" {
		t.Fatalf("non-submitters %v, want the producers other than Botswana", missing)
	}
	if resp.Next.Year != 2006 || resp.Next.Half != 1 {
		t.Fatalf("next period %+v", resp.Next)
	}
	c.Block()
	if again := nonSubmitters(true); len(again.NonSubmitters) != len(missing) {
		t.Fatalf("recorded twice: %d", len(again.NonSubmitters))
	}
	c.DeliverOK("in-admin", &types.MsgReportProduction{Year: 2005, Half: 2}) // a nil return, late
	if got := nonSubmitters(false).NonSubmitters; len(got) != len(missing)-1 || got[0].Participant == "IN" {
		t.Fatalf("after India's late report: %+v", got)
	}
	for _, n := range nonSubmitters(true).NonSubmitters {
		if n.Participant == "IN" && n.ReportedAt != c.Time.Unix() {
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
