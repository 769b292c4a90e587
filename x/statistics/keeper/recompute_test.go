package keeper_test

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

var traders = []string{"BW", "EU", "ZA", "RU", "TW"}

const day = 24 * time.Hour

// TestStatisticsRecomputedFromCertificates drives a year and a half of trade —
// shipments, re-exports, confirmations at other values, rejections, voids,
// expiries — then recomputes every quarter's figures with plain code from the
// certificates' events alone and compares them with the module's.
func TestStatisticsRecomputedFromCertificates(t *testing.T) {
	c := apptest.New(t)
	rng := rand.New(rand.NewSource(2005))
	type open struct{ number, destination string }
	var pending []open
	received := map[string][]string{} // participant → certificates it received, to re-export
	n := 0
	for round := 0; round < 120; round++ {
		c.Skip(time.Duration(rng.Intn(6)) * day)
		var txs [][]byte
		drawn := map[string]bool{} // one draw per parent per block: each sees the state before the block
		for i := 0; i < 1+rng.Intn(4); i++ {
			issuer := traders[rng.Intn(len(traders))]
			destination := traders[rng.Intn(len(traders))]
			if destination == issuer {
				continue
			}
			n++
			number := fmt.Sprintf("%s-S%05d", issuer, n)
			options := []apptest.ShipmentOption{
				apptest.Carats(int64(100 + rng.Intn(500000))), apptest.Value(int64(10000 + rng.Intn(90000000))),
				apptest.Parcels(uint32(1 + rng.Intn(5))), apptest.HSCode(certtypes.HSCodes[rng.Intn(3)]),
			}
			if stock := received[issuer]; len(stock) > 0 && rng.Intn(3) == 0 {
				parent := c.Certificate(stock[rng.Intn(len(stock))])
				if left := parent.ReceivedCarats - parent.DrawnCarats; left > 1 && !drawn[parent.Number] {
					drawn[parent.Number] = true
					carats := 1 + rng.Int63n(left-1)
					options = append(options, apptest.Carats(carats), apptest.Parents(apptest.Draw(parent.Number, carats)),
						apptest.Origin(parent.Origin, parent.MixedOrigins...))
				}
			} else if rng.Intn(4) == 0 { // two HS lines, of the issuer's own production
				first := rng.Intn(3)
				options = append(options, apptest.Lines(
					certtypes.HSLine{HsCode: certtypes.HSCodes[first], Carats: int64(1 + rng.Intn(300000)), ValueUsd: int64(rng.Intn(50000000)), Parcels: uint32(rng.Intn(3))},
					certtypes.HSLine{HsCode: certtypes.HSCodes[(first+1)%3], Carats: int64(1 + rng.Intn(300000)), ValueUsd: int64(10000 + rng.Intn(50000000)), Parcels: uint32(1 + rng.Intn(3))}))
			}
			txs = append(txs, c.Tx(apptest.KeyName(issuer, "issuer"), apptest.Shipment(number, issuer, destination, options...)(c)))
			pending = append(pending, open{number, destination})
		}
		for _, res := range c.Block(txs...).TxResults {
			if res.Code != 0 {
				t.Fatalf("round %d: issue refused: %s", round, res.Log)
			}
		}
		txs = nil
		rest := pending[:0]
		for _, p := range pending {
			cert := c.Certificate(p.number)
			if cert.Status == certtypes.CertificateStatus_CERTIFICATE_STATUS_REJECTED {
				// Detained: released after remedy, or returned.
				switch rng.Intn(3) {
				case 0:
					txs = append(txs, c.Tx(apptest.KeyName(p.destination, "customs"), &certtypes.MsgRelease{Number: p.number,
						Parcels: cert.Parcels, Carats: cert.Carats, ValueUsd: cert.ValueUsd}))
					received[p.destination] = append(received[p.destination], p.number)
				case 1:
					txs = append(txs, c.Tx(apptest.KeyName(cert.Issuer, "issuer"), &certtypes.MsgVoid{Number: p.number,
						Reason: certtypes.VoidReason_VOID_REASON_SHIPMENT_RETURNED}))
				}
				continue
			}
			if cert.Status != certtypes.CertificateStatus_CERTIFICATE_STATUS_ISSUED {
				continue
			}
			var msg envelope.Message
			signer := apptest.KeyName(p.destination, "importer")
			switch rng.Intn(9) {
			case 0, 1, 2:
				value := cert.ValueUsd + int64(rng.Intn(2000000)) - 1000000
				if value < 1 {
					value = 1
				}
				// Re-weighed within the tolerance, received up to a day
				// before it is keyed in.
				carats := cert.Carats - cert.Carats*int64(rng.Intn(11))/10000
				receivedAt := max(cert.IssuedAt, c.NextBlockTime()-int64(rng.Intn(86400)))
				msg = &certtypes.MsgConfirm{Number: p.number, Parcels: cert.Parcels, Carats: carats, ValueUsd: value, ReceivedAt: receivedAt}
				received[p.destination] = append(received[p.destination], p.number)
			case 3:
				msg = &certtypes.MsgReject{Number: p.number, Reason: certtypes.RejectionReason_REJECTION_REASON_MISMATCH}
				signer = apptest.KeyName(p.destination, "customs")
				rest = append(rest, p) // to be released or returned later
			case 4:
				msg = &certtypes.MsgVoid{Number: p.number, Reason: certtypes.VoidReason_VOID_REASON_SHIPMENT_CANCELLED}
				signer = apptest.KeyName(cert.Issuer, "issuer")
			case 5:
				continue // never confirmed: it will expire
			default:
				rest = append(rest, p) // waits a while
				continue
			}
			txs = append(txs, c.Tx(signer, msg))
		}
		pending = rest
		for _, res := range c.Block(txs...).TxResults {
			if res.Code != 0 {
				t.Fatalf("round %d: %s", round, res.Log)
			}
		}
	}

	certs := c.Certificates()
	kinds := map[string]int{}
	for _, cert := range certs {
		kinds[cert.Status.Name()]++
		if len(cert.Parents) > 0 {
			kinds["re-export"]++
		}
	}
	for _, c := range certs {
		for _, ev := range c.Events {
			if ev.Kind == certtypes.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY {
				kinds["released"]++
			}
			if ev.Kind == certtypes.EventKind_EVENT_KIND_VOIDED && ev.VoidReason == certtypes.VoidReason_VOID_REASON_SHIPMENT_RETURNED {
				kinds["returned"]++
			}
		}
	}
	for _, kind := range []string{"received", "rejected", "void", "expired", "re-export", "released", "returned"} {
		if kinds[kind] == 0 {
			t.Errorf("the trade drove no %s certificate: %v", kind, kinds)
		}
	}
	want := recompute(certs)
	if len(want) == 0 {
		t.Fatal("no trade recorded")
	}
	years := map[uint32]bool{}
	for k := range want {
		years[k.year] = true
	}
	checked := 0
	for year := range years {
		for _, code := range traders {
			var resp types.QueryTradeResponse
			c.MustQuery(types.QueryTrade, &types.QueryTradeRequest{Participant: code, Year: year}, &resp)
			for _, got := range resp.Quarters {
				expected := want[period{code, year, got.Quarter}]
				if expected == nil {
					expected = &types.QuarterTrade{Participant: code, Year: year, Quarter: got.Quarter}
				}
				if got.String() != expected.String() {
					t.Errorf("%s %d Q%d:\n got %v\nwant %v", code, year, got.Quarter, got.String(), expected.String())
				}
				checked++
			}
		}
	}
	t.Logf("%d certificates %v, %d participant-quarters compared", n, kinds, checked)
}

type period struct {
	participant   string
	year, quarter uint32
}

// recompute derives every quarter's trade from certificates and their events
// alone, without the module's code: exports at issue unless voided, imports
// in the quarter of the date of receipt at the carats and value received,
// rejections apart unless released after remedy.
func recompute(certs []apptest.Certificate) map[period]*types.QuarterTrade {
	out := map[period]*types.QuarterTrade{}
	at := func(code string, t int64) *types.QuarterTrade {
		u := time.Unix(t, 0).UTC()
		p := period{code, uint32(u.Year()), uint32((int(u.Month())-1)/3 + 1)}
		if out[p] == nil {
			out[p] = &types.QuarterTrade{Participant: p.participant, Year: p.year, Quarter: p.quarter}
		}
		return out[p]
	}
	for _, cv := range certs {
		c, events := cv.Certificate, cv.Events
		voided, released := false, false
		for _, ev := range events {
			voided = voided || ev.Kind == certtypes.EventKind_EVENT_KIND_VOIDED
			released = released || ev.Kind == certtypes.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY
		}
		for _, ev := range events {
			switch ev.Kind {
			case certtypes.EventKind_EVENT_KIND_ISSUED:
				if !voided {
					add(&at(c.Issuer, ev.Time).Exports, &c, c.Carats, c.ValueUsd, provenanceOf(&c), c.Destination, certtypes.Lines(&c))
				}
			case certtypes.EventKind_EVENT_KIND_RECEIVED, certtypes.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY:
				add(&at(c.Destination, ev.ReceivedAt).Imports, &c, ev.Carats, ev.ValueUsd, c.Issuer, c.Issuer, receivedLines(c, ev))
			case certtypes.EventKind_EVENT_KIND_REJECTED:
				if !released {
					add(&at(c.Destination, ev.Time).Rejected, &c, c.Carats, c.ValueUsd, c.Issuer, c.Issuer, certtypes.Lines(&c))
				}
			}
		}
	}
	return out
}

func provenanceOf(c *certtypes.Certificate) string {
	issuers := map[string]bool{}
	for _, p := range c.Parents {
		issuers[p.Number[:2]] = true
	}
	switch len(issuers) {
	case 0:
		return c.Issuer
	case 1:
		for code := range issuers {
			return code
		}
	}
	return "MIXED"
}

// receivedLines are the lines a confirmation event gives: the received
// figures spread over the certificate's lines as certtypes.ReceivedLines
// does, which TestReceivedLinesSpread checks on its own.
func receivedLines(c certtypes.Certificate, ev certtypes.CertificateEvent) []certtypes.HSLine {
	c.ReceivedCarats, c.ReceivedValueUsd, c.ReceivedParcels = ev.Carats, ev.ValueUsd, ev.Parcels
	return certtypes.ReceivedLines(&c)
}

func add(trade *types.Trade, c *certtypes.Certificate, carats, value int64, provenance, counterpart string, lines []certtypes.HSLine) {
	flow := types.Flow{Carats: carats, ValueUsd: value, Certificates: 1}
	trade.Total.Carats += carats
	trade.Total.ValueUsd += value
	trade.Total.Certificates++
	for _, l := range lines {
		trade.ByHsCode = plainAdd(trade.ByHsCode, l.HsCode, types.Flow{Carats: l.Carats, ValueUsd: l.ValueUsd, Certificates: 1})
	}
	trade.ByOrigin = plainAdd(trade.ByOrigin, c.Origin, flow)
	trade.ByProvenance = plainAdd(trade.ByProvenance, provenance, flow)
	trade.ByCounterpart = plainAdd(trade.ByCounterpart, counterpart, flow)
}

func plainAdd(shares []types.Share, key string, flow types.Flow) []types.Share {
	for i := range shares {
		if shares[i].Key == key {
			shares[i].Flow.Carats += flow.Carats
			shares[i].Flow.ValueUsd += flow.ValueUsd
			shares[i].Flow.Certificates += flow.Certificates
			return shares
		}
	}
	shares = append(shares, types.Share{Key: key, Flow: flow})
	sort.Slice(shares, func(i, j int) bool { return shares[i].Key < shares[j].Key })
	return shares
}
