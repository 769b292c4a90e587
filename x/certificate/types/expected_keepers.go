package types

import (
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// ParticipantSource is what the certificate module needs of the participant
// module: participants and their status, and registered keys.
type ParticipantSource interface {
	Participant(s store.KVStore, code string) (*participanttypes.Participant, bool)
	Key(s store.KVStore, address []byte) (*participanttypes.RegisteredKey, bool)
}
