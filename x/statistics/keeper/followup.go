package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Flags have a follow-up (review B5): an admin officer of a flagged
// participant acknowledges a flag, explains it (a note) or closes it (a
// note), each step kept in the flag's history; a closed flag is final and
// leaves the default listings (the history and --all keep it). Who is
// flagged: the issuer for a price discrepancy; the issuer and the destination
// for a mirror or weight discrepancy (followed up bilaterally, as the 2005
// communiqué asks); the destination for an overdue listing (it did not
// confirm); the participant for its mass balance.

// FollowUpFlag records a step of a flag's follow-up.
func (k Keeper) FollowUpFlag(ctx *module.Context, msg *types.MsgFollowUpFlag) error {
	code := ctx.Signer.Participant
	var (
		key     []byte
		record  store.Record
		fu      *types.FollowUp
		flagged []string
		subject string
	)
	switch msg.Kind {
	case types.FlagKind_FLAG_KIND_DISCREPANCY:
		var d types.Discrepancy
		key, record, fu, subject = types.DiscrepancyKey(msg.Number, msg.Rule), &d, &d.FollowUp, msg.Number+" "+msg.Rule.Name()
		if !store.Load(types.Store(ctx.Store), key, &d) {
			return types.ErrFlagNotFound.Wrapf("no %s discrepancy flagged on %s", msg.Rule.Name(), msg.Number)
		}
		flagged = []string{d.Issuer}
		if d.Rule != types.Rule_RULE_PRICE {
			flagged = append(flagged, d.Destination)
		}
	case types.FlagKind_FLAG_KIND_OVERDUE:
		var o types.OverdueCertificate
		key, record, fu, subject = types.OverdueKey(msg.Number), &o, &o.FollowUp, msg.Number
		if !store.Load(types.Store(ctx.Store), key, &o) {
			return types.ErrFlagNotFound.Wrapf("%s is not listed overdue or expired unconfirmed", msg.Number)
		}
		flagged = []string{o.Destination}
	case types.FlagKind_FLAG_KIND_MASS_BALANCE:
		origins := certtypes.SortedUnique(msg.Origins)
		b := k.balance(ctx.Store, code, msg.Year, origins)
		if b == nil || b.FlaggedAt == 0 {
			return types.ErrFlagNotFound.Wrapf("%s's mass balance of %v in %d was never exceeded", code, origins, msg.Year)
		}
		key, record, fu, subject, flagged = types.MassBalanceKey(msg.Year, code, origins), b, &b.FollowUp, code, []string{code}
	}
	if !slices.Contains(flagged, code) {
		return types.ErrNotFlagged.Wrapf("%s's flag concerns %v, the signer is of %s", subject, flagged, code)
	}
	if fu.Status == types.FlagStatus_FLAG_STATUS_CLOSED {
		return types.ErrFlagClosed.Wrap(subject)
	}
	if msg.Status == types.FlagStatus_FLAG_STATUS_ACKNOWLEDGED && fu.Status != types.FlagStatus_FLAG_STATUS_OPEN {
		return types.ErrInvalidFollowUp.Wrapf("%s is %s already", subject, fu.Status.Name())
	}
	fu.Status = msg.Status
	fu.Steps = append(fu.Steps, types.FlagStep{Status: msg.Status, Participant: code, Signer: ctx.Signer.Address, Note: msg.Note, Height: ctx.Height, Time: ctx.Time})
	store.Save(types.Store(ctx.Store), key, record)
	ctx.EmitEvent(types.ModuleName,
		module.Attr(module.AttributeAction, types.ActionFlagFollowedUp),
		module.Attr(types.AttributeKind, msg.Kind.Name()),
		module.Attr(types.AttributeParticipant, code),
		module.Attr(types.AttributeStatus, msg.Status.Name()),
	)
	return nil
}
