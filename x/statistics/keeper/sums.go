package keeper

import (
	"github.com/kpledger/kpledger/core/checked"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Sums (reliability review D9). Every figure the module adds up — trade
// flows, the price reference, the mass balance, the overdue counts, the
// annual table — is checked arithmetic (core/checked), never a wrapped int64:
//   - in a transaction (the certificate hooks run inside the one that makes
//     the transition, a production report in its own), a sum that would
//     overflow is types.ErrSumOverflow: the transaction is refused, and the
//     app discards everything it wrote, the certificate module's part too;
//   - a query whose sum would overflow answers types.ErrSumOverflow;
//   - block-time work (a certificate flagged overdue, an expiry) must never
//     fail a block, and the transition has already happened in the
//     certificate module. There a count that would overflow stays at its
//     bound (math.MaxInt64: "at least this many"), a flow change that would
//     overflow is not made, and either way the module emits a sum_saturated
//     event naming the record, so that monitoring sees it. An auditor
//     replaying the chain meets the same rule at the same block: it is
//     deterministic. The flow changes made at block time take out of the
//     reference what a transaction put in, so they cannot overflow while
//     transactions keep every sum exact; the rule is the backstop.

// bump adds delta to a count in a transaction: ErrSumOverflow (what names
// the count) when it would overflow, and the count unchanged.
func bump(count *int64, delta int64, what string) error {
	n, ok := checked.Add(*count, delta)
	if !ok {
		return types.ErrSumOverflow.Wrapf("%s: %d %+d", what, *count, delta)
	}
	*count = n
	return nil
}

// saturate adds delta to a count in block-time work: one that would
// overflow stays at its bound, and the record is reported.
func saturate(ctx *module.Context, count *int64, delta int64, record string) {
	n, ok := checked.Saturating(*count, delta)
	*count = n
	if !ok {
		saturated(ctx, record)
	}
}

// saturated reports a record whose sum block-time work left at its bound or
// did not change.
func saturated(ctx *module.Context, record string) {
	ctx.EmitEvent(types.ModuleName,
		module.Attr(module.AttributeAction, types.ActionSumSaturated),
		module.Attr(types.AttributeRecord, record),
	)
}
