package keeper

import (
	"slices"
	"sort"
	"strings"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// drawGoods applies where a certificate's goods come from (stock.go has the
// whole rule):
//   - each parent is a certificate the issuing participant received, with at
//     least the drawn carats left of what it received (as re-weighed), at most
//     types.MaxChildren re-exports each;
//   - the participant's stock of each origin set covers what the parents of
//     that set and the draws from it take together;
//   - the declared origin is the set the goods carry: the parents' origins,
//     the origins of the stock drawn, and the issuer's own code for its own
//     production — one origin, or MIXED with them all (a producer blending its
//     goods with imports declares MIXED with both).
//
// Everything is checked before anything is written; then each parent records
// the draw and the stock goes down.
func (k Keeper) drawGoods(ctx *module.Context, child *types.Certificate) error {
	parents := make([]*types.Certificate, len(child.Parents))
	var carried []string
	need := map[string]int64{} // origin set → carats taken from the stock
	var sets []string          // the keys of need, in the order met
	take := func(origins []string, carats int64) {
		key := strings.Join(origins, ",")
		if _, ok := need[key]; !ok {
			sets = append(sets, key)
		}
		need[key] += carats
		carried = append(carried, origins...)
	}
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
		take(types.OriginSet(parent.Origin, parent.MixedOrigins), draw.Carats)
		parents[i] = parent
	}
	for _, d := range child.StockDraws {
		take(d.Origins, d.Carats)
	}
	if child.OwnProductionCarats > 0 {
		carried = append(carried, child.Issuer)
	}
	if err := agreeingOrigin(child, carried); err != nil {
		return err
	}
	for _, key := range sets {
		origins := strings.Split(key, ",")
		if st := k.Stock(ctx.Store, child.Issuer, origins); need[key] > st.Carats {
			return types.ErrStockOverdrawn.Wrapf("%s draws %s ct of %s; %s holds %s ct of it", child.Number,
				format.Hundredths(need[key]), key, child.Issuer, format.Hundredths(st.Carats))
		}
	}
	for i, draw := range child.Parents {
		parent := parents[i]
		parent.DrawnCarats += draw.Carats
		parent.Children = append(parent.Children, types.Draw{Number: child.Number, Carats: draw.Carats})
		record(ctx, parent, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_DRAWN, Related: child.Number, Carats: draw.Carats})
		k.saveCertificate(ctx.Store, parent)
		emit(ctx, parent, types.EventKind_EVENT_KIND_DRAWN)
	}
	sort.Strings(sets)
	child.DrawnByOrigins = nil
	for _, key := range sets {
		origins := strings.Split(key, ",")
		if err := k.addStock(ctx.Store, child.Issuer, origins, 0, 0, need[key]); err != nil {
			return err
		}
		child.DrawnByOrigins = append(child.DrawnByOrigins, types.StockDraw{Origins: origins, Carats: need[key]})
	}
	return nil
}

// agreeingOrigin: the declared origin is the set of origins the goods carry
// — their one origin, or MIXED with them all.
func agreeingOrigin(child *types.Certificate, carried []string) error {
	origin, mixed := types.DeclareOrigins(carried)
	if child.Origin != origin || !slices.Equal(child.MixedOrigins, mixed) {
		return types.ErrOriginMismatch.Wrapf("the goods %s draws are of origin %s; it declares %s", child.Number,
			types.OriginText(origin, mixed), types.OriginText(child.Origin, child.MixedOrigins))
	}
	return nil
}

// giveBack returns what a voided certificate drew: the carats to its parents
// (each records the release) and to its issuer's stock.
func (k Keeper) giveBack(ctx *module.Context, child *types.Certificate) error {
	for _, draw := range child.Parents {
		parent, ok := k.Certificate(ctx.Store, draw.Number)
		if !ok {
			panic("certificate: a parent of " + child.Number + " is missing")
		}
		parent.DrawnCarats -= draw.Carats
		record(ctx, parent, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RELEASED, Related: child.Number, Carats: draw.Carats})
		k.saveCertificate(ctx.Store, parent)
		emit(ctx, parent, types.EventKind_EVENT_KIND_RELEASED)
		if err := k.addStock(ctx.Store, child.Issuer, types.OriginSet(parent.Origin, parent.MixedOrigins), 0, 0, -draw.Carats); err != nil {
			return err
		}
	}
	for _, d := range child.StockDraws {
		if err := k.addStock(ctx.Store, child.Issuer, d.Origins, 0, 0, -d.Carats); err != nil {
			return err
		}
	}
	return nil
}
