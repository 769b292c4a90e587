package keeper

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Issue records a certificate validated by an issuer officer of the issuing
// participant (the signer's). Every Annex I rule that state can break is
// checked here; ValidateBasic checked the rest.
func (k Keeper) Issue(ctx *module.Context, msg *types.MsgIssue) error {
	issuer := ctx.Signer.Participant
	if _, ok := k.activeParticipant(ctx.Store, issuer); !ok {
		return types.ErrIssuerNotActive.Wrap(issuer)
	}
	if msg.Number[:2] != issuer {
		return types.ErrNumberPrefix.Wrapf("%s issued by %s", msg.Number, issuer)
	}
	if _, used := k.Certificate(ctx.Store, msg.Number); used {
		return types.ErrNumberUsed.Wrap(msg.Number)
	}
	if err := k.checkDestination(ctx, issuer, msg.Destination); err != nil {
		return err
	}
	params := k.Params(ctx.Store)
	switch {
	case msg.ExpiresAt <= ctx.Time:
		return types.ErrExpiryNotAfterIssue.Wrapf("expires %s, block time %s", format.Time(msg.ExpiresAt), format.Time(ctx.Time))
	case msg.ExpiresAt > ctx.Time+params.MaxValidity:
		return types.ErrExpiryTooLate.Wrapf("expires %s, valid %s from the block time %s; at most %s", format.Time(msg.ExpiresAt),
			types.DurationText(msg.ExpiresAt-ctx.Time), format.Time(ctx.Time), types.DurationText(params.MaxValidity))
	}
	if !k.operator(ctx.Store, msg.Exporter, issuer, envelope.Role_ROLE_EXPORTER) {
		return types.ErrExporterNotRegistered.Wrapf("%s for %s", msg.Exporter, issuer)
	}
	if msg.Importer != "" && !k.operator(ctx.Store, msg.Importer, msg.Destination, envelope.Role_ROLE_IMPORTER) {
		return types.ErrImporterNotRegistered.Wrapf("%s for %s", msg.Importer, msg.Destination)
	}
	for _, t := range msg.Transit {
		if _, ok := k.participants.Participant(ctx.Store, t); !ok || t == issuer {
			return types.ErrInvalidTransit.Wrapf("%s (a participant other than the issuer)", t)
		}
	}
	if err := k.checkListedOperators(ctx.Store, msg.Exporter, msg.Importer); err != nil {
		return err
	}
	if e, ok := k.ActiveEmbargo(ctx.Store, types.IssuerEmbargo, issuer); ok {
		return types.ErrEmbargoedIssuer.Wrapf("%s may certify nothing (since height %d, %s)", issuer, e.ImposedHeight, e.Reference)
	}
	c := &types.Certificate{
		Number: msg.Number, Issuer: issuer, Origin: msg.Origin, MixedOrigins: msg.MixedOrigins,
		Exporter: msg.Exporter, Importer: msg.Importer, ImporterName: msg.ImporterName, ImporterAddress: msg.ImporterAddress, Destination: msg.Destination,
		Carats: msg.Carats, ValueUsd: msg.ValueUsd, Parcels: msg.Parcels, HsCode: msg.HsCode, Lines: msg.CertificateLines(),
		IssuedAt: ctx.Time, ExpiresAt: msg.ExpiresAt, Seal: msg.Seal, PortOfExport: msg.PortOfExport,
		Transit: msg.Transit, Parents: msg.Parents, StockDraws: msg.StockDraws, OwnProductionCarats: msg.OwnProductionCarats,
		Status: types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, Holder: msg.Exporter,
	}
	// The declared origin set is checked against embargoes here, and
	// drawGoods holds it to the origins of the goods drawn: no spelling
	// escapes an embargo.
	if err := k.checkEmbargo(ctx.Store, types.OriginSet(c.Origin, c.MixedOrigins)); err != nil {
		return err
	}
	if err := k.checkSource(ctx.Store, c); err != nil {
		return err
	}
	if err := k.drawGoods(ctx, c); err != nil {
		return err
	}
	record(ctx, c, types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_ISSUED, Holder: c.Holder})
	k.saveCertificate(ctx.Store, c)
	open(ctx.Store, c)
	if err := k.hooks.AfterIssued(ctx, c); err != nil {
		return err
	}
	emit(ctx, c, types.EventKind_EVENT_KIND_ISSUED)
	return nil
}

// checkDestination: a participant other than the issuer, active.
func (k Keeper) checkDestination(ctx *module.Context, issuer, destination string) error {
	if destination == issuer {
		return types.ErrDestinationIsIssuer.Wrap(destination)
	}
	p, ok := k.participants.Participant(ctx.Store, destination)
	if !ok {
		return types.ErrUnknownDestination.Wrap(destination)
	}
	if p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
		return types.ErrDestinationNotActive.Wrapf("%s is %s", destination, p.Status.Name())
	}
	return nil
}
