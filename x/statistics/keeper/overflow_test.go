package keeper_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// edge is a sum so close to math.MaxInt64 that one more shipment's figures
// would wrap it.
const edge = math.MaxInt64 - 100

// save writes a statistics record into the state genesis wrote.
func save(key []byte, r store.Record) func(store.KVStore) {
	return func(s store.KVStore) { store.Save(types.Store(s), key, r) }
}

// saveStock writes a certificate module's stock record.
func saveStock(st *certtypes.Stock) func(store.KVStore) {
	return func(s store.KVStore) {
		store.Save(certtypes.Store(s), certtypes.StockKey(st.Participant, st.Origins), st)
	}
}

// issued is the standard BW → EU shipment, issued.
var issued = apptest.Given(apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")))

// TestSumsThatWouldOverflowAreRefused (reliability review D9): a chain starts
// from a state whose sum stands at the edge of int64 (apptest.WithState: no
// transaction could get there in a test's time), and the transaction whose
// statistics — or stock — would wrap it is refused whole: the code, no
// module's state changed (the certificate module's transition included),
// the sequence used up (apptest.Chain.Refused).
func TestSumsThatWouldOverflowAreRefused(t *testing.T) {
	q4 := func(participant string, trade func(*types.QuarterTrade)) func(store.KVStore) {
		t := &types.QuarterTrade{Participant: participant, Year: 2005, Quarter: 4}
		trade(t)
		return save(types.TradeKey(2005, 4, participant), t)
	}
	release := apptest.Fixed(&certtypes.MsgRelease{Number: "BW-2005-1", Parcels: apptest.StdParcels, Carats: apptest.StdCarats,
		ValueUsd: apptest.StdValue, Reference: "BE-ANT-2005-1"})
	cases := []struct {
		name   string
		state  func(store.KVStore)
		setup  apptest.Setup
		signer string
		msg    apptest.Message
		want   *refusal.Error
	}{
		{
			name:   "issue: the exporter's quarter",
			state:  q4("BW", func(t *types.QuarterTrade) { t.Exports.Total = types.Flow{ValueUsd: edge} }),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name: "issue: the exporter's share of an HS code",
			state: q4("BW", func(t *types.QuarterTrade) {
				t.Exports.ByHsCode = []types.Share{{Key: apptest.StdHSCode, Flow: types.Flow{Carats: edge}}}
			}),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name: "issue: the exporter's count of certificates to a counterpart",
			state: q4("BW", func(t *types.QuarterTrade) {
				t.Exports.ByCounterpart = []types.Share{{Key: "EU", Flow: types.Flow{Certificates: math.MaxInt64}}}
			}),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name:   "issue: the US$/ct reference of its quarter",
			state:  save(types.ReferenceKey(2005, 4, apptest.StdHSCode, "BW", "BW"), &types.Flow{Carats: edge, ValueUsd: 1, Certificates: 1}),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name: "issue: the reference it is compared with, summed over exporters",
			state: func(s store.KVStore) {
				save(types.ReferenceKey(2005, 3, apptest.StdHSCode, "BW", "RU"), &types.Flow{Carats: 100, ValueUsd: edge, Certificates: 1})(s)
				save(types.ReferenceKey(2005, 3, apptest.StdHSCode, "BW", "ZA"), &types.Flow{Carats: 100, ValueUsd: 1000, Certificates: 1})(s)
			},
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name:   "issue: the destination's count of certificates addressed",
			state:  save(types.OverdueCountsKey(2005, "EU"), &types.OverdueCounts{Participant: "EU", Year: 2005, Addressed: math.MaxInt64}),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name: "issue: the exporter's mass balance",
			state: save(types.MassBalanceKey(2005, "BW", []string{"BW"}), &types.MassBalance{Participant: "BW", Year: 2005, Origins: []string{"BW"},
				SecondHalf: types.Movements{Exports: edge}}),
			signer: "bw-issuer", msg: apptest.Shipment("BW-2005-1", "BW", "EU"), want: types.ErrSumOverflow,
		},
		{
			name:   "confirm: the importer's quarter",
			state:  q4("EU", func(t *types.QuarterTrade) { t.Imports.Total = types.Flow{Carats: edge} }),
			setup:  issued,
			signer: "eu-importer", msg: apptest.ConfirmAsCertified("BW-2005-1"), want: types.ErrSumOverflow,
		},
		{
			name:   "confirm: the importer's stock",
			state:  saveStock(&certtypes.Stock{Participant: "EU", Origins: []string{"BW"}, Received: edge, Carats: edge}),
			setup:  issued,
			signer: "eu-importer", msg: apptest.ConfirmAsCertified("BW-2005-1"), want: certtypes.ErrStockOverflow,
		},
		{
			name: "confirm: the importer's mass balance",
			state: save(types.MassBalanceKey(2005, "EU", []string{"BW"}), &types.MassBalance{Participant: "EU", Year: 2005, Origins: []string{"BW"},
				SecondHalf: types.Movements{Imports: edge}}),
			setup:  issued,
			signer: "eu-importer", msg: apptest.ConfirmAsCertified("BW-2005-1"), want: types.ErrSumOverflow,
		},
		{
			name:   "reject: the destination's rejected shipments",
			state:  q4("EU", func(t *types.QuarterTrade) { t.Rejected.Total = types.Flow{Certificates: math.MaxInt64} }),
			setup:  issued,
			signer: "eu-customs", msg: apptest.Reject("BW-2005-1", certtypes.RejectionReason_REJECTION_REASON_MISMATCH), want: types.ErrSumOverflow,
		},
		{
			name:  "release: the importer's quarter",
			state: q4("EU", func(t *types.QuarterTrade) { t.Imports.Total = types.Flow{ValueUsd: edge} }),
			setup: apptest.Then(issued, apptest.Given(
				apptest.By("eu-customs", apptest.Reject("BW-2005-1", certtypes.RejectionReason_REJECTION_REASON_MISMATCH)))),
			signer: "eu-customs", msg: release, want: types.ErrSumOverflow,
		},
		{
			name: "void a year later: what it gave back to the stock, an import of the year of the void",
			state: save(types.MassBalanceKey(2006, "EU", []string{"BW"}), &types.MassBalance{Participant: "EU", Year: 2006, Origins: []string{"BW"},
				FirstHalf: types.Movements{Imports: edge}}),
			setup: apptest.Then(
				apptest.Given(
					apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")),
					apptest.By("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")),
					apptest.By("eu-issuer", apptest.Shipment("EU-2005-1", "EU", "RU", apptest.Origin("BW"), apptest.FromStock(400_00, "BW"))),
				),
				func(t *testing.T, c *apptest.Chain) { c.Skip(60 * 24 * time.Hour); c.Block() }, // January 2006: expired
			),
			signer: "eu-issuer", msg: apptest.Void("EU-2005-1", certtypes.VoidReason_VOID_REASON_SURRENDERED, ""), want: types.ErrSumOverflow,
		},
		{
			name:   "declare stock: the stock",
			state:  saveStock(&certtypes.Stock{Participant: "BW", Origins: []string{"AO"}, Declared: edge, Carats: edge}),
			signer: "bw-admin", msg: apptest.Fixed(&certtypes.MsgDeclareStock{Origins: []string{"AO"}, Carats: 1000_00, Reference: "inventory 2005-11"}),
			want: certtypes.ErrStockOverflow,
		},
		{
			name: "declare stock: the mass balance",
			state: save(types.MassBalanceKey(2005, "BW", []string{"AO"}), &types.MassBalance{Participant: "BW", Year: 2005, Origins: []string{"AO"},
				SecondHalf: types.Movements{Declared: edge}}),
			signer: "bw-admin", msg: apptest.Fixed(&certtypes.MsgDeclareStock{Origins: []string{"AO"}, Carats: 1000_00, Reference: "inventory 2005-11"}),
			want: types.ErrSumOverflow,
		},
		{
			name: "report production: the mass balance it checks again",
			state: save(types.MassBalanceKey(2005, "BW", []string{"BW"}), &types.MassBalance{Participant: "BW", Year: 2005, Origins: []string{"BW"},
				Carried: edge}),
			setup:  func(t *testing.T, c *apptest.Chain) { c.Skip(50 * 24 * time.Hour); c.Block() }, // January 2006
			signer: "bw-admin", msg: apptest.Fixed(&types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: 1000_00}}),
			want: types.ErrSumOverflow,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := apptest.New(t, apptest.WithState(tc.state))
			c.Block()
			if tc.setup != nil {
				tc.setup(t, c)
			}
			c.Refused(tc.signer, tc.msg(c), tc.want)
		})
	}
}

// TestTheSameTransactionsPassBelowTheEdge: the figures of the refused cases
// one shipment further from the edge are accepted, and the sum is exact.
func TestTheSameTransactionsPassBelowTheEdge(t *testing.T) {
	start := math.MaxInt64 - apptest.StdValue
	c := apptest.New(t, apptest.WithState(save(types.TradeKey(2005, 4, "BW"),
		&types.QuarterTrade{Participant: "BW", Year: 2005, Quarter: 4, Exports: types.Trade{Total: types.Flow{ValueUsd: start}}})))
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")(c))
	if got := trade(t, c, "BW", 2005, 4).Exports.Total; got.ValueUsd != math.MaxInt64 || got.Carats != apptest.StdCarats || got.Certificates != 1 {
		t.Errorf("BW's 2005 Q4 exports %+v, want US cents at exactly math.MaxInt64", got)
	}
}

// TestAnnualTotalThatWouldOverflow: the annual table answers the code rather
// than a wrapped total; each participant's own figures are still readable.
func TestAnnualTotalThatWouldOverflow(t *testing.T) {
	c := apptest.New(t, apptest.WithState(func(s store.KVStore) {
		for _, code := range []string{"BW", "ZA"} {
			save(types.TradeKey(2005, 4, code), &types.QuarterTrade{Participant: code, Year: 2005, Quarter: 4,
				Exports: types.Trade{Total: types.Flow{Carats: 100, ValueUsd: edge, Certificates: 1}}})(s)
		}
	}))
	c.Block()
	c.QueryRefused(types.QueryAnnual, &types.QueryAnnualRequest{Year: 2005}, types.ErrSumOverflow)
	if got := trade(t, c, "ZA", 2005, 4).Exports.Total.ValueUsd; got != edge {
		t.Errorf("ZA's 2005 Q4 exports US$ cents %d, want %d", got, edge)
	}
}

// TestBlockTimeCountsSaturate: block-time work never fails a block. A
// destination's overdue counts at math.MaxInt64 stay there when one more
// certificate is flagged overdue, then expires unconfirmed; the certificate
// is listed all the same, and each block reports the counts it saturated
// (sum_saturated events naming the record).
func TestBlockTimeCountsSaturate(t *testing.T) {
	c := apptest.New(t, apptest.WithState(save(types.OverdueCountsKey(2005, "EU"),
		&types.OverdueCounts{Participant: "EU", Year: 2005, Overdue: math.MaxInt64, ExpiredUnconfirmed: math.MaxInt64, Listed: math.MaxInt64})))
	c.Block()
	apptest.Given(
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")),
		apptest.By("bw-exporter", apptest.Transfer("BW-2005-1", "eu-importer", "")),
	)(t, c)
	saturatedBy := func(days int) []string {
		c.Skip(time.Duration(days) * 24 * time.Hour)
		var records []string
		for _, ev := range c.Block().Events {
			if ev.Type != types.ModuleName {
				continue
			}
			var action, record string
			for _, a := range ev.Attributes {
				switch a.Key {
				case "action":
					action = a.Value
				case types.AttributeRecord:
					record = a.Value
				}
			}
			if action == types.ActionSumSaturated {
				records = append(records, record)
			}
		}
		return records
	}
	counts := func() types.OverdueCounts {
		var resp types.QueryOverdueRatesResponse
		c.MustQuery(types.QueryOverdueRates, &types.QueryOverdueRatesRequest{Year: 2005}, &resp)
		for _, n := range resp.Rates {
			if n.Participant == "EU" {
				return n
			}
		}
		t.Fatal("no overdue counts of EU")
		return types.OverdueCounts{}
	}
	listed := func() types.OverdueCertificate {
		var resp types.QueryOverdueResponse
		c.MustQuery(types.QueryOverdue, &types.QueryOverdueRequest{All: true}, &resp)
		if len(resp.Certificates) != 1 {
			t.Fatalf("overdue listing %+v, want BW-2005-1", resp.Certificates)
		}
		return resp.Certificates[0]
	}

	// 16 days after its arrival: past the confirmation deadline (15 days).
	if got, want := saturatedBy(16), []string{"overdue counts 2005 EU overdue", "overdue counts 2005 EU listed"}; !slices.Equal(got, want) {
		t.Errorf("flagged overdue: saturated %q, want %q", got, want)
	}
	if o := listed(); !o.Overdue || o.Number != "BW-2005-1" {
		t.Errorf("listing after the overdue flag: %+v", o)
	}
	if n := counts(); n.Overdue != math.MaxInt64 || n.Listed != math.MaxInt64 || n.Addressed != 1 {
		t.Errorf("counts after the overdue flag: %+v, want Overdue and Listed at math.MaxInt64", n)
	}
	// Past its expiry (30 days from issue), never confirmed.
	if got, want := saturatedBy(15), []string{"overdue counts 2005 EU expired_unconfirmed"}; !slices.Equal(got, want) {
		t.Errorf("expired: saturated %q, want %q", got, want)
	}
	if o := listed(); o.Outcome != certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED {
		t.Errorf("listing after the expiry: %+v", o)
	}
	if n := counts(); n.ExpiredUnconfirmed != math.MaxInt64 || n.Listed != math.MaxInt64 {
		t.Errorf("counts after the expiry: %+v, want ExpiredUnconfirmed at math.MaxInt64", n)
	}
	if s := c.Certificate("BW-2005-1").Status; s != certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED {
		t.Errorf("BW-2005-1 is %s, want expired: the block-time transition happened", s.Name())
	}
}
