package types

// Events: every event of the module has type ModuleName and concerns one
// proposal: its id (indexed: `tx_search "plenary.proposal_id='7'"`), the
// action ("proposed", "voted", "withdrew-objection", "consensus-declared",
// "closed", "translated", "translation-replaced"), the decision's kind and the proposal's status; a
// decision that failed at execution carries the refusal's text in failure
// (never stored in state). A session's opening and closing are events of the
// same type with session_id and the action "session-opened" or
// "session-closed"; a peer review's steps carry review_id, participant (the
// participant reviewed) and the action "review-invited", "visit-scheduled",
// "visit-reported", "steps-reported" or "recommendation-tracked".
const (
	AttributeProposalID  = "proposal_id"
	AttributeKind        = "kind"
	AttributeStatus      = "status"
	AttributeFailure     = "failure"
	AttributeSessionID   = "session_id"
	AttributeReviewID    = "review_id"
	AttributeParticipant = "participant"

	ActionProposed   = "proposed"
	ActionVoted      = "voted"
	ActionClosed     = "closed"
	ActionTranslated = "translated"
	// ActionRetranslated: a text replaced in a language it had.
	ActionRetranslated = "translation-replaced"
	ActionWithdrew     = "withdrew-objection"
	ActionDeclared     = "consensus-declared"
	ActionOpened       = "session-opened"
	ActionAdjourned    = "session-closed"

	ActionReviewInvited         = "review-invited"
	ActionVisitScheduled        = "visit-scheduled"
	ActionVisitReported         = "visit-reported"
	ActionStepsReported         = "steps-reported"
	ActionRecommendationTracked = "recommendation-tracked"
)
