package app

import (
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Registry is what the app needs of the participant module beyond the module
// contract: the registered key behind a signer's address (to authorise every
// transaction) and the validator set the state holds (to send CometBFT the
// difference after each block).
type Registry interface {
	Key(s store.KVStore, address []byte) (*participanttypes.RegisteredKey, bool)
	ActiveValidators(s store.KVStore) []participanttypes.Validator
}
