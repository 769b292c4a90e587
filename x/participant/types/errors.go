package types

import "github.com/kpledger/kpledger/core/refusal"

// Refusals of the participant module, codes 100–199.
var (
	ErrUnknownParticipant = refusal.Register(ModuleName, 101, "unknown participant")
	ErrParticipantStatus  = refusal.Register(ModuleName, 102, "participant status does not allow this")
	ErrInvalidCode        = refusal.Register(ModuleName, 103, "invalid participant or observer code")
	ErrInvalidName        = refusal.Register(ModuleName, 104, "invalid name")
	ErrInvalidPubKey      = refusal.Register(ModuleName, 105, "invalid public key")
	ErrInvalidAddress     = refusal.Register(ModuleName, 106, "invalid address")
	ErrInvalidRole        = refusal.Register(ModuleName, 107, "role not allowed here")
	ErrKeyRegistered      = refusal.Register(ModuleName, 108, "key already registered")
	ErrUnknownKey         = refusal.Register(ModuleName, 109, "unknown key")
	ErrKeyRevoked         = refusal.Register(ModuleName, 110, "key already revoked")
	ErrNotYourKey         = refusal.Register(ModuleName, 111, "key belongs to another participant")
	ErrLastAdmin          = refusal.Register(ModuleName, 112, "a participant keeps at least one admin officer")
	ErrUnknownObserver    = refusal.Register(ModuleName, 113, "unknown observer")
	ErrInvalidGenesis     = refusal.Register(ModuleName, 114, "invalid participant genesis")
	ErrInvalidKind        = refusal.Register(ModuleName, 115, "invalid participant or observer kind")
	ErrNotAnOfficer       = refusal.Register(ModuleName, 116, "key is not an officer's")
	ErrNotAnOperator      = refusal.Register(ModuleName, 117, "key is not an operator's")
	ErrValidatorKeyTaken  = refusal.Register(ModuleName, 118, "validator key held by another participant")
	ErrParticipantExists  = refusal.Register(ModuleName, 119, "participant already admitted")
	ErrNoValidator        = refusal.Register(ModuleName, 120, "participant has no validator")
	ErrInvalidQuery       = refusal.Register(ModuleName, 121, "invalid query")
	ErrInvalidTimeZone    = refusal.Register(ModuleName, 122, "invalid time zone name")
)
