package keeper

import (
	"fmt"
	"slices"
	"strings"

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
// movement of that origin set). It then checks the balance.
func (k Keeper) touchBalance(ctx *module.Context, participant string, origins []string, t, stockDelta int64, change func(*types.Movements)) {
	year, half := types.HalfOf(t)
	b := k.balance(ctx.Store, participant, year, origins)
	if b == nil {
		b = &types.MassBalance{Participant: participant, Year: year, Origins: append([]string(nil), origins...),
			Carried: k.stocks.Stock(ctx.Store, participant, origins).Carats - stockDelta}
	}
	if half == 1 {
		change(&b.FirstHalf)
	} else {
		change(&b.SecondHalf)
	}
	k.checkBalance(ctx, b)
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
// the first time its exports exceed, and saves it.
func (k Keeper) checkBalance(ctx *module.Context, b *types.MassBalance) {
	b.CheckedHalf, b.Production = 0, 0
	if p, ok := k.participants.Participant(ctx.Store, b.Participant); ok && p.NonProducer {
		b.CheckedHalf = 2 // it produces nothing: every movement can be balanced at once
	}
	for half := uint32(1); half <= 2; half++ {
		if r, ok := k.latestReport(ctx.Store, b.Participant, b.Year, half); ok {
			b.CheckedHalf = half
			if slices.Equal(b.Origins, []string{b.Participant}) {
				b.Production += r.Production.Carats()
			}
		}
	}
	b.Available, b.Exported = b.Carried+b.Production, 0
	for half, m := range []types.Movements{b.FirstHalf, b.SecondHalf} {
		if uint32(half) < b.CheckedHalf {
			b.Available += m.Declared + m.Imports
			b.Exported += m.Exports
		}
	}
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
}

// recheckBalances checks every balance of a participant's year again: its
// production report changed.
func (k Keeper) recheckBalances(ctx *module.Context, participant string, year uint32) {
	for _, b := range store.LoadAll[types.MassBalance](types.Store(ctx.Store), types.MassBalancePrefix(year, participant)) {
		k.checkBalance(ctx, &b)
	}
}

// balanceExport counts a certificate's goods as its issuer's exports of the
// half-year of issue (sign +1), or takes them back out (-1, a void).
func (k Keeper) balanceExport(ctx *module.Context, c *certtypes.Certificate, sign int64) {
	for _, d := range c.DrawnByOrigins {
		k.touchBalance(ctx, c.Issuer, d.Origins, c.IssuedAt, -sign*d.Carats*sameYear(ctx.Time, c.IssuedAt), func(m *types.Movements) { m.Exports += sign * d.Carats })
	}
	if c.OwnProductionCarats > 0 {
		k.touchBalance(ctx, c.Issuer, []string{c.Issuer}, c.IssuedAt, 0, func(m *types.Movements) { m.Exports += sign * c.OwnProductionCarats })
	}
}

// balanceReturned counts what the void of an earlier year's certificate gave
// back to its issuer's stock as an import of the void's half-year.
func (k Keeper) balanceReturned(ctx *module.Context, c *certtypes.Certificate) {
	if sameYear(ctx.Time, c.IssuedAt) == 1 {
		return
	}
	for _, d := range c.DrawnByOrigins {
		k.touchBalance(ctx, c.Issuer, d.Origins, ctx.Time, d.Carats, func(m *types.Movements) { m.Imports += d.Carats })
	}
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
