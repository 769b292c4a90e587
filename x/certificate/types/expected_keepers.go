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
// A hook called in a transaction may refuse it — its figures would overflow
// (reliability review D9) — and the keeper returns the refusal: the app
// discards everything the transaction wrote. A hook called in block-time
// work (AfterOverdue, AfterExpired) cannot refuse: the transition happens,
// and the hook must keep its figures some deterministic way that never fails
// a block.
type Hooks interface {
	AfterIssued(ctx *module.Context, c *Certificate) error
	AfterVoided(ctx *module.Context, c *Certificate) error
	AfterReceived(ctx *module.Context, c *Certificate) error
	AfterRejected(ctx *module.Context, c *Certificate) error
	// AfterReleased: a rejected certificate, rejected at rejectedAt, was
	// released after remedy and is now received.
	AfterReleased(ctx *module.Context, c *Certificate, rejectedAt int64) error
	AfterOverdue(ctx *module.Context, c *Certificate)
	AfterExpired(ctx *module.Context, c *Certificate)
	// AfterStockDeclared: a participant declared an opening stock (in a
	// transaction or in genesis, which then fails).
	AfterStockDeclared(ctx *module.Context, d *StockDeclaration) error
}
