package types

import "github.com/kpledger/kpledger/core/envelope"

// DefaultGenesis is an empty registry: `kpd genesis add-*` fills it.
func DefaultGenesis() GenesisState { return GenesisState{} }

// Validate checks a genesis registry without a store: unknown names,
// duplicates and dangling references are refused.
func (gs *GenesisState) Validate() error {
	participants := map[string]*Participant{}
	for i := range gs.Participants {
		p := &gs.Participants[i]
		if err := ValidateParticipantCode(p.Code); err != nil {
			return err
		}
		if _, dup := participants[p.Code]; dup {
			return ErrInvalidGenesis.Wrapf("participant %s listed twice", p.Code)
		}
		if err := ValidateName(p.Name); err != nil {
			return ErrInvalidGenesis.Wrapf("participant %s: %v", p.Code, err)
		}
		if _, ok := ParticipantKind_name[int32(p.Kind)]; !ok || p.Kind == ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED {
			return ErrInvalidKind.Wrapf("participant %s", p.Code)
		}
		if _, ok := ParticipantStatus_name[int32(p.Status)]; !ok || p.Status == ParticipantStatus_PARTICIPANT_STATUS_UNSPECIFIED {
			return ErrInvalidGenesis.Wrapf("participant %s has no status", p.Code)
		}
		if err := ValidateTimeZone(p.TimeZone); err != nil {
			return ErrInvalidGenesis.Wrapf("participant %s: %v", p.Code, err)
		}
		participants[p.Code] = p
	}
	observers := map[string]bool{}
	for _, o := range gs.Observers {
		if err := ValidateObserverCode(o.Code); err != nil {
			return err
		}
		if observers[o.Code] {
			return ErrInvalidGenesis.Wrapf("observer %s listed twice", o.Code)
		}
		if err := ValidateName(o.Name); err != nil {
			return ErrInvalidGenesis.Wrapf("observer %s: %v", o.Code, err)
		}
		if _, ok := ObserverKind_name[int32(o.Kind)]; !ok || o.Kind == ObserverKind_OBSERVER_KIND_UNSPECIFIED {
			return ErrInvalidKind.Wrapf("observer %s", o.Code)
		}
		observers[o.Code] = true
	}
	addresses := map[string]bool{}
	for _, rk := range gs.Keys {
		if err := validateGenesisKey(&rk, participants, observers); err != nil {
			return err
		}
		address := envelope.AddressHex(envelope.AddressOf(rk.PubKey))
		if addresses[address] {
			return ErrInvalidGenesis.Wrapf("key %s listed twice", address)
		}
		addresses[address] = true
	}
	validators, validatorKeys := map[string]bool{}, map[string]bool{}
	for _, v := range gs.Validators {
		p, ok := participants[v.Participant]
		switch {
		case !ok:
			return ErrUnknownParticipant.Wrapf("validator of %s", v.Participant)
		case p.Kind == ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY:
			return ErrInvalidGenesis.Wrapf("%s is a trading entity: it does not validate", p.Code)
		case p.Status != ParticipantStatus_PARTICIPANT_STATUS_ACTIVE:
			return ErrInvalidGenesis.Wrapf("%s is %s: only active participants validate", p.Code, p.Status.Name())
		case validators[v.Participant]:
			return ErrInvalidGenesis.Wrapf("%s has two validators", v.Participant)
		case v.Power != ValidatorPower:
			return ErrInvalidGenesis.Wrapf("validator of %s has power %d, every validator has %d", v.Participant, v.Power, ValidatorPower)
		}
		if err := ValidatePubKey(v.PubKey); err != nil {
			return ErrInvalidGenesis.Wrapf("validator of %s: %v", v.Participant, err)
		}
		if validatorKeys[string(v.PubKey)] {
			return ErrValidatorKeyTaken.Wrapf("validator of %s", v.Participant)
		}
		validators[v.Participant], validatorKeys[string(v.PubKey)] = true, true
	}
	return nil
}

func validateGenesisKey(rk *RegisteredKey, participants map[string]*Participant, observers map[string]bool) error {
	if err := ValidatePubKey(rk.PubKey); err != nil {
		return ErrInvalidGenesis.Wrapf("key of %s%s: %v", rk.Participant, rk.Observer, err)
	}
	address := envelope.AddressHex(envelope.AddressOf(rk.PubKey))
	if rk.Address != "" && rk.Address != address {
		return ErrInvalidGenesis.Wrapf("key %s: address does not match its public key (%s)", rk.Address, address)
	}
	if err := ValidateName(rk.Name); err != nil {
		return ErrInvalidGenesis.Wrapf("key %s: %v", address, err)
	}
	switch {
	case rk.Role == envelope.Role_ROLE_OBSERVER:
		if !observers[rk.Observer] || rk.Participant != "" {
			return ErrUnknownObserver.Wrapf("key %s names observer %q", address, rk.Observer)
		}
	case rk.Role.IsOfficer() || rk.Role.IsOperator():
		if participants[rk.Participant] == nil || rk.Observer != "" {
			return ErrUnknownParticipant.Wrapf("key %s names participant %q", address, rk.Participant)
		}
	default:
		return ErrInvalidRole.Wrapf("key %s", address)
	}
	return nil
}
