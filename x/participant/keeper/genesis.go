package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/app/codec"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/store"
	"github.com/kpledger/kpledger/x/participant/types"
)

// DefaultGenesis is an empty registry: `kpd genesis add-*` fills it.
func DefaultGenesis() json.RawMessage {
	bz, err := codec.MarshalGenesisJSON(&types.GenesisState{})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads and checks the participant section of app_state: unknown
// fields, unknown names, duplicates and dangling references are refused.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	var gs types.GenesisState
	if len(bytes.TrimSpace(section)) > 0 {
		if err := codec.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	if err := ValidateGenesis(&gs); err != nil {
		return nil, err
	}
	return &gs, nil
}

// ValidateGenesis checks a genesis registry without a store.
func ValidateGenesis(gs *types.GenesisState) error {
	participants := map[string]*types.Participant{}
	for i := range gs.Participants {
		p := &gs.Participants[i]
		if err := types.ValidateParticipantCode(p.Code); err != nil {
			return err
		}
		if _, dup := participants[p.Code]; dup {
			return types.ErrInvalidGenesis.Wrapf("participant %s listed twice", p.Code)
		}
		if err := types.ValidateName(p.Name); err != nil {
			return types.ErrInvalidGenesis.Wrapf("participant %s: %v", p.Code, err)
		}
		if _, ok := types.ParticipantKind_name[int32(p.Kind)]; !ok || p.Kind == types.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED {
			return types.ErrInvalidKind.Wrapf("participant %s", p.Code)
		}
		if _, ok := types.ParticipantStatus_name[int32(p.Status)]; !ok || p.Status == types.ParticipantStatus_PARTICIPANT_STATUS_UNSPECIFIED {
			return types.ErrInvalidGenesis.Wrapf("participant %s has no status", p.Code)
		}
		participants[p.Code] = p
	}
	observers := map[string]bool{}
	for _, o := range gs.Observers {
		if err := types.ValidateObserverCode(o.Code); err != nil {
			return err
		}
		if observers[o.Code] {
			return types.ErrInvalidGenesis.Wrapf("observer %s listed twice", o.Code)
		}
		if err := types.ValidateName(o.Name); err != nil {
			return types.ErrInvalidGenesis.Wrapf("observer %s: %v", o.Code, err)
		}
		if _, ok := types.ObserverKind_name[int32(o.Kind)]; !ok || o.Kind == types.ObserverKind_OBSERVER_KIND_UNSPECIFIED {
			return types.ErrInvalidKind.Wrapf("observer %s", o.Code)
		}
		observers[o.Code] = true
	}
	addresses := map[string]bool{}
	for _, rk := range gs.Keys {
		if err := validateGenesisKey(&rk, participants, observers); err != nil {
			return err
		}
		address := types.AddressHex(types.AddressOf(rk.PubKey))
		if addresses[address] {
			return types.ErrInvalidGenesis.Wrapf("key %s listed twice", address)
		}
		addresses[address] = true
	}
	validators, validatorKeys := map[string]bool{}, map[string]bool{}
	for _, v := range gs.Validators {
		p, ok := participants[v.Participant]
		switch {
		case !ok:
			return types.ErrUnknownParticipant.Wrapf("validator of %s", v.Participant)
		case p.Kind == types.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY:
			return types.ErrInvalidGenesis.Wrapf("%s is a trading entity: it does not validate", p.Code)
		case p.Status != types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE:
			return types.ErrInvalidGenesis.Wrapf("%s is %s: only active participants validate", p.Code, p.Status.Name())
		case validators[v.Participant]:
			return types.ErrInvalidGenesis.Wrapf("%s has two validators", v.Participant)
		case v.Power != types.ValidatorPower:
			return types.ErrInvalidGenesis.Wrapf("validator of %s has power %d, every validator has %d", v.Participant, v.Power, types.ValidatorPower)
		}
		if err := types.ValidatePubKey(v.PubKey); err != nil {
			return types.ErrInvalidGenesis.Wrapf("validator of %s: %v", v.Participant, err)
		}
		if validatorKeys[string(v.PubKey)] {
			return types.ErrValidatorKeyTaken.Wrapf("validator of %s", v.Participant)
		}
		validators[v.Participant], validatorKeys[string(v.PubKey)] = true, true
	}
	return nil
}

func validateGenesisKey(rk *types.RegisteredKey, participants map[string]*types.Participant, observers map[string]bool) error {
	if err := types.ValidatePubKey(rk.PubKey); err != nil {
		return types.ErrInvalidGenesis.Wrapf("key of %s%s: %v", rk.Participant, rk.Observer, err)
	}
	address := types.AddressHex(types.AddressOf(rk.PubKey))
	if rk.Address != "" && rk.Address != address {
		return types.ErrInvalidGenesis.Wrapf("key %s: address does not match its public key (%s)", rk.Address, address)
	}
	if err := types.ValidateName(rk.Name); err != nil {
		return types.ErrInvalidGenesis.Wrapf("key %s: %v", address, err)
	}
	switch {
	case rk.Role == types.Role_ROLE_OBSERVER:
		if !observers[rk.Observer] || rk.Participant != "" {
			return types.ErrUnknownObserver.Wrapf("key %s names observer %q", address, rk.Observer)
		}
	case rk.Role.IsOfficer() || rk.Role.IsOperator():
		if participants[rk.Participant] == nil || rk.Observer != "" {
			return types.ErrUnknownParticipant.Wrapf("key %s names participant %q", address, rk.Participant)
		}
	default:
		return types.ErrInvalidRole.Wrapf("key %s", address)
	}
	return nil
}

// InitGenesis writes the registry. InitChain's buffer applies the writes in key
// order, so the tree does not depend on how the file lists them. Keys become
// active at the genesis height.
func (k Keeper) InitGenesis(ctx *ledger.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	for i := range gs.Participants {
		k.SetParticipant(ctx.Store, &gs.Participants[i])
	}
	for i := range gs.Observers {
		store.Save(types.Store(ctx.Store), types.ObserverKey(gs.Observers[i].Code), &gs.Observers[i])
	}
	for i := range gs.Keys {
		rk := &gs.Keys[i]
		rk.Address = types.AddressHex(types.AddressOf(rk.PubKey))
		rk.Status, rk.AddedHeight, rk.RevokedHeight, rk.ReplacedBy = types.KeyStatus_KEY_STATUS_ACTIVE, ctx.Height, 0, ""
	}
	for i := range gs.Keys {
		k.setKey(ctx.Store, &gs.Keys[i])
	}
	for i := range gs.Validators {
		k.setValidator(ctx.Store, &gs.Validators[i])
	}
	return nil
}
