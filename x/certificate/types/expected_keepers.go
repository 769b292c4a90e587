package types

import (
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// ParticipantSource is what the certificate module needs of the participant
// module: participants and their status, and registered keys.
type ParticipantSource interface {
	Participant(s store.KVStore, code string) (*participanttypes.Participant, bool)
	Key(s store.KVStore, address []byte) (*participanttypes.RegisteredKey, bool)
}

// Hooks are told of every certificate transition, inside the transaction or
// block work that makes it (the statistics module keeps its figures this way).
// They cannot refuse: a transition that passed the certificate rules happens.
type Hooks interface {
	AfterIssued(ctx *ledger.Context, c *Certificate)
	AfterVoided(ctx *ledger.Context, c *Certificate)
	AfterReceived(ctx *ledger.Context, c *Certificate)
	AfterRejected(ctx *ledger.Context, c *Certificate)
	AfterOverdue(ctx *ledger.Context, c *Certificate)
	AfterExpired(ctx *ledger.Context, c *Certificate)
}
