// Package participant is the registry of who may write to the ledger: the KP
// participants (countries, the European Community, trading entities) with their
// status, the observers, every registered signing key with its role, and the
// validators.
//
// Rules kept here (keeper/):
//   - Officer keys (issuer, importer-authority, admin) and operator keys
//     (exporter, importer) are registered, rotated and revoked by an admin officer
//     of the same participant, while it is active or suspended (not a candidate, not
//     expelled).
//   - An address is registered once: a revoked key is never registered again.
//   - A participant keeps at least one active admin officer.
//   - Observer keys come from genesis (and later the plenary); no message accepts
//     an observer signer.
//   - Validators: at most one per voting participant, equal power (DESIGN §3).
//   - Whether a participant mines rough diamonds (non_producer) is set in
//     genesis and by plenary decision (set-producer), never by the participant:
//     a non-producer is not expected to report production.
//
// The app asks this module who signed a transaction (Keeper.Key) and what
// the validator set is (Keeper.ActiveValidators), through app.Registry; the
// plenary asks it to admit participants, change their status and rotate
// validators. There is no block-time or end-of-block work here.
package participant
