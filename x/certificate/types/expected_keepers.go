package types

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
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
	AfterIssued(ctx *module.Context, c *Certificate)
	AfterVoided(ctx *module.Context, c *Certificate)
	AfterReceived(ctx *module.Context, c *Certificate)
	AfterRejected(ctx *module.Context, c *Certificate)
	// AfterReleased: a rejected certificate, rejected at rejectedAt, was
	// released after remedy and is now received.
	AfterReleased(ctx *module.Context, c *Certificate, rejectedAt int64)
	AfterOverdue(ctx *module.Context, c *Certificate)
	AfterExpired(ctx *module.Context, c *Certificate)
	// AfterStockDeclared: a participant declared an opening stock.
	AfterStockDeclared(ctx *module.Context, d *StockDeclaration)
}
