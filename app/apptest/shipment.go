package apptest

import (
	"sync"

	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// The figures of the standard shipment: 1,523.40 ct of HS 7102.31 in 3
// parcels worth US$182,500.00.
const (
	StdCarats  int64  = 152340
	StdValue   int64  = 18250000
	StdParcels uint32 = 3
	StdHSCode         = "7102.31"
)

// StdValidity is how long a standard shipment's certificate is valid: 30 days.
const StdValidity = 30 * certtypes.Day

// ShipmentOption changes a standard shipment.
type ShipmentOption func(c *Chain, m *certtypes.MsgIssue)

// Shipment is the standard shipment from issuer to destination, from the
// issuer's licensed exporter ("bw-exporter") to the destination's importer
// ("eu-importer"), of the issuer's own origin, valid StdValidity from the
// block it goes in; options change it.
//
// Its goods come from the sources options name (Parents, FromStock,
// OwnProduction), and then it weighs their sum; without any, from the
// issuer's own production when the origin is the issuer's own, else from the
// issuer's stock of the declared origins. Options named Raw come last: a
// message the sources do not add up to.
func Shipment(number, issuer, destination string, options ...ShipmentOption) Message {
	return func(c *Chain) envelope.Message {
		m := &certtypes.MsgIssue{
			Number: number, Origin: issuer, Destination: destination,
			Exporter: c.Address(KeyName(issuer, "exporter")), Importer: c.Address(KeyName(destination, "importer")),
			Carats: StdCarats, ValueUsd: StdValue, Parcels: StdParcels, HsCode: StdHSCode,
			ExpiresAt: c.NextBlockTime() + StdValidity,
		}
		for _, o := range options {
			o(c, m)
		}
		weighSources(issuer, m)
		rawMu.Lock()
		raw := rawChanges[m]
		delete(rawChanges, m)
		rawMu.Unlock()
		for _, change := range raw {
			change(m)
		}
		return m
	}
}

// weighSources makes a shipment's carats and its sources agree: the sum of
// the sources named, or a source for the carats when none is.
func weighSources(issuer string, m *certtypes.MsgIssue) {
	if len(m.Parents) == 0 && len(m.StockDraws) == 0 && m.OwnProductionCarats == 0 {
		if origins := certtypes.OriginSet(m.Origin, m.MixedOrigins); len(origins) == 1 && origins[0] == issuer {
			m.OwnProductionCarats = m.Carats
		} else {
			m.StockDraws = []certtypes.StockDraw{{Origins: origins, Carats: m.Carats}}
		}
		return
	}
	m.Carats = m.OwnProductionCarats
	for _, p := range m.Parents {
		m.Carats += p.Carats
	}
	for _, d := range m.StockDraws {
		m.Carats += d.Carats
	}
}

// rawChanges are the changes Raw options asked for, by message being built:
// Shipment applies them after the sources are weighed.
var (
	rawMu      sync.Mutex
	rawChanges = map[*certtypes.MsgIssue][]func(*certtypes.MsgIssue){}
)

// Raw changes the message after its carats and sources were made to agree:
// for a certificate whose sources do not add up.
func Raw(change func(m *certtypes.MsgIssue)) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) {
		rawMu.Lock()
		defer rawMu.Unlock()
		rawChanges[m] = append(rawChanges[m], change)
	}
}

// OwnProduction takes carats (hundredths) of the shipment from the issuer's
// own production.
func OwnProduction(n int64) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.OwnProductionCarats = n }
}

// FromStock takes carats (hundredths) of the shipment from the issuer's stock
// of goods of the origins (sorted).
func FromStock(n int64, origins ...string) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) {
		m.StockDraws = append(m.StockDraws, certtypes.StockDraw{Origins: origins, Carats: n})
	}
}

// Origin declares the shipment's origin, with the origins of a MIXED one.
func Origin(origin string, mixed ...string) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.Origin, m.MixedOrigins = origin, mixed }
}

// Carats sets the shipment's weight in hundredths of a carat.
func Carats(n int64) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.Carats = n }
}

// Value sets the shipment's value in US cents.
func Value(n int64) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.ValueUsd = n }
}

// Parcels sets the number of parcels.
func Parcels(n uint32) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.Parcels = n }
}

// HSCode sets the shipment's HS code (7102.10, 7102.21, 7102.31).
func HSCode(code string) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.HsCode = code }
}

// Lines gives the shipment HS lines, its totals their sums and no hs_code.
func Lines(lines ...certtypes.HSLine) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.SetLines(lines) }
}

// Seal sets the container seal number.
func Seal(s string) ShipmentOption { return func(_ *Chain, m *certtypes.MsgIssue) { m.Seal = s } }

// Transit lists the participants the shipment crosses.
func Transit(codes ...string) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.Transit = codes }
}

// Parents cites the certificates a re-export draws from.
func Parents(draws ...certtypes.Draw) ShipmentOption {
	return func(_ *Chain, m *certtypes.MsgIssue) { m.Parents = draws }
}

// Draw is carats (hundredths) drawn from a parent certificate.
func Draw(number string, carats int64) certtypes.Draw {
	return certtypes.Draw{Number: number, Carats: carats}
}

// ValidFor sets the expiry seconds after the block the issue goes in.
func ValidFor(seconds int64) ShipmentOption {
	return func(c *Chain, m *certtypes.MsgIssue) { m.ExpiresAt = c.NextBlockTime() + seconds }
}

// ExporterKey names the exporter by a key name.
func ExporterKey(name string) ShipmentOption {
	return func(c *Chain, m *certtypes.MsgIssue) { m.Exporter = c.Address(name) }
}

// ImporterKey names the importer by a key name.
func ImporterKey(name string) ShipmentOption {
	return func(c *Chain, m *certtypes.MsgIssue) { m.Importer = c.Address(name) }
}

// Confirm is a confirmation of receipt quoting parcels, carats and the value
// received.
func Confirm(number string, parcels uint32, carats, value int64) Message {
	return Fixed(&certtypes.MsgConfirm{Number: number, Parcels: parcels, Carats: carats, ValueUsd: value, Note: "counted at the diamond office"})
}

// ConfirmAsCertified confirms the standard shipment as it was certified.
func ConfirmAsCertified(number string) Message {
	return Confirm(number, StdParcels, StdCarats, StdValue)
}

// Transfer hands a shipment to the holder of a key name, quoting the seal.
func Transfer(number, to, seal string) Message {
	return func(c *Chain) envelope.Message {
		return &certtypes.MsgTransfer{Number: number, To: c.Address(to), Seal: seal, Carrier: "Air Botswana Cargo"}
	}
}

// Attest is a transit participant's attestation that the shipment passed
// sealed.
func Attest(number string) Message {
	return Fixed(&certtypes.MsgAttest{Number: number, Note: "arrived sealed, left unopened"})
}

// Reject is the importing side's negative confirmation.
func Reject(number string, reason certtypes.RejectionReason) Message {
	return Fixed(&certtypes.MsgReject{Number: number, Reason: reason, Note: "shipment detained"})
}

// Void is the issuing authority's void, with its replacement if any.
func Void(number string, reason certtypes.VoidReason, replacedBy string) Message {
	return Fixed(&certtypes.MsgVoid{Number: number, Reason: reason, ReplacedBy: replacedBy})
}
