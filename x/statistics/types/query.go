package types

// The paths of the module's Query service (proto/kpledger/statistics/v1/query.proto),
// /kpledger.statistics.v1.Query/<Method>: the request goes in the ABCI query's data,
// the response comes back in its value. app's TestQueryPathsAreTheProtoServices
// checks that the app routes exactly the services' methods.
const (
	QueryTrade         = "/kpledger.statistics.v1.Query/Trade"
	QueryProduction    = "/kpledger.statistics.v1.Query/Production"
	QueryAnnual        = "/kpledger.statistics.v1.Query/Annual"
	QueryDiscrepancies = "/kpledger.statistics.v1.Query/Discrepancies"
	QueryOverdue       = "/kpledger.statistics.v1.Query/Overdue"
	QueryNonSubmitters = "/kpledger.statistics.v1.Query/NonSubmitters"
	QueryParams        = "/kpledger.statistics.v1.Query/Params"
	QueryOverdueRates  = "/kpledger.statistics.v1.Query/OverdueRates"
	QueryMassBalance   = "/kpledger.statistics.v1.Query/MassBalance"
)

// Listing bounds of the module's queries.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
)
