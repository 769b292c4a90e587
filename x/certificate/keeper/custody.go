package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Transfer hands the shipment from its holder (the signer) to the next holder,
// an active registered key other than an observer's, quoting the container
// seal (the last re-seal's, if any); the chain of custody is the
// certificate's transferred and resealed events in order. The first transfer
// to a key of the destination (its importer, its customs) is the shipment's
// arrival: the confirmation deadline counts from it.
func (k Keeper) Transfer(ctx *module.Context, msg *types.MsgTransfer) error {
	c, err := k.load(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	if ctx.Signer.Address != c.Holder {
		return types.ErrNotHolder.Wrapf("%s holds %s", c.Holder, c.Number)
	}
	if err := custodyRoom(c); err != nil {
		return err
	}
	if seal := c.Sealed(); msg.Seal != seal {
		return types.ErrSealMismatch.Wrapf("quoted %q, the shipment is sealed %q", msg.Seal, seal)
	}
	address, _ := participanttypes.ParseAddress(msg.To) // ValidateBasic checked it
	next, ok := k.participants.Key(ctx.Store, address)
	if !ok || next.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE || next.Role == envelope.Role_ROLE_OBSERVER || msg.To == c.Holder {
		return types.ErrInvalidHolder.Wrap(msg.To)
	}
	c.Holder = msg.To
	if c.ArrivedAt == 0 && next.Participant == c.Destination {
		// Custody reached the importer's side: the confirmation deadline
		// counts from now.
		c.ArrivedAt = ctx.Time
		types.Store(ctx.Store).Set(types.AwaitingKey(c.ArrivedAt, c.Number), store.Present)
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_TRANSFERRED, Holder: msg.To, Carrier: msg.Carrier})
	k.saveCertificate(ctx.Store, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_TRANSFERRED)
	return nil
}

// Attest records a transit participant's importer-authority officer stating
// the shipment arrived sealed and left unopened; once per transit participant.
func (k Keeper) Attest(ctx *module.Context, msg *types.MsgAttest) error {
	c, err := k.load(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	participant := ctx.Signer.Participant
	if !slices.Contains(c.Transit, participant) {
		return types.ErrNotTransitParticipant.Wrapf("%s is not among %v", participant, c.Transit)
	}
	for _, ev := range types.History(ctx.Store, c.Number) {
		if ev.Kind == types.EventKind_EVENT_KIND_ATTESTED && ev.Participant == participant {
			return types.ErrAlreadyAttested.Wrapf("%s at height %d", participant, ev.Height)
		}
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_ATTESTED, Participant: participant, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_ATTESTED)
	return nil
}

// Reseal records an authority's inspection of the shipment and its new seal:
// an issuer or importer-authority officer of a participant on the route (the
// issuer, a transit participant, the destination), while the certificate is
// issued. The seal the certificate was issued with stays; transfers quote the
// new one.
func (k Keeper) Reseal(ctx *module.Context, msg *types.MsgReseal) error {
	c, err := k.load(ctx.Store, msg.Number)
	if err != nil {
		return err
	}
	participant := ctx.Signer.Participant
	if participant != c.Issuer && participant != c.Destination && !slices.Contains(c.Transit, participant) {
		return types.ErrNotOnRoute.Wrapf("%s: %s → %s via %v", participant, c.Issuer, c.Destination, c.Transit)
	}
	if msg.Seal == c.Sealed() {
		return types.ErrSealMismatch.Wrapf("%q is already the shipment's seal", msg.Seal)
	}
	if err := custodyRoom(c); err != nil {
		return err
	}
	c.CurrentSeal = msg.Seal
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RESEALED, Participant: participant, Seal: msg.Seal, Note: msg.Note})
	k.saveCertificate(ctx.Store, c)
	emit(ctx, c, types.EventKind_EVENT_KIND_RESEALED)
	return nil
}

// custodyRoom refuses a hand-over or re-seal beyond types.MaxCustodyEvents
// of one certificate.
func custodyRoom(c *types.Certificate) error {
	if c.CustodyEvents >= types.MaxCustodyEvents {
		return types.ErrCustodyBound.Wrapf("%s was handed over or re-sealed %d times, at most %d", c.Number, c.CustodyEvents, types.MaxCustodyEvents)
	}
	return nil
}
