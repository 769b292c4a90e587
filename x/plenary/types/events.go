package types

// Events: every event of the module has type ModuleName and concerns one
// proposal: its id (indexed: `tx_search "plenary.proposal_id='7'"`), the
// action ("proposed", "voted", "withdrew-objection", "consensus-declared",
// "closed", "translated"), the decision's kind and the proposal's status; a
// decision that failed at execution carries the refusal's text in failure
// (never stored in state). A session's opening and closing are events of the
// same type with session_id and the action "session-opened" or
// "session-closed".
const (
	AttributeProposalID = "proposal_id"
	AttributeKind       = "kind"
	AttributeStatus     = "status"
	AttributeFailure    = "failure"
	AttributeSessionID  = "session_id"

	ActionProposed   = "proposed"
	ActionVoted      = "voted"
	ActionClosed     = "closed"
	ActionTranslated = "translated"
	ActionWithdrew   = "withdrew-objection"
	ActionDeclared   = "consensus-declared"
	ActionOpened     = "session-opened"
	ActionAdjourned  = "session-closed"
)
