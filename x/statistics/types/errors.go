package types

import "github.com/kpledger/kpledger/core/refusal"

// Refusals of the statistics module, codes 300–399.
var (
	ErrInvalidPeriod        = refusal.Register(ModuleName, 301, "invalid period")
	ErrPeriodNotEnded       = refusal.Register(ModuleName, 302, "period has not ended")
	ErrProductionOutOfRange = refusal.Register(ModuleName, 303, "production figures must be between zero and the ledger's bound")
	ErrParticipantStatus    = refusal.Register(ModuleName, 304, "participant may not report")
	ErrInvalidNote          = refusal.Register(ModuleName, 305, "invalid note")
	ErrInvalidQuery         = refusal.Register(ModuleName, 306, "invalid statistics query")
	ErrInvalidGenesis       = refusal.Register(ModuleName, 307, "invalid statistics genesis")
	ErrInvalidParams        = refusal.Register(ModuleName, 308, "invalid monitoring parameters")
	ErrInvalidFollowUp      = refusal.Register(ModuleName, 309, "invalid follow-up of a flag")
	ErrFlagNotFound         = refusal.Register(ModuleName, 310, "no such flag")
	ErrNotFlagged           = refusal.Register(ModuleName, 311, "the signer's participant is not the one flagged")
	ErrFlagClosed           = refusal.Register(ModuleName, 312, "flag closed: its follow-up is final")
	// ErrSumOverflow refuses a transaction (or answers a query) whose
	// statistics sum would not fit int64 (reliability review D9): a figure is
	// never stored or shown wrapped.
	ErrSumOverflow = refusal.Register(ModuleName, 313, "a statistics sum would overflow")
)
