package types

// Events: every event of the module has type ModuleName and an action. A
// certificate's transition names the event kind (EventKind.Name: "issued",
// "received", ...) and carries its number, issuer, destination and status;
// the number is indexed, so `tx_search "certificate.number='BW-2005-1'"`
// finds every transaction that touched a certificate.
const (
	AttributeNumber      = "number"
	AttributeIssuer      = "issuer"
	AttributeDestination = "destination"
	AttributeStatus      = "status"
	AttributeOrigin      = "origin"
	AttributeParticipant = "participant"

	ActionEmbargoImposed = "embargo_imposed"
	ActionEmbargoLifted  = "embargo_lifted"
	ActionStockDeclared  = "stock_declared"
	// ActionListed and ActionDelisted: an entry put on or taken off one of
	// the plenary's lists (attribute list: vigilance or illicit-operator).
	ActionListed   = "listed"
	ActionDelisted = "delisted"
)
