package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// BeginBlock is the module's block-time work, before the block's transactions
// (DESIGN §4), read from the time indexes, never a scan:
//  1. overdue: a certificate whose custody reached the destination's side
//     more than the confirmation deadline ago and still awaiting confirmation
//     is flagged overdue (once);
//  2. expiry: an open certificate whose expiry is before the block time
//     becomes expired.
//
// Each kind does at most types.MaxDuePerBlock certificates in one block,
// the earliest due first; the rest stay in the index and are done by the
// next blocks. A cohort sharing one deadline therefore never stalls a block
// (reliability review D6), and the rules that matter to a transaction in
// the meantime read the certificate's times, not the flag: a confirmation
// or a rejection after expiry is judged by its expiry whether or not it is
// marked yet.
func (k Keeper) BeginBlock(ctx *module.Context) error {
	params := k.Params(ctx.Store)
	for _, number := range dueNumbers(ctx.Store, types.AwaitingPrefix(), types.AwaitingKey(ctx.Time-params.ConfirmationDeadline, ""), types.MaxDuePerBlock) {
		c, ok := k.Certificate(ctx.Store, number)
		if !ok {
			panic("certificate: awaiting index names a missing certificate")
		}
		types.Store(ctx.Store).Delete(types.AwaitingKey(c.ArrivedAt, c.Number))
		c.Overdue = true
		record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_OVERDUE})
		k.saveCertificate(ctx.Store, c)
		k.hooks.AfterOverdue(ctx, c)
		emit(ctx, c, types.EventKind_EVENT_KIND_OVERDUE)
	}
	for _, number := range dueNumbers(ctx.Store, types.ExpiryPrefix(), types.ExpiryKey(ctx.Time, ""), types.MaxDuePerBlock) {
		c, ok := k.Certificate(ctx.Store, number)
		if !ok {
			panic("certificate: expiry index names a missing certificate")
		}
		c.Status = types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED
		record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_EXPIRED})
		k.saveCertificate(ctx.Store, c)
		close(ctx.Store, c)
		k.hooks.AfterExpired(ctx, c)
		emit(ctx, c, types.EventKind_EVENT_KIND_EXPIRED)
	}
	return nil
}

// dueNumbers lists at most limit certificate numbers of a time index before
// end, the earliest first.
func dueNumbers(s store.KVStore, prefix, end []byte, limit int) []string {
	it := types.Store(s).Iterator(prefix, end)
	defer it.Close()
	var numbers []string
	for ; it.Valid() && len(numbers) < limit; it.Next() {
		_, number := types.SplitTimeKey(it.Key()[len(prefix):])
		numbers = append(numbers, number)
	}
	return numbers
}
