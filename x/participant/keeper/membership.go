package keeper

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/participant/types"
)

// Membership changes, made by plenary decisions (the plenary module calls
// them at execution; they check again what the proposal checked, since the
// state may have moved since).

// Admit admits a participant, or re-admits an expelled one (Lebanon, 2005),
// active, with its first admin officer key and, for a voting participant, its
// validator key (optional: a participant may join before it runs a node). A
// re-admitted participant starts afresh: the keys and validator it held before
// are revoked and dropped (they stay in history as revoked).
func (k Keeper) Admit(ctx *module.Context, code, name string, kind types.ParticipantKind, adminPubKey []byte, adminName string, validatorPubKey []byte) error {
	if err := k.CheckAdmission(ctx.Store, code, name, kind, adminPubKey, adminName, validatorPubKey); err != nil {
		return err
	}
	for _, rk := range k.HolderKeys(ctx.Store, code, false) {
		if rk.Status == types.KeyStatus_KEY_STATUS_ACTIVE {
			k.revoke(ctx, &rk)
		}
	}
	if old, ok := k.Validator(ctx.Store, code); ok {
		ms := types.Store(ctx.Store)
		ms.Delete(types.ValidatorPubKeyKey(old.PubKey))
		ms.Delete(types.ValidatorKey(code))
	}
	k.SetParticipant(ctx.Store, &types.Participant{Code: code, Name: name, Kind: kind, Status: types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE})
	if _, err := k.register(ctx, code, adminPubKey, envelope.Role_ROLE_ADMIN, adminName); err != nil {
		return err
	}
	if len(validatorPubKey) > 0 {
		k.replaceValidator(ctx.Store, code, validatorPubKey)
	}
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionParticipantAdmitted), module.Attr(types.AttributeParticipant, code))
	return nil
}

// CheckAdmission checks an admission against the state.
func (k Keeper) CheckAdmission(s store.KVStore, code, name string, kind types.ParticipantKind, adminPubKey []byte, adminName string, validatorPubKey []byte) error {
	if err := types.ValidateParticipantCode(code); err != nil {
		return err
	}
	if err := types.ValidateName(name); err != nil {
		return err
	}
	if err := types.ValidateName(adminName); err != nil {
		return err
	}
	if _, ok := types.ParticipantKind_name[int32(kind)]; !ok || kind == types.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED {
		return types.ErrInvalidKind.Wrapf("%d", kind)
	}
	if p, ok := k.Participant(s, code); ok && p.Status != types.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED && p.Status != types.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE {
		return types.ErrParticipantExists.Wrapf("%s is %s", code, p.Status.Name())
	}
	if err := types.ValidatePubKey(adminPubKey); err != nil {
		return err
	}
	if existing, ok := k.Key(s, envelope.AddressOf(adminPubKey)); ok {
		return types.ErrKeyRegistered.Wrapf("admin key %s (%s of %s%s)", existing.Address, existing.Role.Name(), existing.Participant, existing.Observer)
	}
	if len(validatorPubKey) > 0 {
		if kind == types.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			return types.ErrInvalidKind.Wrapf("%s is a trading entity: it does not validate", code)
		}
		return k.CheckValidatorKey(s, code, validatorPubKey)
	}
	return nil
}

// CheckValidatorKey checks a validator key for a participant: 32 bytes of
// ed25519, held by no other participant.
func (k Keeper) CheckValidatorKey(s store.KVStore, code string, pubKey []byte) error {
	if err := types.ValidatePubKey(pubKey); err != nil {
		return err
	}
	if holder, ok := k.ValidatorHolder(s, pubKey); ok && holder != code {
		return types.ErrValidatorKeyTaken.Wrapf("held by %s", holder)
	}
	return nil
}

// SetStatus moves a participant along active ⇄ suspended → expelled:
// suspend from active, reinstate from suspended, expel from either. Its
// validator leaves or rejoins the set with its status. A suspension or an
// expulsion that grandfathers goods already certified lets destinations
// still confirm the certificates it issued before now; reinstatement clears
// that.
func (k Keeper) SetStatus(ctx *module.Context, code string, to types.ParticipantStatus, grandfather bool) error {
	p, err := k.CheckStatusChange(ctx.Store, code, to)
	if err != nil {
		return err
	}
	p.Status, p.GrandfatheredBefore = to, 0
	if grandfather && to != types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
		p.GrandfatheredBefore = ctx.Time
	}
	k.SetParticipant(ctx.Store, p)
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionStatusPrefix+to.Name()), module.Attr(types.AttributeParticipant, code))
	return nil
}

// SetNonProducer registers whether a participant produces rough diamonds
// (a plenary decision): a non-producer is not expected to report production.
func (k Keeper) SetNonProducer(ctx *module.Context, code string, nonProducer bool) error {
	p, ok := k.Participant(ctx.Store, code)
	if !ok {
		return types.ErrUnknownParticipant.Wrap(code)
	}
	p.NonProducer = nonProducer
	k.SetParticipant(ctx.Store, p)
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionProducerSet), module.Attr(types.AttributeParticipant, code))
	return nil
}

// CheckStatusChange checks a status change against the state.
func (k Keeper) CheckStatusChange(s store.KVStore, code string, to types.ParticipantStatus) (*types.Participant, error) {
	p, ok := k.Participant(s, code)
	if !ok {
		return nil, types.ErrUnknownParticipant.Wrap(code)
	}
	active := p.Status == types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE
	suspended := p.Status == types.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED
	allowed := (to == types.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED && active) ||
		(to == types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE && suspended) ||
		(to == types.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED && (active || suspended))
	if !allowed {
		return nil, types.ErrParticipantStatus.Wrapf("%s is %s: cannot become %s", code, p.Status.Name(), to.Name())
	}
	return p, nil
}

// RotateValidator replaces a participant's validator key.
func (k Keeper) RotateValidator(ctx *module.Context, code string, pubKey []byte) error {
	if err := k.CheckRotation(ctx.Store, code, pubKey); err != nil {
		return err
	}
	k.replaceValidator(ctx.Store, code, pubKey)
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionValidatorRotated), module.Attr(types.AttributeParticipant, code))
	return nil
}

// CheckRotation checks a validator key rotation against the state.
func (k Keeper) CheckRotation(s store.KVStore, code string, pubKey []byte) error {
	v, ok := k.Validator(s, code)
	if !ok {
		return types.ErrNoValidator.Wrap(code)
	}
	if string(v.PubKey) == string(pubKey) {
		return types.ErrValidatorKeyTaken.Wrap("the new key is the current one")
	}
	return k.CheckValidatorKey(s, code, pubKey)
}

// replaceValidator gives a participant a validator key, dropping the index of
// its former key.
func (k Keeper) replaceValidator(s store.KVStore, code string, pubKey []byte) {
	if old, ok := k.Validator(s, code); ok {
		types.Store(s).Delete(types.ValidatorPubKeyKey(old.PubKey))
	}
	k.setValidator(s, &types.Validator{Participant: code, PubKey: pubKey, Power: types.ValidatorPower})
}
