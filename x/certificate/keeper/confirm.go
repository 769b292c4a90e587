package keeper

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// Confirm records the importing side's confirmation of receipt: the quoted
// parcels and carats must match the certificate exactly (the value received
// may differ: monitoring compares it), before expiry, to an active
// destination, for an origin not under embargo.
func (k Keeper) Confirm(ctx *module.Context, msg *types.MsgConfirm) error {
	c, err := k.importingSide(ctx, msg.Number)
	if err != nil {
		return err
	}
	if ctx.Time > c.ExpiresAt {
		return types.ErrCertificateExpired.Wrapf("%s expired at %s", c.Number, format.Time(c.ExpiresAt))
	}
	if _, ok := k.activeParticipant(ctx.Store, c.Destination); !ok {
		return types.ErrDestinationNotActive.Wrap(c.Destination)
	}
	if err := k.checkEmbargo(ctx.Store, c.Origin, c.MixedOrigins); err != nil {
		return err
	}
	if msg.Parcels != c.Parcels || msg.Carats != c.Carats {
		return types.ErrQuantityMismatch.Wrapf("received %d parcels and %s ct, the certificate says %d parcels and %s ct",
			msg.Parcels, format.Hundredths(msg.Carats), c.Parcels, format.Hundredths(c.Carats))
	}
	c.Status = types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED
	c.ReceivedParcels, c.ReceivedCarats, c.ReceivedValueUsd = msg.Parcels, msg.Carats, msg.ValueUsd
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RECEIVED,
		Parcels: msg.Parcels, Carats: msg.Carats, ValueUsd: msg.ValueUsd, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	close(ctx.Store, c)
	k.hooks.AfterReceived(ctx, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_RECEIVED)
	return nil
}

// Reject records a negative confirmation: the shipment is detained.
func (k Keeper) Reject(ctx *module.Context, msg *types.MsgReject) error {
	c, err := k.importingSide(ctx, msg.Number)
	if err != nil {
		return err
	}
	c.Status = types.CertificateStatus_CERTIFICATE_STATUS_REJECTED
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_REJECTED, RejectionReason: msg.Reason, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	close(ctx.Store, c)
	k.hooks.AfterRejected(ctx, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_REJECTED)
	return nil
}

// importingSide returns an open certificate if the signer is its importer or
// an importer-authority officer of its destination.
func (k Keeper) importingSide(ctx *module.Context, number string) (*types.Certificate, error) {
	c, err := k.loadOpen(ctx.Store, number)
	if err != nil {
		return nil, err
	}
	signer := ctx.Signer
	importer := signer.Role == envelope.Role_ROLE_IMPORTER && signer.Address == c.Importer
	customs := signer.Role == envelope.Role_ROLE_IMPORTER_AUTHORITY && signer.Participant == c.Destination
	if !importer && !customs {
		return nil, types.ErrNotImportingSide.Wrapf("%s is %s of %s; %s goes to %s", signer.Address, signer.Role.Name(), signer.Participant, c.Number, c.Destination)
	}
	return c, nil
}
