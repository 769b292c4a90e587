package types

// Events: every event of the module has type ModuleName and an action.
const (
	AttributeParticipant = "participant"
	AttributePeriod      = "period"
	AttributeVersion     = "version"
	AttributeRule        = "rule"
	AttributeNumber      = "number"

	ActionProductionReported     = "production_reported"
	ActionProductionNotSubmitted = "production_not_submitted"
	ActionDiscrepancyFlagged     = "discrepancy_flagged"
	ActionMassBalanceExceeded    = "mass_balance_exceeded"
	ActionFlagFollowedUp         = "flag_followed_up"
	// ActionSumSaturated: block-time work met a sum that would overflow and
	// left it at its bound (keeper/sums.go).
	ActionSumSaturated = "sum_saturated"

	AttributeYear    = "year"
	AttributeOrigins = "origins"
	AttributeKind    = "kind"
	AttributeStatus  = "status"
	AttributeRecord  = "record"
)
