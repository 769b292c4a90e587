package types

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/store"
)

// ModuleName is the module's name: codespace, genesis section and event prefix.
const ModuleName = "participant"

// StorePrefix is the participant module's one-byte prefix in the IAVL tree.
// Store keys are a public contract (/store/key queries read them):
//
//	0x10 0x01 CODE                 → Participant
//	0x10 0x02 CODE                 → Observer
//	0x10 0x03 ADDRESS(20)          → RegisteredKey
//	0x10 0x04 LEN CODE ADDRESS(20) → 0x01: index of a participant's keys
//	0x10 0x05 CODE                 → Validator
//	0x10 0x06 PUBKEY(32)           → CODE: which participant holds a validator key
//	0x10 0x07 LEN CODE ADDRESS(20) → 0x01: index of an observer's keys
//
// Participant codes (ISO 3166-1 alpha-2) and observer codes may coincide (GW is
// Guinea-Bissau and Global Witness), hence the two key indexes.
const StorePrefix byte = 0x10

const (
	participantPrefix  byte = 0x01
	observerPrefix     byte = 0x02
	keyPrefix          byte = 0x03
	holderKeysPrefix   byte = 0x04
	validatorPrefix    byte = 0x05
	validatorKeyIndex  byte = 0x06
	observerKeysPrefix byte = 0x07
)

// Store returns the module's view of the app store.
func Store(s store.KVStore) store.KVStore { return store.NewPrefix(s, []byte{StorePrefix}) }

// ParticipantKey is the key of a participant record, within the module's store.
func ParticipantKey(code string) []byte { return append([]byte{participantPrefix}, code...) }

// ParticipantsPrefix is the prefix of every participant record.
func ParticipantsPrefix() []byte { return []byte{participantPrefix} }

// ObserverKey is the key of an observer record.
func ObserverKey(code string) []byte { return append([]byte{observerPrefix}, code...) }

// ObserversPrefix is the prefix of every observer record.
func ObserversPrefix() []byte { return []byte{observerPrefix} }

// RegisteredKeyKey is the key of a registered signing key's record.
func RegisteredKeyKey(address []byte) []byte { return append([]byte{keyPrefix}, address...) }

// ParticipantKeysPrefix is the prefix of the index of one participant's keys.
func ParticipantKeysPrefix(code string) []byte { return holderPrefix(holderKeysPrefix, code) }

// ObserverKeysPrefix is the prefix of the index of one observer's keys.
func ObserverKeysPrefix(code string) []byte { return holderPrefix(observerKeysPrefix, code) }

func holderPrefix(index byte, code string) []byte {
	k := make([]byte, 0, 2+len(code)+20)
	return append(append(k, index, byte(len(code))), code...)
}

// HolderIndexKey is the entry of a key in its holder's index.
func HolderIndexKey(key *RegisteredKey, address []byte) []byte {
	if key.Role == envelope.Role_ROLE_OBSERVER {
		return append(ObserverKeysPrefix(key.Observer), address...)
	}
	return append(ParticipantKeysPrefix(key.Participant), address...)
}

// ValidatorKey is the key of a participant's validator record.
func ValidatorKey(code string) []byte { return append([]byte{validatorPrefix}, code...) }

// ValidatorsPrefix is the prefix of every validator record.
func ValidatorsPrefix() []byte { return []byte{validatorPrefix} }

// ValidatorPubKeyKey indexes a validator key to the participant holding it.
func ValidatorPubKeyKey(pubKey []byte) []byte { return append([]byte{validatorKeyIndex}, pubKey...) }

// ValidatorPower is every validator's voting power: one participant, one voice.
const ValidatorPower int64 = 10
