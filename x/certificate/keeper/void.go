package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// Void cancels a certificate before receipt, by an issuer officer of the
// issuing participant. A replacement, when named, is a certificate the same
// participant issued, issued or received (not void, rejected or expired), and
// that replaces no other; the two are linked both ways.
// A voided re-export gives its carats back to its parents. The number stays
// used for ever.
func (k Keeper) Void(ctx *module.Context, msg *types.MsgVoid) error {
	c, err := k.loadOpen(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	if ctx.Signer.Participant != c.Issuer {
		return types.ErrNotIssuingAuthority.Wrapf("%s was issued by %s, the signer is of %s", c.Number, c.Issuer, ctx.Signer.Participant)
	}
	if msg.Reason == types.VoidReason_VOID_REASON_REPLACED && msg.ReplacedBy == "" {
		return types.ErrInvalidReplacement.Wrap("reason replaced names the replacement")
	}
	var replacement *types.Certificate
	if msg.ReplacedBy != "" {
		r, ok := k.Certificate(ctx.Store, msg.ReplacedBy)
		switch {
		case !ok:
			return types.ErrInvalidReplacement.Wrapf("%s does not exist: issue the replacement first", msg.ReplacedBy)
		case r.Issuer != c.Issuer:
			return types.ErrInvalidReplacement.Wrapf("%s was issued by %s", r.Number, r.Issuer)
		case r.Status != types.CertificateStatus_CERTIFICATE_STATUS_ISSUED && r.Status != types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
			return types.ErrInvalidReplacement.Wrapf("%s is %s", r.Number, r.Status.Name())
		case r.Replaces != "":
			return types.ErrInvalidReplacement.Wrapf("%s already replaces %s", r.Number, r.Replaces)
		}
		replacement = r
	}
	c.Status, c.ReplacedBy = types.CertificateStatus_CERTIFICATE_STATUS_VOID, msg.ReplacedBy
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_VOIDED, VoidReason: msg.Reason, Related: msg.ReplacedBy, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	close(ctx.Store, c)
	k.releaseParents(ctx, c)
	k.hooks.AfterVoided(ctx, c)
	if replacement != nil {
		replacement.Replaces = c.Number
		record(ctx, replacement, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_REPLACES, Related: c.Number})
		k.saveCertificate(ctx.Store, replacement)
		emit(ctx, replacement, types.EventKind_EVENT_KIND_REPLACES)
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_VOIDED)
	return nil
}
