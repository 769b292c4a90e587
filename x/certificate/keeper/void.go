package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Void cancels a certificate, by an issuer officer of the issuing
// participant:
//   - an issued one, for any reason while the shipment is on the exporting
//     side; once custody reached the destination's side, only as
//     shipment-returned;
//   - a rejected one only as shipment-returned (the detained goods came back:
//     the export is reversed and the carats drawn go back to the parents);
//   - an expired one only as surrendered (the unused certificate handed back).
//
// A replacement, when named, is a certificate the same participant issued,
// issued or received, that replaces no other, to the same destination,
// exporter and importer — or the reason is reissued. The two are linked both
// ways. A voided certificate gives the carats it drew back to its parents and
// its issuer's stock.
// The number stays used for ever.
func (k Keeper) Void(ctx *module.Context, msg *types.MsgVoid) error {
	c, err := k.load(ctx.Store, msg.Number, types.CertificateStatus_CERTIFICATE_STATUS_ISSUED,
		types.CertificateStatus_CERTIFICATE_STATUS_REJECTED, types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED)
	if err != nil {
		return err
	}
	if ctx.Signer.Participant != c.Issuer {
		return types.ErrNotIssuingAuthority.Wrapf("%s was issued by %s, the signer is of %s", c.Number, c.Issuer, ctx.Signer.Participant)
	}
	if err := k.voidableFor(ctx, c, msg.Reason); err != nil {
		return err
	}
	var replacement *types.Certificate
	if msg.ReplacedBy != "" {
		if replacement, err = k.replacement(ctx, c, msg); err != nil {
			return err
		}
	}
	wasIssued := c.Status == types.CertificateStatus_CERTIFICATE_STATUS_ISSUED
	c.Status, c.ReplacedBy = types.CertificateStatus_CERTIFICATE_STATUS_VOID, msg.ReplacedBy
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_VOIDED, VoidReason: msg.Reason, Related: msg.ReplacedBy, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	if wasIssued {
		close(ctx.Store, c)
	}
	if err := k.giveBack(ctx, c); err != nil {
		return err
	}
	if err := k.hooks.AfterVoided(ctx, c); err != nil {
		return err
	}
	if replacement != nil {
		replacement.Replaces = c.Number
		record(ctx, replacement, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_REPLACES, Related: c.Number})
		k.saveCertificate(ctx.Store, replacement)
		emit(ctx, replacement, types.EventKind_EVENT_KIND_REPLACES)
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_VOIDED)
	return nil
}

// voidableFor checks that a void's reason fits the certificate's status and
// where its shipment is.
func (k Keeper) voidableFor(ctx *module.Context, c *types.Certificate, reason types.VoidReason) error {
	returned := reason == types.VoidReason_VOID_REASON_SHIPMENT_RETURNED
	switch c.Status {
	case types.CertificateStatus_CERTIFICATE_STATUS_REJECTED:
		if !returned {
			return types.ErrVoidReasonForStatus.Wrapf("%s was rejected: it is voided as shipment-returned when the goods come back, not %s", c.Number, reason.Name())
		}
	case types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED:
		if reason != types.VoidReason_VOID_REASON_SURRENDERED {
			return types.ErrVoidReasonForStatus.Wrapf("%s expired: it is voided as surrendered, not %s", c.Number, reason.Name())
		}
	default:
		if !returned && k.heldByDestination(ctx, c) {
			return types.ErrCustodyAtDestination.Wrapf("%s holds %s for %s", c.Holder, c.Number, c.Destination)
		}
	}
	return nil
}

// heldByDestination reports whether custody passed to a key of the
// destination (its importer or an officer).
func (k Keeper) heldByDestination(ctx *module.Context, c *types.Certificate) bool {
	address, err := participanttypes.ParseAddress(c.Holder)
	if err != nil {
		return false
	}
	key, ok := k.participants.Key(ctx.Store, address)
	return ok && key.Participant == c.Destination
}

// replacement checks the certificate a void names as its replacement.
func (k Keeper) replacement(ctx *module.Context, c *types.Certificate, msg *types.MsgVoid) (*types.Certificate, error) {
	r, ok := k.Certificate(ctx.Store, msg.ReplacedBy)
	switch {
	case !ok:
		return nil, types.ErrInvalidReplacement.Wrapf("%s does not exist: issue the replacement first", msg.ReplacedBy)
	case r.Issuer != c.Issuer:
		return nil, types.ErrInvalidReplacement.Wrapf("%s was issued by %s", r.Number, r.Issuer)
	case r.Status != types.CertificateStatus_CERTIFICATE_STATUS_ISSUED && r.Status != types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
		return nil, types.ErrInvalidReplacement.Wrapf("%s is %s", r.Number, r.Status.Name())
	case r.Replaces != "":
		return nil, types.ErrInvalidReplacement.Wrapf("%s already replaces %s", r.Number, r.Replaces)
	case msg.Reason != types.VoidReason_VOID_REASON_REISSUED && (r.Destination != c.Destination || r.Exporter != c.Exporter ||
		r.Importer != c.Importer || r.ImporterName != c.ImporterName):
		return nil, types.ErrInvalidReplacement.Wrapf("%s goes to %s from other parties than %s: a replacement for the same shipment has the same destination, exporter and importer (reason reissued otherwise)",
			r.Number, r.Destination, c.Number)
	}
	return r, nil
}
