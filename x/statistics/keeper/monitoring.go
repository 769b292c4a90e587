package keeper

import (
	"fmt"
	"math/big"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Monitoring (the 2005 plenary's asks), all pure functions of the ledger:
//   - non-submitters: block-time work records, in the first block after a
//     half-year's reporting deadline, every active or suspended participant
//     without a production report for it; a late report marks the record;
//   - mirror discrepancy: a value received that differs from the
//     certificate's by more than mirror_tolerance_bp is flagged at receipt;
//   - weight discrepancy: a shipment received with other carats than
//     certified (re-weighed, within the certificate rules' tolerance) is
//     flagged at receipt;
//   - price discrepancy: a shipment whose US$/carat is above
//     price_factor_percent of its reference, or below the reference divided by
//     it, is flagged at issue; the reference is the previous complete
//     quarter's Σvalue/Σcarats of exports of the same origin and HS code;
//   - overdue: a certificate the certificate module flags overdue is listed
//     until its outcome (received, rejected, void, expired) is known.

// Params returns the monitoring parameters in force.
func (Keeper) Params(s store.KVStore) types.Params {
	return module.LoadParams(types.Store(s), types.ParamsKey(), types.DefaultParams())
}

// SetParams sets the monitoring parameters (genesis, plenary decisions).
func (Keeper) SetParams(s store.KVStore, p types.Params) error {
	return module.SaveParams(types.Store(s), types.ParamsKey(), &p)
}

// BeginBlock records the non-submitters of every half-year whose reporting
// deadline is before the block time.
func (k Keeper) BeginBlock(ctx *module.Context) error {
	var next types.NextDeadline
	if !store.Load(types.Store(ctx.Store), types.NextDeadlineKey(), &next) {
		return fmt.Errorf("statistics: no next reporting deadline in state")
	}
	months := k.Params(ctx.Store).ProductionDeadlineMonths
	advanced := false
	for deadline := types.Deadline(next.Year, next.Half, months); ctx.Time > deadline; deadline = types.Deadline(next.Year, next.Half, months) {
		k.recordNonSubmitters(ctx, next.Year, next.Half, deadline)
		next.Year, next.Half = types.NextHalf(next.Year, next.Half)
		advanced = true
	}
	if advanced {
		store.Save(types.Store(ctx.Store), types.NextDeadlineKey(), &next)
	}
	return nil
}

func (k Keeper) recordNonSubmitters(ctx *module.Context, year, half uint32, deadline int64) {
	for _, p := range k.participants.Participants(ctx.Store) {
		if p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE && p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED {
			continue
		}
		if _, reported := k.latestReport(ctx.Store, p.Code, year, half); reported {
			continue
		}
		n := &types.NonSubmitter{Participant: p.Code, Year: year, Half: half, DeadlineAt: deadline, RecordedHeight: ctx.Height}
		store.Save(types.Store(ctx.Store), types.NonSubmitterKey(year, half, p.Code), n)
		ctx.EmitEvent(types.ModuleName,
			module.Attr(module.AttributeAction, types.ActionProductionNotSubmitted),
			module.Attr(types.AttributeParticipant, p.Code),
			module.Attr(types.AttributePeriod, fmt.Sprintf("%d-H%d", year, half)),
		)
	}
}

// markLateReport notes that a non-submitter has now reported.
func (Keeper) markLateReport(ctx *module.Context, participant string, year, half uint32) {
	var n types.NonSubmitter
	key := types.NonSubmitterKey(year, half, participant)
	if store.Load(types.Store(ctx.Store), key, &n) && n.ReportedAt == 0 {
		n.ReportedAt = ctx.Time
		store.Save(types.Store(ctx.Store), key, &n)
	}
}

// addReference counts an export in the US$/ct reference of its quarter of
// issue, origin and HS code.
func (Keeper) addReference(s store.KVStore, c *certtypes.Certificate, sign int64) {
	year, quarter := types.QuarterOf(c.IssuedAt)
	key := types.ReferenceKey(year, quarter, c.HsCode, c.Origin)
	var f types.Flow
	store.Load(types.Store(s), key, &f)
	f.Add(certificateFlow(c), sign)
	if f.IsZero() {
		types.Store(s).Delete(key)
		return
	}
	store.Save(types.Store(s), key, &f)
}

// checkPrice flags a shipment whose US$/ct is far from its reference.
func (k Keeper) checkPrice(ctx *module.Context, c *certtypes.Certificate) {
	year, quarter := types.QuarterOf(c.IssuedAt)
	refYear, refQuarter := year, quarter-1
	if quarter == 1 {
		refYear, refQuarter = year-1, 4
	}
	var ref types.Flow
	if !store.Load(types.Store(ctx.Store), types.ReferenceKey(refYear, refQuarter, c.HsCode, c.Origin), &ref) || ref.Carats <= 0 || ref.ValueUsd <= 0 {
		return // no reference: nothing to compare with
	}
	factor := int64(k.Params(ctx.Store).PriceFactorPercent)
	// price = value/carats against reference = refValue/refCarats, cross-multiplied.
	price := new(big.Int).Mul(big.NewInt(c.ValueUsd), big.NewInt(ref.Carats))
	reference := new(big.Int).Mul(big.NewInt(ref.ValueUsd), big.NewInt(c.Carats))
	high := new(big.Int).Mul(price, big.NewInt(100)).Cmp(new(big.Int).Mul(reference, big.NewInt(factor))) > 0
	low := new(big.Int).Mul(price, big.NewInt(factor)).Cmp(new(big.Int).Mul(reference, big.NewInt(100))) < 0
	if !high && !low {
		return
	}
	side := "above"
	if low {
		side = "below"
	}
	d := &types.Discrepancy{
		Number: c.Number, Rule: types.Rule_RULE_PRICE, Height: ctx.Height, FlaggedAt: ctx.Time,
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: c.HsCode, Carats: c.Carats, ValueUsd: c.ValueUsd,
		ReferenceYear: refYear, ReferenceQuarter: refQuarter, ReferenceCarats: ref.Carats, ReferenceValueUsd: ref.ValueUsd,
		Explanation: fmt.Sprintf("US$ %s per carat is %s %d%% of the reference US$ %s per carat (%d Q%d, origin %s, HS %s)",
			perCarat(c.ValueUsd, c.Carats), side, factor, perCarat(ref.ValueUsd, ref.Carats), refYear, refQuarter, c.Origin, c.HsCode),
	}
	k.flag(ctx, d)
}

// checkMirror flags a value received that differs from the certificate's.
func (k Keeper) checkMirror(ctx *module.Context, c *certtypes.Certificate) {
	deviation := new(big.Int).Abs(new(big.Int).Sub(big.NewInt(c.ReceivedValueUsd), big.NewInt(c.ValueUsd)))
	bp := new(big.Int).Div(new(big.Int).Mul(deviation, big.NewInt(10000)), big.NewInt(c.ValueUsd))
	tolerance := int64(k.Params(ctx.Store).MirrorToleranceBp)
	if new(big.Int).Mul(deviation, big.NewInt(10000)).Cmp(new(big.Int).Mul(big.NewInt(c.ValueUsd), big.NewInt(tolerance))) <= 0 {
		return
	}
	d := &types.Discrepancy{
		Number: c.Number, Rule: types.Rule_RULE_MIRROR, Height: ctx.Height, FlaggedAt: ctx.Time,
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: c.HsCode, Carats: c.Carats, ValueUsd: c.ValueUsd,
		ReceivedValueUsd: c.ReceivedValueUsd, DeviationBp: bp.Int64(),
		Explanation: fmt.Sprintf("value received US$ %s differs from the certificate's US$ %s by %s%% (tolerance %s%%)",
			format.Hundredths(c.ReceivedValueUsd), format.Hundredths(c.ValueUsd), format.Hundredths(bp.Int64()), format.Hundredths(tolerance)),
	}
	k.flag(ctx, d)
}

// checkWeight flags a shipment received with other carats than certified
// (within the re-weighing tolerance the certificate rules allow).
func (k Keeper) checkWeight(ctx *module.Context, c *certtypes.Certificate) {
	if c.ReceivedCarats == c.Carats {
		return
	}
	d := &types.Discrepancy{
		Number: c.Number, Rule: types.Rule_RULE_WEIGHT, Height: ctx.Height, FlaggedAt: ctx.Time,
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: c.HsCode, Carats: c.Carats, ValueUsd: c.ValueUsd,
		ReceivedValueUsd: c.ReceivedValueUsd, ReceivedCarats: c.ReceivedCarats,
		Explanation: fmt.Sprintf("received with discrepancy: %s ct re-weighed against %s ct certified (%+d hundredths)",
			format.Hundredths(c.ReceivedCarats), format.Hundredths(c.Carats), c.ReceivedCarats-c.Carats),
	}
	k.flag(ctx, d)
}

func (Keeper) flag(ctx *module.Context, d *types.Discrepancy) {
	store.Save(types.Store(ctx.Store), types.DiscrepancyKey(d.Number, d.Rule), d)
	ctx.EmitEvent(types.ModuleName,
		module.Attr(module.AttributeAction, types.ActionDiscrepancyFlagged),
		module.Attr(types.AttributeRule, d.Rule.Name()),
		module.Attr(types.AttributeNumber, d.Number),
	)
}

// perCarat shows value (cents) per carat (hundredths) in US$.
func perCarat(valueCents, caratHundredths int64) string {
	cents := new(big.Int).Div(new(big.Int).Mul(big.NewInt(valueCents), big.NewInt(100)), big.NewInt(caratHundredths))
	return format.Hundredths(cents.Int64())
}

// flagOverdue lists a certificate flagged overdue.
func (Keeper) flagOverdue(ctx *module.Context, c *certtypes.Certificate) {
	o := &types.OverdueCertificate{
		Number: c.Number, Issuer: c.Issuer, Destination: c.Destination, IssuedAt: c.IssuedAt,
		FlaggedAt: ctx.Time, FlaggedHeight: ctx.Height,
	}
	store.Save(types.Store(ctx.Store), types.OverdueKey(c.Number), o)
}

// closeOverdue records the outcome of an overdue certificate.
func (Keeper) closeOverdue(ctx *module.Context, c *certtypes.Certificate) {
	var o types.OverdueCertificate
	if store.Load(types.Store(ctx.Store), types.OverdueKey(c.Number), &o) {
		o.Outcome, o.ClosedAt = c.Status, ctx.Time
		store.Save(types.Store(ctx.Store), types.OverdueKey(c.Number), &o)
	}
}
