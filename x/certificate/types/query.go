package types

// The paths of the module's Query service (proto/kpledger/certificate/v1/query.proto),
// /kpledger.certificate.v1.Query/<Method>: the request goes in the ABCI query's data,
// the response comes back in its value. app's TestQueryPathsAreTheProtoServices
// checks that the app routes exactly the services' methods.
const (
	QueryCertificate  = "/kpledger.certificate.v1.Query/Certificate"
	QueryCertificates = "/kpledger.certificate.v1.Query/Certificates"
	QueryTrace        = "/kpledger.certificate.v1.Query/Trace"
	QueryEmbargoes    = "/kpledger.certificate.v1.Query/Embargoes"
	QueryListings     = "/kpledger.certificate.v1.Query/Listings"
	QueryParams       = "/kpledger.certificate.v1.Query/Params"
	QueryStock        = "/kpledger.certificate.v1.Query/Stock"
)

// Listing bounds of the module's queries.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
	// MaxTraceNodes bounds a provenance tree's answer.
	MaxTraceNodes = 1000
)
