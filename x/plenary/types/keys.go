package types

import (
	"encoding/binary"

	"github.com/kpledger/kpledger/app/store"
)

// ModuleName is the module's name: codespace, genesis section, event prefix.
const ModuleName = "plenary"

// StorePrefix is the plenary module's one-byte prefix. Store keys:
//
//	0x40 0x01 YEAR(uint32 BE) → ChairTerm
const StorePrefix byte = 0x40

const chairPrefix byte = 0x01

// Store returns the module's view of the app store.
func Store(s store.KVStore) store.KVStore { return store.NewPrefix(s, []byte{StorePrefix}) }

// ChairKey is the key of a year's chair term.
func ChairKey(year uint32) []byte { return binary.BigEndian.AppendUint32([]byte{chairPrefix}, year) }

// ChairsPrefix is the prefix of every chair term.
func ChairsPrefix() []byte { return []byte{chairPrefix} }
