package keeper

import (
	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/participant/types"
)

var adminOnly = []envelope.Role{envelope.Role_ROLE_ADMIN}

func (k Keeper) registerMsgs(r *module.MsgRouter) {
	module.HandleMsg(r, adminOnly, k.AddOfficer)
	module.HandleMsg(r, adminOnly, k.RotateOfficer)
	module.HandleMsg(r, adminOnly, k.RevokeOfficer)
	module.HandleMsg(r, adminOnly, k.AddOperator)
	module.HandleMsg(r, adminOnly, k.RevokeOperator)
	module.HandleMsg(r, adminOnly, k.SetSettings)
}

// AddOfficer registers an officer key for the admin's participant.
func (k Keeper) AddOfficer(ctx *module.Context, msg *types.MsgAddOfficer) error {
	return k.addKey(ctx, msg.PubKey, msg.Role, msg.Name, types.ActionOfficerAdded)
}

// AddOperator registers a licensed exporter or importer for the admin's participant.
func (k Keeper) AddOperator(ctx *module.Context, msg *types.MsgAddOperator) error {
	return k.addKey(ctx, msg.PubKey, msg.Role, msg.Name, types.ActionOperatorAdded)
}

// addKey registers a key for the admin's participant (ValidateBasic checked
// that the role is an officer's or an operator's as the message says).
func (k Keeper) addKey(ctx *module.Context, pubKey []byte, role envelope.Role, name, action string) error {
	code, err := k.managingParticipant(ctx)
	if err != nil {
		return err
	}
	rk, err := k.register(ctx, code, pubKey, role, name)
	if err != nil {
		return err
	}
	emit(ctx, action, rk)
	return nil
}

// RotateOfficer replaces an officer's key by a new key with the same role and name.
func (k Keeper) RotateOfficer(ctx *module.Context, msg *types.MsgRotateOfficer) error {
	code, err := k.managingParticipant(ctx)
	if err != nil {
		return err
	}
	old, err := k.ownActiveKey(ctx, code, msg.Address, types.ErrNotAnOfficer, envelope.Role.IsOfficer)
	if err != nil {
		return err
	}
	rotated, err := k.register(ctx, code, msg.NewPubKey, old.Role, old.Name)
	if err != nil {
		return err
	}
	old.Status, old.RevokedHeight, old.ReplacedBy = types.KeyStatus_KEY_STATUS_REVOKED, ctx.Height, rotated.Address
	k.setKey(ctx.Store, old)
	emit(ctx, types.ActionOfficerRotated, rotated, module.Attr(types.AttributeReplaces, old.Address))
	return nil
}

// RevokeOfficer revokes an officer key; the last active admin cannot be revoked.
func (k Keeper) RevokeOfficer(ctx *module.Context, msg *types.MsgRevokeOfficer) error {
	code, err := k.managingParticipant(ctx)
	if err != nil {
		return err
	}
	rk, err := k.ownActiveKey(ctx, code, msg.Address, types.ErrNotAnOfficer, envelope.Role.IsOfficer)
	if err != nil {
		return err
	}
	if rk.Role == envelope.Role_ROLE_ADMIN && k.activeAdmins(ctx, code) == 1 {
		return types.ErrLastAdmin.Wrapf("%s is %s's only active admin", rk.Address, code)
	}
	k.revoke(ctx, rk)
	emit(ctx, types.ActionOfficerRevoked, rk)
	return nil
}

// RevokeOperator revokes an operator's key.
func (k Keeper) RevokeOperator(ctx *module.Context, msg *types.MsgRevokeOperator) error {
	code, err := k.managingParticipant(ctx)
	if err != nil {
		return err
	}
	rk, err := k.ownActiveKey(ctx, code, msg.Address, types.ErrNotAnOperator, envelope.Role.IsOperator)
	if err != nil {
		return err
	}
	k.revoke(ctx, rk)
	emit(ctx, types.ActionOperatorRevoked, rk)
	return nil
}

// managingParticipant returns the signer's participant if it may manage keys:
// it is active or suspended (a suspended participant still manages its keys; a
// candidate or expelled one does not).
func (k Keeper) managingParticipant(ctx *module.Context) (string, error) {
	code := ctx.Signer.Participant
	p, ok := k.Participant(ctx.Store, code)
	if !ok {
		return "", types.ErrUnknownParticipant.Wrap(code)
	}
	switch p.Status {
	case types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE, types.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED:
		return code, nil
	default:
		return "", types.ErrParticipantStatus.Wrapf("%s is %s", code, p.Status.Name())
	}
}

// register adds a new active key for a participant.
func (k Keeper) register(ctx *module.Context, code string, pubKey []byte, role envelope.Role, name string) (*types.RegisteredKey, error) {
	address := envelope.AddressOf(pubKey)
	if existing, ok := k.Key(ctx.Store, address); ok {
		return nil, types.ErrKeyRegistered.Wrapf("%s (%s of %s%s, %s)", existing.Address,
			existing.Role.Name(), existing.Participant, existing.Observer, existing.Status.Name())
	}
	rk := &types.RegisteredKey{
		Address:     envelope.AddressHex(address),
		PubKey:      pubKey,
		Role:        role,
		Participant: code,
		Name:        name,
		Status:      types.KeyStatus_KEY_STATUS_ACTIVE,
		AddedHeight: ctx.Height,
	}
	k.setKey(ctx.Store, rk)
	return rk, nil
}

// ownActiveKey returns an active key of the participant whose role passes isKind.
func (k Keeper) ownActiveKey(ctx *module.Context, code, addressHex string, wrongKind *refusal.Error, isKind func(envelope.Role) bool) (*types.RegisteredKey, error) {
	address, err := types.ParseAddress(addressHex)
	if err != nil {
		return nil, err
	}
	rk, ok := k.Key(ctx.Store, address)
	switch {
	case !ok:
		return nil, types.ErrUnknownKey.Wrap(addressHex)
	case rk.Participant != code:
		return nil, types.ErrNotYourKey.Wrapf("%s is held by %s%s", addressHex, rk.Participant, rk.Observer)
	case !isKind(rk.Role):
		return nil, wrongKind.Wrapf("%s is %s", addressHex, rk.Role.Name())
	case rk.Status != types.KeyStatus_KEY_STATUS_ACTIVE:
		return nil, types.ErrKeyRevoked.Wrap(addressHex)
	}
	return rk, nil
}

func (k Keeper) revoke(ctx *module.Context, rk *types.RegisteredKey) {
	rk.Status, rk.RevokedHeight = types.KeyStatus_KEY_STATUS_REVOKED, ctx.Height
	k.setKey(ctx.Store, rk)
}

func (k Keeper) activeAdmins(ctx *module.Context, code string) int {
	n := 0
	for _, rk := range k.HolderKeys(ctx.Store, code, false) {
		if rk.Role == envelope.Role_ROLE_ADMIN && rk.Status == types.KeyStatus_KEY_STATUS_ACTIVE {
			n++
		}
	}
	return n
}

func emit(ctx *module.Context, action string, rk *types.RegisteredKey, extra ...abci.EventAttribute) {
	attrs := append([]abci.EventAttribute{
		module.Attr(module.AttributeAction, action),
		module.Attr(types.AttributeParticipant, rk.Participant),
		module.Attr(types.AttributeAddress, rk.Address),
		module.Attr(types.AttributeRole, rk.Role.Name()),
	}, extra...)
	ctx.EmitEvent(types.ModuleName, attrs...)
}
