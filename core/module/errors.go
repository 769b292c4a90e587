package module

import "github.com/kpledger/kpledger/core/refusal"

// Refusals of queries, codes 30–39 of the app's range.
var (
	ErrUnknownQuery      = refusal.Register("app", 30, "unknown query path")
	ErrBadQueryRequest   = refusal.Register("app", 31, "undecodable query request")
	ErrHeightUnavailable = refusal.Register("app", 32, "height not available")
)
