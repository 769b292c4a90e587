package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// The plenary's lists beyond the origin embargo (the 2005 Côte d'Ivoire
// resolution), kept here because certificates are checked against them:
//   - heightened vigilance: participants whose certificates monitoring lists
//     apart (the neighbours of an embargoed producer); nothing is refused;
//   - operators found involved in illicit trade: no certificate may name one
//     as exporter or importer, whichever participant registered it.
//
// Plenary decisions put entries on and take them off; a record stays, with
// its dates, when it is taken off.

// VigilanceList lists every heightened-vigilance record, by participant.
func (Keeper) VigilanceList(s store.KVStore) []types.Vigilance {
	return store.LoadAll[types.Vigilance](types.Store(s), types.VigilancePrefix())
}

// ListedOperators lists every listed operator record, by address.
func (Keeper) ListedOperators(s store.KVStore) []types.ListedOperator {
	return store.LoadAll[types.ListedOperator](types.Store(s), types.ListedOperatorsPrefix())
}

// CheckVigilance checks putting a participant on the heightened-vigilance
// list (or, remove, taking it off) against the state.
func (k Keeper) CheckVigilance(s store.KVStore, code string, remove bool) error {
	if _, ok := k.participants.Participant(s, code); !ok {
		return participanttypes.ErrUnknownParticipant.Wrap(code)
	}
	var v types.Vigilance
	listed := store.Load(types.Store(s), types.VigilanceKey(code), &v) && v.Active
	switch {
	case remove && !listed:
		return types.ErrListing.Wrapf("%s is not on the heightened-vigilance list", code)
	case !remove && listed:
		return types.ErrListing.Wrapf("%s is already on the heightened-vigilance list", code)
	}
	return nil
}

// SetVigilance puts a participant on the heightened-vigilance list, or takes
// it off.
func (k Keeper) SetVigilance(ctx *module.Context, code string, remove bool, reference string) error {
	if err := k.CheckVigilance(ctx.Store, code, remove); err != nil {
		return err
	}
	ms := types.Store(ctx.Store)
	v := &types.Vigilance{Participant: code, Active: true, ListedAt: ctx.Time, ListedHeight: ctx.Height, Reference: reference}
	if remove {
		store.Load(ms, types.VigilanceKey(code), v)
		v.Active, v.DelistedAt = false, ctx.Time
	}
	store.Save(ms, types.VigilanceKey(code), v)
	emitListing(ctx, "vigilance", code, remove)
	return nil
}

// CheckListOperator checks listing an operator (or, remove, delisting it):
// a registered operator key.
func (k Keeper) CheckListOperator(s store.KVStore, addressHex string, remove bool) (*participanttypes.RegisteredKey, error) {
	address, err := participanttypes.ParseAddress(addressHex)
	if err != nil {
		return nil, err
	}
	key, ok := k.participants.Key(s, address)
	if !ok || key.Participant == "" || !key.Role.IsOperator() {
		return nil, types.ErrListing.Wrapf("%s is not an operator's key", addressHex)
	}
	var o types.ListedOperator
	listed := store.Load(types.Store(s), types.ListedOperatorKey(addressHex), &o) && o.Active
	switch {
	case remove && !listed:
		return nil, types.ErrListing.Wrapf("%s is not listed", addressHex)
	case !remove && listed:
		return nil, types.ErrListing.Wrapf("%s is already listed", addressHex)
	}
	return key, nil
}

// ListOperator puts an operator on the list of those involved in illicit
// trade, or takes it off.
func (k Keeper) ListOperator(ctx *module.Context, addressHex string, remove bool, reference string) error {
	key, err := k.CheckListOperator(ctx.Store, addressHex, remove)
	if err != nil {
		return err
	}
	ms := types.Store(ctx.Store)
	o := &types.ListedOperator{Address: addressHex, Name: key.Name, Participant: key.Participant, Active: true, ListedAt: ctx.Time, Reference: reference}
	if remove {
		store.Load(ms, types.ListedOperatorKey(addressHex), o)
		o.Active, o.DelistedAt = false, ctx.Time
	}
	store.Save(ms, types.ListedOperatorKey(addressHex), o)
	emitListing(ctx, "illicit-operator", addressHex, remove)
	return nil
}

// checkListedOperators refuses a certificate naming a listed operator.
func (k Keeper) checkListedOperators(s store.KVStore, addresses ...string) error {
	ms := types.Store(s)
	for _, a := range addresses {
		var o types.ListedOperator
		if store.Load(ms, types.ListedOperatorKey(a), &o) && o.Active {
			return types.ErrListedOperator.Wrapf("%s (%s, registered by %s), listed by %s", a, o.Name, o.Participant, o.Reference)
		}
	}
	return nil
}

func emitListing(ctx *module.Context, list, entry string, remove bool) {
	action := types.ActionListed
	if remove {
		action = types.ActionDelisted
	}
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, action), module.Attr("list", list), module.Attr("entry", entry))
}
