package types

import (
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// ParticipantSource is what the statistics module needs of the participant
// module.
type ParticipantSource interface {
	Participant(s store.KVStore, code string) (*participanttypes.Participant, bool)
	Participants(s store.KVStore) []participanttypes.Participant
}

// StockSource is what the statistics module reads of the certificate
// module: a participant's stock of an origin set (the mass balance's opening
// stock).
type StockSource interface {
	Stock(s store.KVStore, participant string, origins []string) certtypes.Stock
}
