package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// drawFromParents applies a re-export's parents: each must be a certificate the
// issuing participant received, with at least the drawn carats left of what
// it received (as re-weighed); the
// declared origin must agree with the parents' — their one shared origin, or
// MIXED with the union of their origins (no list when a parent's origins are
// unknown). Each parent records the draw.
func (k Keeper) drawFromParents(ctx *module.Context, child *types.Certificate) error {
	if len(child.Parents) == 0 {
		return nil
	}
	parents := make([]*types.Certificate, len(child.Parents))
	var union []string
	for i, draw := range child.Parents {
		parent, ok := k.Certificate(ctx.Store, draw.Number)
		switch {
		case !ok:
			return types.ErrInvalidParent.Wrapf("%s does not exist", draw.Number)
		case parent.Destination != child.Issuer || parent.Status != types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
			return types.ErrInvalidParent.Wrapf("%s (to %s, %s) was not received by %s", draw.Number, parent.Destination, parent.Status.Name(), child.Issuer)
		case len(parent.Children) >= types.MaxChildren:
			return types.ErrParentOverdrawn.Wrapf("%s already has %d re-exports, at most %d", draw.Number, len(parent.Children), types.MaxChildren)
		case draw.Carats > parent.ReceivedCarats-parent.DrawnCarats:
			return types.ErrParentOverdrawn.Wrapf("%s: %s ct drawn, %s ct left of the %s ct received", draw.Number,
				format.Hundredths(draw.Carats), format.Hundredths(parent.ReceivedCarats-parent.DrawnCarats), format.Hundredths(parent.ReceivedCarats))
		}
		union = append(union, types.OriginSet(parent.Origin, parent.MixedOrigins)...)
		parents[i] = parent
	}
	if err := agreeingOrigin(child, union); err != nil {
		return err
	}
	for i, draw := range child.Parents {
		parent := parents[i]
		parent.DrawnCarats += draw.Carats
		parent.Children = append(parent.Children, types.Draw{Number: child.Number, Carats: draw.Carats})
		record(ctx, parent, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_DRAWN, Related: child.Number, Carats: draw.Carats})
		k.saveCertificate(ctx.Store, parent)
		emit(ctx, parent, types.EventKind_EVENT_KIND_DRAWN)
	}
	return nil
}

// agreeingOrigin: the declared origin is the parents' — their one shared
// origin, or MIXED with the union of their origins.
func agreeingOrigin(child *types.Certificate, union []string) error {
	origin, mixed := types.DeclareOrigins(union)
	if child.Origin != origin || !slices.Equal(child.MixedOrigins, mixed) {
		return types.ErrOriginMismatch.Wrapf("the parents' goods are of origin %s; the certificate declares %s",
			types.OriginText(origin, mixed), types.OriginText(child.Origin, child.MixedOrigins))
	}
	return nil
}

// releaseParents gives a voided re-export's carats back to its parents.
func (k Keeper) releaseParents(ctx *module.Context, child *types.Certificate) {
	for _, draw := range child.Parents {
		parent, ok := k.Certificate(ctx.Store, draw.Number)
		if !ok {
			panic("certificate: a parent of " + child.Number + " is missing")
		}
		parent.DrawnCarats -= draw.Carats
		record(ctx, parent, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RELEASED, Related: child.Number, Carats: draw.Carats})
		k.saveCertificate(ctx.Store, parent)
		emit(ctx, parent, types.EventKind_EVENT_KIND_RELEASED)
	}
}
