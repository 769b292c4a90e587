package types

// The paths of the module's Query service (proto/kpledger/participant/v1/query.proto),
// /kpledger.participant.v1.Query/<Method>: the request goes in the ABCI query's data,
// the response comes back in its value. app's TestQueryPathsAreTheProtoServices
// checks that the app routes exactly the services' methods.
const (
	QueryParticipant   = "/kpledger.participant.v1.Query/Participant"
	QueryParticipants  = "/kpledger.participant.v1.Query/Participants"
	QueryObservers     = "/kpledger.participant.v1.Query/Observers"
	QueryKey           = "/kpledger.participant.v1.Query/Key"
	QueryKeysByAddress = "/kpledger.participant.v1.Query/KeysByAddress"
	QueryOfficer       = "/kpledger.participant.v1.Query/Officer"
	QueryOfficers      = "/kpledger.participant.v1.Query/Officers"
	QueryOperator      = "/kpledger.participant.v1.Query/Operator"
	QueryOperators     = "/kpledger.participant.v1.Query/Operators"
	QueryValidators    = "/kpledger.participant.v1.Query/Validators"
)

// MaxKeysByAddress bounds the addresses of one KeysByAddress query.
const MaxKeysByAddress = 64
