package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// The statistics keeper keeps trade figures as certificates move (DESIGN §4,
// "statistics attribution"):
//   - exports count for the issuer in the quarter of issue; a void takes them
//     back out of that same quarter;
//   - imports count for the destination in the quarter of the date of receipt
//     its confirmation gave, at the carats (as re-weighed) and value received;
//   - rejected shipments count apart, for the destination, in the quarter of
//     rejection, at the certificate's figures; one released after remedy
//     leaves them and counts as an import;
//   - each direction has one aggregate per dimension: HS code, origin (MIXED as
//     such), provenance and counterpart;
//   - provenance is the last exporting participant: for imports and
//     rejections the certificate's issuer; for exports, where the goods were
//     imported from — the issuer of the parent certificates (MIXED when they
//     are several), or the exporting participant itself for goods without
//     parents (its own production or stock);
//   - counterpart is the destination for exports, the issuer for imports and
//     rejections.

var _ certtypes.Hooks = Keeper{}

// direction of a flow in a participant's quarter.
type direction int

const (
	exports direction = iota
	imports
	rejected
)

// AfterIssued counts an export and checks its price against the reference
// (before counting it in its own quarter's reference).
func (k Keeper) AfterIssued(ctx *module.Context, c *certtypes.Certificate) {
	k.count(ctx, c.Issuer, c.IssuedAt, exports, c, certificateFlow(c), +1)
	k.checkPrice(ctx, c)
	k.addReference(ctx.Store, c, +1)
}

// AfterVoided takes an export back out of its quarter of issue.
func (k Keeper) AfterVoided(ctx *module.Context, c *certtypes.Certificate) {
	k.count(ctx, c.Issuer, c.IssuedAt, exports, c, certificateFlow(c), -1)
	k.addReference(ctx.Store, c, -1)
	k.closeOverdue(ctx, c)
}

// AfterReceived counts an import at the carats and value received, in the
// quarter of receipt, and compares them with the certificate's.
func (k Keeper) AfterReceived(ctx *module.Context, c *certtypes.Certificate) {
	k.count(ctx, c.Destination, c.ReceivedAt, imports, c, receivedFlow(c), +1)
	k.checkMirror(ctx, c)
	k.checkWeight(ctx, c)
	k.closeOverdue(ctx, c)
}

// AfterReleased takes a detained shipment out of the rejected figures of the
// quarter it was rejected in and counts it as an import.
func (k Keeper) AfterReleased(ctx *module.Context, c *certtypes.Certificate, rejectedAt int64) {
	k.count(ctx, c.Destination, rejectedAt, rejected, c, certificateFlow(c), -1)
	k.count(ctx, c.Destination, c.ReceivedAt, imports, c, receivedFlow(c), +1)
	k.checkMirror(ctx, c)
	k.checkWeight(ctx, c)
}

func receivedFlow(c *certtypes.Certificate) types.Flow {
	return types.Flow{Carats: c.ReceivedCarats, ValueUsd: c.ReceivedValueUsd, Certificates: 1}
}

// AfterRejected counts a detained shipment apart.
func (k Keeper) AfterRejected(ctx *module.Context, c *certtypes.Certificate) {
	k.count(ctx, c.Destination, ctx.Time, rejected, c, certificateFlow(c), +1)
	k.closeOverdue(ctx, c)
}

// AfterOverdue lists the certificate as overdue; the export was counted at
// issue.
func (k Keeper) AfterOverdue(ctx *module.Context, c *certtypes.Certificate) { k.flagOverdue(ctx, c) }

// AfterStockDeclared keeps nothing: the certificate module lists every
// declaration for anyone to see.
func (Keeper) AfterStockDeclared(*module.Context, *certtypes.StockDeclaration) {}

// AfterExpired closes an overdue listing; no import happened.
func (k Keeper) AfterExpired(ctx *module.Context, c *certtypes.Certificate) { k.closeOverdue(ctx, c) }

func certificateFlow(c *certtypes.Certificate) types.Flow {
	return types.Flow{Carats: c.Carats, ValueUsd: c.ValueUsd, Certificates: 1}
}

// count adds (sign +1) or removes (-1) a flow in a participant's quarter.
func (k Keeper) count(ctx *module.Context, participant string, at int64, dir direction, c *certtypes.Certificate, flow types.Flow, sign int64) {
	year, quarter := types.QuarterOf(at)
	t := k.QuarterTrade(ctx.Store, participant, year, quarter)
	trade, provenance, counterpart := &t.Exports, ExportProvenance(c), c.Destination
	switch dir {
	case imports:
		trade, provenance, counterpart = &t.Imports, c.Issuer, c.Issuer
	case rejected:
		trade, provenance, counterpart = &t.Rejected, c.Issuer, c.Issuer
	}
	trade.Total.Add(flow, sign)
	trade.ByHsCode = types.AddShare(trade.ByHsCode, c.HsCode, flow, sign)
	trade.ByOrigin = types.AddShare(trade.ByOrigin, c.Origin, flow, sign)
	trade.ByProvenance = types.AddShare(trade.ByProvenance, provenance, flow, sign)
	trade.ByCounterpart = types.AddShare(trade.ByCounterpart, counterpart, flow, sign)
	k.saveQuarterTrade(ctx.Store, &t)
}

// ExportProvenance is where a certificate's goods were last exported from
// before this shipment: its parents' issuer, MIXED for several, or the
// issuer itself when it has no parents.
func ExportProvenance(c *certtypes.Certificate) string {
	provenance := ""
	for _, p := range c.Parents {
		issuer := p.Number[:2] // a certificate number starts with its issuer's code
		switch {
		case provenance == "":
			provenance = issuer
		case provenance != issuer:
			return certtypes.OriginMixed
		}
	}
	if provenance == "" {
		return c.Issuer
	}
	return provenance
}
