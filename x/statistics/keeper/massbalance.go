package keeper

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kpledger/kpledger/core/checked"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// The mass balance (review B1, the Working Group on Statistics' core
// anomaly test): for each participant, origin set and year,
//
//	exports ≤ production + imports + opening stock
//
// where exports are the carats its certificates of the year drew of that
// origin set (own production counting for the origin set of its own code),
// imports what it received in the year (and what a void of an earlier
// year's certificate gave back), the opening stock what it had on hand at the
// start of the year plus what it declared in the year, and production what
// it reported for the year (its own origin set only). Movements count in the
// half-year of the ledger time they moved the stock; exports in the half-year
// of issue, which a void restates. The balance is checked up to the last
// half-year of the year whose production the participant reported (a
// half-year without a report cannot be balanced yet; a participant registered
// as a non-producer is balanced at once), at every movement and every report; exports exceeding it flag the participant, once, with the
// figures (carat conservation, x/certificate, keeps draws within stock, so
// it is own production beyond the production reported that exceeds).

// touchBalance changes a participant's balance of an origin set in the
// half-year of time t; stockDelta is what the event did to its stock (the
// stock before it is the opening stock when this is the year's first
// movement of that origin set). It then checks the balance. A sum that would
// overflow is ErrSumOverflow (change reports its own), and nothing is saved.
func (k Keeper) touchBalance(ctx *module.Context, participant string, origins []string, t, stockDelta int64, change func(*types.Movements) error) error {
	year, half := types.HalfOf(t)
	b := k.balance(ctx.Store, participant, year, origins)
	if b == nil {
		carried, ok := checked.Sub(k.stocks.Stock(ctx.Store, participant, origins).Carats, stockDelta)
		if !ok {
			return balanceOverflow(types.ErrSumOverflow.Wrap("opening stock"), participant, year, origins)
		}
		b = &types.MassBalance{Participant: participant, Year: year, Origins: append([]string(nil), origins...), Carried: carried}
	}
	m := &b.FirstHalf
	if half == 2 {
		m = &b.SecondHalf
	}
	if err := change(m); err != nil {
		return balanceOverflow(err, participant, year, origins)
	}
	return k.checkBalance(ctx, b)
}

// balanceOverflow names the balance whose sum would overflow.
func balanceOverflow(err error, participant string, year uint32, origins []string) error {
	return fmt.Errorf("%s's mass balance of %s in %d: %w", participant, strings.Join(origins, ","), year, err)
}

// balance loads a balance (nil when none).
func (Keeper) balance(s store.KVStore, participant string, year uint32, origins []string) *types.MassBalance {
	var b types.MassBalance // Unmarshal appends to repeated fields: load into an empty record
	if !store.Load(types.Store(s), types.MassBalanceKey(year, participant, origins), &b) {
		return nil
	}
	return &b
}

// checkBalance checks a balance up to the last half-year reported, flags it
// the first time its exports exceed, and saves it; a sum that would overflow
// is ErrSumOverflow, and nothing is saved.
func (k Keeper) checkBalance(ctx *module.Context, b *types.MassBalance) error {
	checkedHalf, production := uint32(0), int64(0)
	if p, ok := k.participants.Participant(ctx.Store, b.Participant); ok && p.NonProducer {
		checkedHalf = 2 // it produces nothing: every movement can be balanced at once
	}
	ownOrigin := slices.Equal(b.Origins, []string{b.Participant})
	available := []int64{b.Carried}
	var exported []int64
	for half := uint32(1); half <= 2; half++ {
		if r, ok := k.latestReport(ctx.Store, b.Participant, b.Year, half); ok {
			checkedHalf = half
			if ownOrigin {
				production += r.Production.Carats() // at most 2 × 3 × MaxProductionFigure: it fits
			}
		}
	}
	available = append(available, production)
	for half, m := range []types.Movements{b.FirstHalf, b.SecondHalf} {
		if uint32(half) < checkedHalf {
			available = append(available, m.Declared, m.Imports)
			exported = append(exported, m.Exports)
		}
	}
	sumAvailable, okAvailable := checked.Sum(available...)
	sumExported, okExported := checked.Sum(exported...)
	if !okAvailable || !okExported {
		return balanceOverflow(types.ErrSumOverflow.Wrapf("available %v, exported %v", available, exported), b.Participant, b.Year, b.Origins)
	}
	b.CheckedHalf, b.Production, b.Available, b.Exported = checkedHalf, production, sumAvailable, sumExported
	b.Exceeded = b.CheckedHalf > 0 && b.Exported > b.Available
	if b.Exceeded && b.FlaggedAt == 0 {
		b.FlaggedAt, b.FlaggedHeight = ctx.Time, ctx.Height
		ctx.EmitEvent(types.ModuleName,
			module.Attr(module.AttributeAction, types.ActionMassBalanceExceeded),
			module.Attr(types.AttributeParticipant, b.Participant),
			module.Attr(types.AttributeYear, fmt.Sprint(b.Year)),
			module.Attr(types.AttributeOrigins, strings.Join(b.Origins, ",")),
		)
	}
	store.Save(types.Store(ctx.Store), types.MassBalanceKey(b.Year, b.Participant, b.Origins), b)
	return nil
}

// recheckBalances checks every balance of a participant's year again: its
// production report changed.
func (k Keeper) recheckBalances(ctx *module.Context, participant string, year uint32) error {
	for _, b := range store.LoadAll[types.MassBalance](types.Store(ctx.Store), types.MassBalancePrefix(year, participant)) {
		if err := k.checkBalance(ctx, &b); err != nil {
			return err
		}
	}
	return nil
}

// balanceExport counts a certificate's goods as its issuer's exports of the
// half-year of issue (sign +1), or takes them back out (-1, a void).
func (k Keeper) balanceExport(ctx *module.Context, c *certtypes.Certificate, sign int64) error {
	// d.Carats and the own production are one certificate's (at most
	// MaxCarats each): their products with sign and sameYear fit.
	for _, d := range c.DrawnByOrigins {
		if err := k.touchBalance(ctx, c.Issuer, d.Origins, c.IssuedAt, -sign*d.Carats*sameYear(ctx.Time, c.IssuedAt), func(m *types.Movements) error {
			return bump(&m.Exports, sign*d.Carats, "exports")
		}); err != nil {
			return err
		}
	}
	if c.OwnProductionCarats > 0 {
		return k.touchBalance(ctx, c.Issuer, []string{c.Issuer}, c.IssuedAt, 0, func(m *types.Movements) error {
			return bump(&m.Exports, sign*c.OwnProductionCarats, "exports")
		})
	}
	return nil
}

// balanceReturned counts what the void of an earlier year's certificate gave
// back to its issuer's stock as an import of the void's half-year.
func (k Keeper) balanceReturned(ctx *module.Context, c *certtypes.Certificate) error {
	if sameYear(ctx.Time, c.IssuedAt) == 1 {
		return nil
	}
	for _, d := range c.DrawnByOrigins {
		if err := k.touchBalance(ctx, c.Issuer, d.Origins, ctx.Time, d.Carats, func(m *types.Movements) error {
			return bump(&m.Imports, d.Carats, "imports")
		}); err != nil {
			return err
		}
	}
	return nil
}

// sameYear is 1 when two times fall in the same year, else 0: the stock
// changed by an event counts for the year's opening only then.
func sameYear(a, b int64) int64 {
	ya, _ := types.HalfOf(a)
	yb, _ := types.HalfOf(b)
	if ya == yb {
		return 1
	}
	return 0
}
