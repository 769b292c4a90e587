package types

// Events: every event of the module has type ModuleName, an action and the
// participant it concerns; key events carry the key's address and role.
const (
	AttributeParticipant = "participant"
	AttributeAddress     = "address"
	AttributeRole        = "role"
	AttributeReplaces    = "replaces"

	ActionParticipantAdmitted = "participant_admitted"
	// ActionStatusPrefix and the new status name ("participant_suspended").
	ActionStatusPrefix     = "participant_"
	ActionValidatorRotated = "validator_rotated"
	ActionOfficerAdded     = "officer_added"
	ActionOfficerRotated   = "officer_rotated"
	ActionOfficerRevoked   = "officer_revoked"
	ActionOperatorAdded    = "operator_added"
	ActionOperatorRevoked  = "operator_revoked"
	ActionSettingsChanged  = "settings_changed"
	ActionProducerSet      = "producer_status_set"
)
