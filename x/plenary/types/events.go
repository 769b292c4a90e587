package types

// Events: every event of the module has type ModuleName and concerns one
// proposal: its id (indexed: `tx_search "plenary.proposal_id='7'"`), the
// action ("proposed", "voted", "closed", "translated"), the decision's kind
// and the proposal's status; a decision that failed at execution carries
// the refusal's text in failure (never stored in state).
const (
	AttributeProposalID = "proposal_id"
	AttributeKind       = "kind"
	AttributeStatus     = "status"
	AttributeFailure    = "failure"

	ActionProposed   = "proposed"
	ActionVoted      = "voted"
	ActionClosed     = "closed"
	ActionTranslated = "translated"
)
