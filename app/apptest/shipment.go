package apptest

import (
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
		return m
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
