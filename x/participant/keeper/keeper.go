package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/participant/types"
)

// A Keeper is its module as the app knows it (app/modules.go).
var (
	_ module.Module = Keeper{}
)

// Name is the module's name: codespace, app_state section, event type.
func (Keeper) Name() string { return types.ModuleName }

// StorePrefix is the one-byte prefix of every key the module writes.
func (Keeper) StorePrefix() byte { return types.StorePrefix }

// Keeper reads and writes the participant module's part of a store. It holds
// no state of its own: every method takes the store of the moment.
type Keeper struct{}

// Register adds the module's messages and queries to the routers.
func (k Keeper) Register(msgs *module.MsgRouter, queries *module.QueryRouter) {
	k.registerMsgs(msgs)
	k.registerQueries(queries)
}

// Participant returns a participant by code.
func (Keeper) Participant(s store.KVStore, code string) (*types.Participant, bool) {
	var p types.Participant
	return &p, store.Load(types.Store(s), types.ParticipantKey(code), &p)
}

// SetParticipant writes a participant record.
func (Keeper) SetParticipant(s store.KVStore, p *types.Participant) {
	store.Save(types.Store(s), types.ParticipantKey(p.Code), p)
}

// Participants lists every participant in code order.
func (Keeper) Participants(s store.KVStore) []types.Participant {
	return store.LoadAll[types.Participant](types.Store(s), types.ParticipantsPrefix())
}

// Observer returns an observer by code.
func (Keeper) Observer(s store.KVStore, code string) (*types.Observer, bool) {
	var o types.Observer
	return &o, store.Load(types.Store(s), types.ObserverKey(code), &o)
}

// Observers lists every observer in code order.
func (Keeper) Observers(s store.KVStore) []types.Observer {
	return store.LoadAll[types.Observer](types.Store(s), types.ObserversPrefix())
}

// Key returns a registered key by address, active or revoked.
func (Keeper) Key(s store.KVStore, address []byte) (*types.RegisteredKey, bool) {
	var rk types.RegisteredKey
	return &rk, store.Load(types.Store(s), types.RegisteredKeyKey(address), &rk)
}

// setKey writes a key record and its holder index entry.
func (Keeper) setKey(s store.KVStore, rk *types.RegisteredKey) {
	ms := types.Store(s)
	address, err := types.ParseAddress(rk.Address)
	if err != nil {
		panic(err) // addresses are derived by this module, never taken from input
	}
	store.Save(ms, types.RegisteredKeyKey(address), rk)
	ms.Set(types.HolderIndexKey(rk, address), store.Present)
}

// HolderKeys lists the keys of a participant (or, with observer true, of an
// observer) in address order.
func (k Keeper) HolderKeys(s store.KVStore, code string, observer bool) []types.RegisteredKey {
	ms := types.Store(s)
	prefix := types.ParticipantKeysPrefix(code)
	if observer {
		prefix = types.ObserverKeysPrefix(code)
	}
	it := ms.Iterator(prefix, store.PrefixEnd(prefix))
	defer it.Close()
	var keys []types.RegisteredKey
	for ; it.Valid(); it.Next() {
		rk, ok := k.Key(s, it.Key()[len(prefix):])
		if !ok {
			panic("participant: key index names a missing key")
		}
		keys = append(keys, *rk)
	}
	return keys
}

// Validator returns a participant's validator.
func (Keeper) Validator(s store.KVStore, code string) (*types.Validator, bool) {
	var v types.Validator
	return &v, store.Load(types.Store(s), types.ValidatorKey(code), &v)
}

// Validators lists every participant's validator record, in participant
// order, whatever the participant's status.
func (Keeper) Validators(s store.KVStore) []types.Validator {
	return store.LoadAll[types.Validator](types.Store(s), types.ValidatorsPrefix())
}

// ActiveValidators is the validator set: the validators of active
// participants. A suspended or expelled participant's validator leaves the set
// and a reinstated one's comes back, by status alone.
func (k Keeper) ActiveValidators(s store.KVStore) []types.Validator {
	var active []types.Validator
	for _, v := range k.Validators(s) {
		p, ok := k.Participant(s, v.Participant)
		if ok && p.Status == types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE && p.Kind != types.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			active = append(active, v)
		}
	}
	return active
}

// setValidator writes a validator and the index of its key.
func (Keeper) setValidator(s store.KVStore, v *types.Validator) {
	ms := types.Store(s)
	store.Save(ms, types.ValidatorKey(v.Participant), v)
	ms.Set(types.ValidatorPubKeyKey(v.PubKey), []byte(v.Participant))
}

// ValidatorHolder returns the participant holding a validator key.
func (Keeper) ValidatorHolder(s store.KVStore, pubKey []byte) (string, bool) {
	code := types.Store(s).Get(types.ValidatorPubKeyKey(pubKey))
	return string(code), code != nil
}
