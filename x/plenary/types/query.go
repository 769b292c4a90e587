package types

// The paths of the module's Query service (proto/kpledger/plenary/v1/query.proto),
// /kpledger.plenary.v1.Query/<Method>: the request goes in the ABCI query's data,
// the response comes back in its value. app's TestQueryPathsAreTheProtoServices
// checks that the app routes exactly the services' methods.
const (
	QueryChair     = "/kpledger.plenary.v1.Query/Chair"
	QueryChairs    = "/kpledger.plenary.v1.Query/Chairs"
	QueryProposal  = "/kpledger.plenary.v1.Query/Proposal"
	QueryProposals = "/kpledger.plenary.v1.Query/Proposals"
	QueryReviews   = "/kpledger.plenary.v1.Query/Reviews"
	QueryParams    = "/kpledger.plenary.v1.Query/Params"
	QueryBodies    = "/kpledger.plenary.v1.Query/Bodies"
	QueryBody      = "/kpledger.plenary.v1.Query/Body"
	QueryDecision  = "/kpledger.plenary.v1.Query/Decision"
	QuerySessions  = "/kpledger.plenary.v1.Query/Sessions"
)

// Listing bounds of the module's queries.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)
