package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
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
//     such), provenance and counterpart; by HS code each of a certificate's
//     lines counts apart, imports at the received figures spread over the
//     lines (certtypes.ReceivedLines);
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

// AfterIssued counts an export, checks its price against the reference
// (before counting it in its own quarter's reference) and counts it as
// addressed to its destination.
func (k Keeper) AfterIssued(ctx *module.Context, c *certtypes.Certificate) error {
	if err := k.count(ctx, c.Issuer, c.IssuedAt, exports, c, asCertified, +1); err != nil {
		return err
	}
	if err := k.checkPrice(ctx, c); err != nil {
		return err
	}
	if err := k.addReference(ctx, c, +1); err != nil {
		return err
	}
	if err := k.countOverdue(ctx.Store, c, func(n *types.OverdueCounts) error { return bump(&n.Addressed, 1, "certificates addressed") }); err != nil {
		return err
	}
	return k.balanceExport(ctx, c, +1)
}

// AfterVoided takes an export back out of its quarter of issue, and out of
// the reference and the destination's counts.
func (k Keeper) AfterVoided(ctx *module.Context, c *certtypes.Certificate) error {
	if err := k.count(ctx, c.Issuer, c.IssuedAt, exports, c, asCertified, -1); err != nil {
		return err
	}
	before := statusBeforeVoid(ctx.Store, c)
	if before == certtypes.CertificateStatus_CERTIFICATE_STATUS_ISSUED {
		if err := k.addReference(ctx, c, -1); err != nil { // a rejected or expired one left it already
			return err
		}
	}
	k.closeOverdue(ctx, c)
	if err := k.countOverdue(ctx.Store, c, func(n *types.OverdueCounts) error {
		if before == certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED {
			if err := bump(&n.ExpiredUnconfirmed, -1, "certificates expired unconfirmed"); err != nil {
				return err
			}
		}
		return bump(&n.Addressed, -1, "certificates addressed")
	}); err != nil {
		return err
	}
	if err := k.balanceExport(ctx, c, -1); err != nil {
		return err
	}
	return k.balanceReturned(ctx, c)
}

// AfterReceived counts an import at the carats and value received, in the
// quarter of receipt, and compares them with the certificate's. A late
// confirmation (after expiry) puts the export back in the reference.
func (k Keeper) AfterReceived(ctx *module.Context, c *certtypes.Certificate) error {
	if err := k.count(ctx, c.Destination, c.ReceivedAt, imports, c, asReceived, +1); err != nil {
		return err
	}
	if err := k.balanceImport(ctx, c); err != nil {
		return err
	}
	k.checkMirror(ctx, c)
	k.checkWeight(ctx, c)
	k.closeOverdue(ctx, c)
	if markedExpired(ctx, c) {
		if err := k.addReference(ctx, c, +1); err != nil {
			return err
		}
		if err := k.countOverdue(ctx.Store, c, func(n *types.OverdueCounts) error {
			return bump(&n.ExpiredUnconfirmed, -1, "certificates expired unconfirmed")
		}); err != nil {
			return err
		}
	}
	if ctx.Time > c.ExpiresAt {
		return k.countOverdue(ctx.Store, c, func(n *types.OverdueCounts) error { return bump(&n.ConfirmedLate, 1, "certificates confirmed late") })
	}
	return nil
}

// AfterRejected counts a detained shipment apart and takes it out of the
// reference (an expired one was out already).
func (k Keeper) AfterRejected(ctx *module.Context, c *certtypes.Certificate) error {
	if err := k.count(ctx, c.Destination, ctx.Time, rejected, c, asCertified, +1); err != nil {
		return err
	}
	k.closeOverdue(ctx, c)
	if markedExpired(ctx, c) {
		return k.countOverdue(ctx.Store, c, func(n *types.OverdueCounts) error {
			return bump(&n.ExpiredUnconfirmed, -1, "certificates expired unconfirmed")
		})
	}
	return k.addReference(ctx, c, -1)
}

// AfterReleased takes a detained shipment out of the rejected figures of the
// quarter it was rejected in and counts it as an import; it stands in the
// reference again.
func (k Keeper) AfterReleased(ctx *module.Context, c *certtypes.Certificate, rejectedAt int64) error {
	if err := k.count(ctx, c.Destination, rejectedAt, rejected, c, asCertified, -1); err != nil {
		return err
	}
	if err := k.count(ctx, c.Destination, c.ReceivedAt, imports, c, asReceived, +1); err != nil {
		return err
	}
	if err := k.balanceImport(ctx, c); err != nil {
		return err
	}
	k.checkMirror(ctx, c)
	k.checkWeight(ctx, c)
	k.closeOverdue(ctx, c)
	return k.addReference(ctx, c, +1)
}

// AfterOverdue lists the certificate as overdue; the export was counted at
// issue. It is block-time work: it cannot fail (sums.go).
func (k Keeper) AfterOverdue(ctx *module.Context, c *certtypes.Certificate) { k.flagOverdue(ctx, c) }

// AfterStockDeclared keeps nothing: the certificate module lists every
// declaration for anyone to see; it counts in the participant's mass balance
// as opening stock.
func (k Keeper) AfterStockDeclared(ctx *module.Context, d *certtypes.StockDeclaration) error {
	return k.touchBalance(ctx, d.Participant, d.Origins, ctx.Time, d.Carats, func(m *types.Movements) error {
		return bump(&m.Declared, d.Carats, "opening stock declared")
	})
}

// balanceImport counts the carats received in the destination's mass
// balance, when they entered its stock.
func (k Keeper) balanceImport(ctx *module.Context, c *certtypes.Certificate) error {
	origins := certtypes.OriginSet(c.Origin, c.MixedOrigins)
	return k.touchBalance(ctx, c.Destination, origins, ctx.Time, c.ReceivedCarats, func(m *types.Movements) error {
		return bump(&m.Imports, c.ReceivedCarats, "imports")
	})
}

// AfterExpired lists the certificate as expired, never confirmed, and takes
// its export out of the reference; no import happened. It is block-time
// work: it cannot fail (sums.go).
func (k Keeper) AfterExpired(ctx *module.Context, c *certtypes.Certificate) {
	k.takeOutOfReference(ctx, c)
	k.listExpired(ctx, c)
}

// markedExpired reports whether block-time work marked the certificate
// expired (AfterExpired ran): one confirmed or rejected after its expiry in
// the blocks before that (block-time work is bounded) never was. Block-time
// work marks a certificate whose expiry is before the block time, so one
// still within its validity was not marked and its history is not read.
func markedExpired(ctx *module.Context, c *certtypes.Certificate) bool {
	if ctx.Time <= c.ExpiresAt {
		return false
	}
	s := ctx.Store
	for _, ev := range certtypes.History(s, c.Number) {
		if ev.Kind == certtypes.EventKind_EVENT_KIND_EXPIRED {
			return true
		}
	}
	return false
}

// statusBeforeVoid is a voided certificate's status before the void: the
// last of its outcomes recorded before it (issued when none).
func statusBeforeVoid(s store.KVStore, c *certtypes.Certificate) certtypes.CertificateStatus {
	events := certtypes.History(s, c.Number)
	for i := len(events) - 2; i >= 0; i-- {
		switch events[i].Kind {
		case certtypes.EventKind_EVENT_KIND_EXPIRED:
			return certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED
		case certtypes.EventKind_EVENT_KIND_REJECTED:
			return certtypes.CertificateStatus_CERTIFICATE_STATUS_REJECTED
		}
	}
	return certtypes.CertificateStatus_CERTIFICATE_STATUS_ISSUED
}

// figures says which of a certificate's figures a flow counts.
type figures int

const (
	asCertified figures = iota // the certificate's
	asReceived                 // what the importing side confirmed
)

// flows are a certificate's figures in all and by HS line: as received,
// the received totals spread over the lines (certtypes.ReceivedLines).
func flows(c *certtypes.Certificate, fig figures) (types.Flow, []certtypes.HSLine) {
	if fig == asReceived {
		return types.Flow{Carats: c.ReceivedCarats, ValueUsd: c.ReceivedValueUsd, Certificates: 1}, certtypes.ReceivedLines(c)
	}
	return certificateFlow(c), certtypes.Lines(c)
}

func certificateFlow(c *certtypes.Certificate) types.Flow {
	return types.Flow{Carats: c.Carats, ValueUsd: c.ValueUsd, Certificates: 1}
}

func lineFlow(l certtypes.HSLine) types.Flow {
	return types.Flow{Carats: l.Carats, ValueUsd: l.ValueUsd, Certificates: 1}
}

// count adds (sign +1) or removes (-1) a certificate's figures in a
// participant's quarter: its totals in every dimension but the HS code,
// where each of its lines counts for its own code (a certificate of two
// lines counts once under each code). A sum that would overflow is
// ErrSumOverflow, and nothing is saved.
func (k Keeper) count(ctx *module.Context, participant string, at int64, dir direction, c *certtypes.Certificate, fig figures, sign int64) error {
	flow, lines := flows(c, fig)
	year, quarter := types.QuarterOf(at)
	t := k.QuarterTrade(ctx.Store, participant, year, quarter)
	trade, provenance, counterpart := &t.Exports, ExportProvenance(c), c.Destination
	switch dir {
	case imports:
		trade, provenance, counterpart = &t.Imports, c.Issuer, c.Issuer
	case rejected:
		trade, provenance, counterpart = &t.Rejected, c.Issuer, c.Issuer
	}
	if err := trade.Total.Add(flow, sign); err != nil {
		return quarterOverflow(err, participant, year, quarter)
	}
	var err error
	for _, l := range lines {
		if trade.ByHsCode, err = types.AddShare(trade.ByHsCode, l.HsCode, lineFlow(l), sign); err != nil {
			return quarterOverflow(err, participant, year, quarter)
		}
	}
	for _, share := range []struct {
		shares *[]types.Share
		key    string
	}{{&trade.ByOrigin, c.Origin}, {&trade.ByProvenance, provenance}, {&trade.ByCounterpart, counterpart}} {
		if *share.shares, err = types.AddShare(*share.shares, share.key, flow, sign); err != nil {
			return quarterOverflow(err, participant, year, quarter)
		}
	}
	k.saveQuarterTrade(ctx.Store, &t)
	return nil
}

// quarterOverflow names the participant's quarter whose sum would overflow.
func quarterOverflow(err error, participant string, year, quarter uint32) error {
	return fmt.Errorf("%s's trade of %d Q%d: %w", participant, year, quarter, err)
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
