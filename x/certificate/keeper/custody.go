package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Transfer hands the shipment from its holder (the signer) to the next holder,
// an active registered key other than an observer's, quoting the container
// seal; the chain of custody is the certificate's transferred events in order.
func (k Keeper) Transfer(ctx *module.Context, msg *types.MsgTransfer) error {
	c, err := k.loadOpen(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	if ctx.Signer.Address != c.Holder {
		return types.ErrNotHolder.Wrapf("%s holds %s", c.Holder, c.Number)
	}
	if msg.Seal != c.Seal {
		return types.ErrSealMismatch.Wrapf("quoted %q, the certificate has %q", msg.Seal, c.Seal)
	}
	address, _ := participanttypes.ParseAddress(msg.To) // ValidateBasic checked it
	next, ok := k.participants.Key(ctx.Store, address)
	if !ok || next.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE || next.Role == envelope.Role_ROLE_OBSERVER || msg.To == c.Holder {
		return types.ErrInvalidHolder.Wrap(msg.To)
	}
	c.Holder = msg.To
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_TRANSFERRED, Holder: msg.To, Carrier: msg.Carrier})
	k.saveCertificate(ctx.Store, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_TRANSFERRED)
	return nil
}

// Attest records a transit participant's importer-authority officer stating
// the shipment arrived sealed and left unopened; once per transit participant.
func (k Keeper) Attest(ctx *module.Context, msg *types.MsgAttest) error {
	c, err := k.loadOpen(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	participant := ctx.Signer.Participant
	if !slices.Contains(c.Transit, participant) {
		return types.ErrNotTransitParticipant.Wrapf("%s is not among %v", participant, c.Transit)
	}
	for _, ev := range c.Events {
		if ev.Kind == types.EventKind_EVENT_KIND_ATTESTED && ev.Participant == participant {
			return types.ErrAlreadyAttested.Wrapf("%s at height %d", participant, ev.Height)
		}
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_ATTESTED, Participant: participant, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_ATTESTED)
	return nil
}
