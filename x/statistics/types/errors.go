package types

import "github.com/kpledger/kpledger/app/refusal"

// Refusals of the statistics module, codes 300–399.
var (
	ErrInvalidPeriod      = refusal.Register(ModuleName, 301, "invalid period")
	ErrPeriodNotStarted   = refusal.Register(ModuleName, 302, "period has not started")
	ErrNegativeProduction = refusal.Register(ModuleName, 303, "production figures cannot be negative")
	ErrParticipantStatus  = refusal.Register(ModuleName, 304, "participant may not report")
	ErrInvalidNote        = refusal.Register(ModuleName, 305, "invalid note")
	ErrInvalidQuery       = refusal.Register(ModuleName, 306, "invalid statistics query")
	ErrInvalidGenesis     = refusal.Register(ModuleName, 307, "invalid statistics genesis")
)
