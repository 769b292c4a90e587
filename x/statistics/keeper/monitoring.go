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
//     registered as a producer without a production report for it (a nil
//     return counts); a late report marks the record;
//   - mirror discrepancy: a value received that differs from the
//     certificate's by more than mirror_tolerance_bp is flagged at receipt;
//   - weight discrepancy: a shipment received with other carats than
//     certified (re-weighed, within the certificate rules' tolerance) is
//     flagged at receipt;
//   - price discrepancy: a shipment whose US$/carat is above
//     price_factor_percent of its reference, or below the reference divided by
//     it, is flagged at issue; the reference is the previous complete
//     quarter's Σvalue/Σcarats of the exports of the same origin (MIXED apart)
//     and HS code that still stand — not rejected, void or expired — by other
//     exporters when there are any (an exporter is not its own yardstick), and
//     only when it holds at least price_min_certificates certificates and
//     price_min_carats carats;
//   - overdue: a certificate the certificate module flags overdue (no
//     confirmation within the deadline of its arrival at the importer's side)
//     is listed until its outcome is known, and so is every certificate that
//     expired without a confirmation ("expired, never confirmed"), until a
//     late confirmation or a rejection closes it; each destination's counts
//     per year of issue give its overdue rate.

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
		if p.NonProducer {
			continue // it mines nothing: no report is expected (review A8)
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

// addReference counts an export in (sign +1) or out of (-1) the US$/ct
// reference of its quarter of issue, origin and HS code, under its issuer:
// each of its lines under its own HS code. A sum that would overflow is
// ErrSumOverflow (in a transaction, which the app then discards whole).
func (k Keeper) addReference(ctx *module.Context, c *certtypes.Certificate, sign int64) error {
	for _, l := range certtypes.Lines(c) {
		if err := k.addLineReference(ctx.Store, c, l, sign); err != nil {
			return err
		}
	}
	return nil
}

// takeOutOfReference is addReference(-1) in block-time work, which must not
// fail: a line whose change would overflow is left as it is and reported
// (sums.go). It takes out what a transaction put in, so it cannot while
// transactions keep the reference exact.
func (k Keeper) takeOutOfReference(ctx *module.Context, c *certtypes.Certificate) {
	for _, l := range certtypes.Lines(c) {
		if err := k.addLineReference(ctx.Store, c, l, -1); err != nil {
			year, quarter := types.QuarterOf(c.IssuedAt)
			saturated(ctx, fmt.Sprintf("reference %d Q%d %s %s %s", year, quarter, l.HsCode, c.Origin, c.Issuer))
		}
	}
}

// addLineReference changes one line's reference; the record is unchanged
// when its sum would overflow.
func (Keeper) addLineReference(s store.KVStore, c *certtypes.Certificate, l certtypes.HSLine, sign int64) error {
	year, quarter := types.QuarterOf(c.IssuedAt)
	key := types.ReferenceKey(year, quarter, l.HsCode, c.Origin, c.Issuer)
	var f types.Flow
	store.Load(types.Store(s), key, &f)
	if err := f.Add(lineFlow(l), sign); err != nil {
		return fmt.Errorf("the price reference of %d Q%d, HS %s, origin %s, exporter %s: %w", year, quarter, l.HsCode, c.Origin, c.Issuer, err)
	}
	if f.IsZero() {
		types.Store(s).Delete(key)
		return nil
	}
	store.Save(types.Store(s), key, &f)
	return nil
}

// reference is the US$/ct reference a shipment's line is compared with: the
// standing exports of its origin and the line's HS code in the quarter before
// its issue, by other exporters when there are any, and whether it holds
// enough certificates and carats to be one. Summing the exporters' figures
// may overflow: ErrSumOverflow.
func (k Keeper) reference(s store.KVStore, c *certtypes.Certificate, hsCode string, refYear, refQuarter uint32) (types.Flow, bool, bool, error) {
	prefix := types.ReferencePrefix(refYear, refQuarter, hsCode, c.Origin)
	var all, others types.Flow
	it := types.Store(s).Iterator(prefix, store.PrefixEnd(prefix))
	defer it.Close()
	for ; it.Valid(); it.Next() {
		var f types.Flow
		if err := f.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		err := all.Add(f, 1)
		if err == nil && string(it.Key()[len(prefix):]) != c.Issuer {
			err = others.Add(f, 1)
		}
		if err != nil {
			return types.Flow{}, false, false, fmt.Errorf("the price reference of %d Q%d, HS %s, origin %s: %w", refYear, refQuarter, hsCode, c.Origin, err)
		}
	}
	ref, ofOthers := all, false
	if others.Certificates > 0 {
		ref, ofOthers = others, true
	}
	p := k.Params(s)
	enough := ref.Certificates >= int64(p.PriceMinCertificates) && ref.Carats >= p.PriceMinCarats && ref.Carats > 0 && ref.ValueUsd > 0
	return ref, ofOthers, enough, nil
}

// checkPrice flags a shipment whose US$/ct is far from its reference on one
// of its lines: the first such line, in the certificate's order (a
// certificate has one price flag).
func (k Keeper) checkPrice(ctx *module.Context, c *certtypes.Certificate) error {
	for _, l := range certtypes.Lines(c) {
		flagged, err := k.checkLinePrice(ctx, c, l)
		if err != nil || flagged {
			return err
		}
	}
	return nil
}

// checkLinePrice flags the line's US$/ct when it is far from its reference,
// and reports whether it did.
func (k Keeper) checkLinePrice(ctx *module.Context, c *certtypes.Certificate, l certtypes.HSLine) (bool, error) {
	year, quarter := types.QuarterOf(c.IssuedAt)
	refYear, refQuarter := year, quarter-1
	if quarter == 1 {
		refYear, refQuarter = year-1, 4
	}
	ref, ofOthers, enough, err := k.reference(ctx.Store, c, l.HsCode, refYear, refQuarter)
	if err != nil || !enough {
		return false, err // no reference worth the name: nothing to compare with
	}
	factor := int64(k.Params(ctx.Store).PriceFactorPercent)
	// price = value/carats against reference = refValue/refCarats, cross-multiplied.
	price := new(big.Int).Mul(big.NewInt(l.ValueUsd), big.NewInt(ref.Carats))
	reference := new(big.Int).Mul(big.NewInt(ref.ValueUsd), big.NewInt(l.Carats))
	high := new(big.Int).Mul(price, big.NewInt(100)).Cmp(new(big.Int).Mul(reference, big.NewInt(factor))) > 0
	low := new(big.Int).Mul(price, big.NewInt(factor)).Cmp(new(big.Int).Mul(reference, big.NewInt(100))) < 0
	if !high && !low {
		return false, nil
	}
	side := "above"
	if low {
		side = "below"
	}
	whose := "every exporter's"
	if ofOthers {
		whose = "other exporters'"
	}
	d := &types.Discrepancy{
		Number: c.Number, Rule: types.Rule_RULE_PRICE, Height: ctx.Height, FlaggedAt: ctx.Time,
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: l.HsCode, Carats: l.Carats, ValueUsd: l.ValueUsd,
		ReferenceYear: refYear, ReferenceQuarter: refQuarter, ReferenceCarats: ref.Carats, ReferenceValueUsd: ref.ValueUsd,
		Explanation: fmt.Sprintf("US$ %s per carat is %s %d%% of the reference US$ %s per carat (%s %d certificates, %s ct of %d Q%d, origin %s, HS %s)",
			types.USDPerCarat(l.ValueUsd, l.Carats), side, factor, types.USDPerCarat(ref.ValueUsd, ref.Carats), whose, ref.Certificates,
			format.Hundredths(ref.Carats), refYear, refQuarter, c.Origin, l.HsCode),
	}
	if len(certtypes.Lines(c)) > 1 {
		d.Explanation = fmt.Sprintf("line %s (%s ct of %s ct certified): %s", l.HsCode, format.Hundredths(l.Carats), format.Hundredths(c.Carats), d.Explanation)
	}
	k.flag(ctx, d)
	return true, nil
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
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: certtypes.HSCodeText(c), Carats: c.Carats, ValueUsd: c.ValueUsd,
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
		Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, HsCode: certtypes.HSCodeText(c), Carats: c.Carats, ValueUsd: c.ValueUsd,
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

// flagOverdue lists a certificate flagged overdue: not confirmed within the
// confirmation deadline of its arrival at the importer's side. Block-time
// work: its counts saturate (sums.go).
func (k Keeper) flagOverdue(ctx *module.Context, c *certtypes.Certificate) {
	o := &types.OverdueCertificate{
		Number: c.Number, Issuer: c.Issuer, Destination: c.Destination, IssuedAt: c.IssuedAt,
		FlaggedAt: ctx.Time, FlaggedHeight: ctx.Height, ArrivedAt: c.ArrivedAt, ExpiresAt: c.ExpiresAt, Overdue: true,
	}
	store.Save(types.Store(ctx.Store), types.OverdueKey(c.Number), o)
	k.saturateOverdue(ctx, c, func(n *types.OverdueCounts, record string) {
		saturate(ctx, &n.Overdue, 1, record+" overdue")
		saturate(ctx, &n.Listed, 1, record+" listed")
	})
}

// listExpired lists a certificate that expired without a confirmation —
// overdue already or not: the Participation Committee's first concern.
// Block-time work: its counts saturate (sums.go).
func (k Keeper) listExpired(ctx *module.Context, c *certtypes.Certificate) {
	var o types.OverdueCertificate
	listed := store.Load(types.Store(ctx.Store), types.OverdueKey(c.Number), &o)
	if !listed {
		o = types.OverdueCertificate{Number: c.Number, Issuer: c.Issuer, Destination: c.Destination, IssuedAt: c.IssuedAt,
			FlaggedAt: ctx.Time, FlaggedHeight: ctx.Height, ArrivedAt: c.ArrivedAt, ExpiresAt: c.ExpiresAt}
	}
	o.Outcome, o.ClosedAt = certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED, ctx.Time
	store.Save(types.Store(ctx.Store), types.OverdueKey(c.Number), &o)
	k.saturateOverdue(ctx, c, func(n *types.OverdueCounts, record string) {
		saturate(ctx, &n.ExpiredUnconfirmed, 1, record+" expired_unconfirmed")
		if !listed {
			saturate(ctx, &n.Listed, 1, record+" listed")
		}
	})
}

// closeOverdue records the outcome of a listed certificate.
func (Keeper) closeOverdue(ctx *module.Context, c *certtypes.Certificate) {
	var o types.OverdueCertificate
	if store.Load(types.Store(ctx.Store), types.OverdueKey(c.Number), &o) {
		o.Outcome, o.ClosedAt = c.Status, ctx.Time
		store.Save(types.Store(ctx.Store), types.OverdueKey(c.Number), &o)
	}
}

// countOverdue changes a destination's counts of the year of issue in a
// transaction; a change that fails (a count would overflow) saves nothing.
func (Keeper) countOverdue(s store.KVStore, c *certtypes.Certificate, change func(*types.OverdueCounts) error) error {
	year, _ := types.QuarterOf(c.IssuedAt)
	key := types.OverdueCountsKey(year, c.Destination)
	n := types.OverdueCounts{Participant: c.Destination, Year: year}
	store.Load(types.Store(s), key, &n)
	if err := change(&n); err != nil {
		return fmt.Errorf("%s's overdue counts of %d: %w", c.Destination, year, err)
	}
	store.Save(types.Store(s), key, &n)
	return nil
}

// saturateOverdue changes a destination's counts of the year of issue in
// block-time work; change saturates its counts, and is told the record's
// name to report.
func (Keeper) saturateOverdue(ctx *module.Context, c *certtypes.Certificate, change func(n *types.OverdueCounts, record string)) {
	year, _ := types.QuarterOf(c.IssuedAt)
	key := types.OverdueCountsKey(year, c.Destination)
	n := types.OverdueCounts{Participant: c.Destination, Year: year}
	store.Load(types.Store(ctx.Store), key, &n)
	change(&n, fmt.Sprintf("overdue counts %d %s", year, c.Destination))
	store.Save(types.Store(ctx.Store), key, &n)
}
