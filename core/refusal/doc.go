// Package refusal gives every way the ledger can refuse input a stable ABCI code.
//
// ABCI hashes a transaction result's Code into the block results but not its
// Codespace, so codes are unique across the whole app (DESIGN §4): 1–99 the
// envelope and the app, 100–199 participant, 200–299 certificate, 300–399
// statistics, 400–499 plenary. A module registers its refusals once, at package
// initialisation, and wraps them with the detail of the case at hand:
//
//	var ErrUnknownParticipant = refusal.Register("participant", 101, "unknown participant")
//	...
//	return ErrUnknownParticipant.Wrapf("%q", code)
//
// An error that is not a refusal is an internal failure and maps to CodeInternal.
package refusal
