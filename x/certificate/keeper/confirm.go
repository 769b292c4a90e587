package keeper

import (
	"math/big"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// Confirm records the importing side's confirmation of receipt:
//   - by an importer-authority officer of the destination, or by the
//     certificate's registered importer unless the destination has its
//     authority confirm alone;
//   - the date of receipt not before issue nor after the block time (none:
//     the block time);
//   - before expiry; after it, only within the late-confirmation grace and
//     for goods received on or before the expiry (the certificate, expired
//     meanwhile, becomes received);
//   - destination active, issuer active or its goods grandfathered, origin
//     not under embargo;
//   - the parcels quoted exactly, the carats within the re-weighing tolerance
//     ("received with discrepancy" when they differ); the value received may
//     differ (monitoring compares it).
func (k Keeper) Confirm(ctx *module.Context, msg *types.MsgConfirm) error {
	c, err := k.load(ctx.Store, msg.Number, types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED)
	if err != nil {
		return err
	}
	if err := k.confirmingSide(ctx, c); err != nil {
		return err
	}
	receivedAt, err := receiptDate(ctx, c, msg.ReceivedAt)
	if err != nil {
		return err
	}
	if ctx.Time > c.ExpiresAt {
		grace := k.Params(ctx.Store).LateConfirmationGrace
		switch {
		case receivedAt > c.ExpiresAt:
			return types.ErrCertificateExpired.Wrapf("%s expired at %s; goods received %s are not covered by it", c.Number, format.Time(c.ExpiresAt), format.Time(receivedAt))
		case ctx.Time > c.ExpiresAt+grace:
			return types.ErrCertificateExpired.Wrapf("%s expired at %s: a late confirmation comes within %s of it", c.Number, format.Time(c.ExpiresAt), types.DurationText(grace))
		}
	}
	if err := k.checkEntry(ctx, c); err != nil {
		return err
	}
	if err := k.checkQuantities(ctx, c, msg.Parcels, msg.Carats); err != nil {
		return err
	}
	wasExpired := c.Status == types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED
	if err := k.receive(ctx, c, msg.Parcels, msg.Carats, msg.ValueUsd, receivedAt, msg.Reference); err != nil {
		return err
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RECEIVED,
		Parcels: msg.Parcels, Carats: msg.Carats, ValueUsd: msg.ValueUsd, ReceivedAt: receivedAt, Reference: msg.Reference, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	if !wasExpired {
		close(ctx.Store, c)
	}
	if err := k.hooks.AfterReceived(ctx, c); err != nil {
		return err
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_RECEIVED)
	return nil
}

// Reject records the importing authority's negative confirmation: the
// shipment is detained. An expired certificate may be rejected within the
// late-confirmation grace (a shipment arriving on an expired certificate).
func (k Keeper) Reject(ctx *module.Context, msg *types.MsgReject) error {
	c, err := k.load(ctx.Store, msg.Number, types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED)
	if err != nil {
		return err
	}
	if err := k.importingAuthority(ctx, c); err != nil {
		return err
	}
	if grace := k.Params(ctx.Store).LateConfirmationGrace; ctx.Time > c.ExpiresAt+grace {
		return types.ErrCertificateExpired.Wrapf("%s expired at %s: it is rejected within %s of it", c.Number, format.Time(c.ExpiresAt), types.DurationText(grace))
	}
	wasExpired := c.Status == types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED
	c.Status = types.CertificateStatus_CERTIFICATE_STATUS_REJECTED
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_REJECTED, RejectionReason: msg.Reason, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	if !wasExpired {
		close(ctx.Store, c)
	}
	if err := k.hooks.AfterRejected(ctx, c); err != nil {
		return err
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_REJECTED)
	return nil
}

// confirmingSide checks that the signer may confirm a certificate: an
// importer-authority officer of its destination, or its registered importer
// when the destination lets importers confirm.
func (k Keeper) confirmingSide(ctx *module.Context, c *types.Certificate) error {
	signer := ctx.Signer
	if signer.Role == envelope.Role_ROLE_IMPORTER_AUTHORITY && signer.Participant == c.Destination {
		return nil
	}
	if signer.Role != envelope.Role_ROLE_IMPORTER || signer.Address != c.Importer {
		return types.ErrNotImportingSide.Wrapf("%s is %s of %s; %s goes to %s", signer.Address, signer.Role.Name(), signer.Participant, c.Number, c.Destination)
	}
	if p, ok := k.participants.Participant(ctx.Store, c.Destination); ok && p.AuthorityConfirmsOnly {
		return types.ErrAuthorityConfirms.Wrapf("%s's importing authority confirms %s", c.Destination, c.Number)
	}
	return nil
}

// importingAuthority checks that the signer is an importer-authority officer
// of the certificate's destination: only the authority detains and releases.
func (k Keeper) importingAuthority(ctx *module.Context, c *types.Certificate) error {
	if signer := ctx.Signer; signer.Participant != c.Destination {
		return types.ErrNotImportingSide.Wrapf("%s is %s of %s; %s goes to %s", signer.Address, signer.Role.Name(), signer.Participant, c.Number, c.Destination)
	}
	return nil
}

// receiptDate is the date of receipt a confirmation gives (0: the block
// time): not before issue, not after the block time.
func receiptDate(ctx *module.Context, c *types.Certificate, receivedAt int64) (int64, error) {
	if receivedAt == 0 {
		return ctx.Time, nil
	}
	if receivedAt < c.IssuedAt || receivedAt > ctx.Time {
		return 0, types.ErrReceiptDate.Wrapf("received %s; issued %s, block time %s", format.Time(receivedAt), format.Time(c.IssuedAt), format.Time(ctx.Time))
	}
	return receivedAt, nil
}

// checkEntry checks what lets goods enter: the destination active, the
// issuer active or its goods grandfathered, no origin of the goods under
// embargo, neither the issuer nor a participant the goods came from under an
// issuer embargo.
func (k Keeper) checkEntry(ctx *module.Context, c *types.Certificate) error {
	if _, ok := k.activeParticipant(ctx.Store, c.Destination); !ok {
		return types.ErrDestinationNotActive.Wrap(c.Destination)
	}
	if err := k.issuerMayShip(ctx.Store, c); err != nil {
		return err
	}
	if err := k.checkEmbargo(ctx.Store, types.OriginSet(c.Origin, c.MixedOrigins)); err != nil {
		return err
	}
	return k.checkSource(ctx.Store, c)
}

// checkQuantities: the parcels exactly, the carats within the re-weighing
// tolerance of the certificate's.
func (k Keeper) checkQuantities(ctx *module.Context, c *types.Certificate, parcels uint32, carats int64) error {
	tolerance := int64(k.Params(ctx.Store).ReweighToleranceBp)
	diff := carats - c.Carats
	if diff < 0 {
		diff = -diff
	}
	within := new(big.Int).Mul(big.NewInt(diff), big.NewInt(10000)).Cmp(new(big.Int).Mul(big.NewInt(c.Carats), big.NewInt(tolerance))) <= 0
	if parcels != c.Parcels || !within {
		return types.ErrQuantityMismatch.Wrapf("received %d parcels and %s ct, the certificate says %d parcels and %s ct (re-weighing tolerance %s%%)",
			parcels, format.Hundredths(carats), c.Parcels, format.Hundredths(c.Carats), format.Hundredths(tolerance))
	}
	return nil
}

// receive makes a certificate received with what arrived, when and under
// which reference, and adds what arrived to the destination's stock (refused
// when the stock would overflow).
func (k Keeper) receive(ctx *module.Context, c *types.Certificate, parcels uint32, carats, value, receivedAt int64, reference string) error {
	c.Status = types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED
	c.ReceivedParcels, c.ReceivedCarats, c.ReceivedValueUsd = parcels, carats, value
	c.ReceivedAt, c.ReceivedReference = receivedAt, reference
	c.Discrepancy = carats != c.Carats
	return k.receiveIntoStock(ctx.Store, c)
}
