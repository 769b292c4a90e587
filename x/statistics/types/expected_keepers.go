package types

import (
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// ParticipantSource is what the statistics module needs of the participant
// module.
type ParticipantSource interface {
	Participant(s store.KVStore, code string) (*participanttypes.Participant, bool)
	Participants(s store.KVStore) []participanttypes.Participant
}
