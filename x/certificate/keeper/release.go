package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// Release records the importing authority releasing a detained shipment
// after remedy (EU Regulation 2368/2002, Article 5): the rejected certificate
// becomes received, with the date of receipt and the authority's reference,
// whatever its expiry (the goods arrived while it was valid, or were
// detained for arriving without it). What lets goods enter is checked as at
// a confirmation, and the quantities too.
func (k Keeper) Release(ctx *module.Context, msg *types.MsgRelease) error {
	c, ok := k.Certificate(ctx.Store, msg.Number)
	if !ok {
		return types.ErrUnknownCertificate.Wrap(msg.Number)
	}
	if c.Status != types.CertificateStatus_CERTIFICATE_STATUS_REJECTED {
		return types.ErrNotDetained.Wrapf("%s is %s", c.Number, c.Status.Name())
	}
	if err := k.importingAuthority(ctx, c); err != nil {
		return err
	}
	receivedAt, err := receiptDate(ctx, c, msg.ReceivedAt)
	if err != nil {
		return err
	}
	if err := k.checkEntry(ctx, c); err != nil {
		return err
	}
	if err := k.checkQuantities(ctx, c, msg.Parcels, msg.Carats); err != nil {
		return err
	}
	rejectedAt := int64(0)
	for _, ev := range types.History(ctx.Store, c.Number) {
		if ev.Kind == types.EventKind_EVENT_KIND_REJECTED {
			rejectedAt = ev.Time
		}
	}
	if err := k.receive(ctx, c, msg.Parcels, msg.Carats, msg.ValueUsd, receivedAt, msg.Reference); err != nil {
		return err
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY,
		Parcels: msg.Parcels, Carats: msg.Carats, ValueUsd: msg.ValueUsd, ReceivedAt: receivedAt, Reference: msg.Reference, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	if err := k.hooks.AfterReleased(ctx, c, rejectedAt); err != nil {
		return err
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY)
	return nil
}
