package types

import "github.com/kpledger/kpledger/app/refusal"

// Refusals of the plenary module, codes 400–499.
var (
	ErrInvalidGenesis = refusal.Register(ModuleName, 401, "invalid plenary genesis")
	ErrNoChairTerm    = refusal.Register(ModuleName, 402, "no chair recorded for that year")
	ErrNotVoting      = refusal.Register(ModuleName, 403, "not a voting participant")
	ErrInvalidYear    = refusal.Register(ModuleName, 404, "invalid year")
)
