// Package plenary records the decisions of the KP plenary, taken by consensus
// of its voting participants (countries and the REIO; trading entities,
// observers, suspended and expelled participants neither propose nor take
// positions).
//
// A proposal (admit, suspend, reinstate, expel, rotate a validator key,
// impose or lift an origin embargo, register a participant as a producer or
// not, change parameters, elect the chair and vice-chair of a year, bodies,
// resolutions and other texts, ...) is
// put by an admin officer of an active voting participant. Each participant
// of its electorate takes one position at a time — join, object, stand aside
// — and may withdraw an objection while the proposal is open (the history of
// positions stays on the proposal). Procedures (keeper/propose.go):
//   - written procedure, the default: the electorate is the active voting
//     participants at submission; adopted at the deadline unless an
//     objection stands (silence is consent, standing aside does not block);
//     closed at once when every elector joined or stood aside;
//   - in session (keeper/sessions.go): the Chair's officer (an admin officer
//     of the KP Chair of the block's year) opens a session with its
//     attendance list; the electorate of a proposal tabled in it is the
//     attending participants; it is adopted when the Chair's officer
//     declares consensus and no attending participant objects, and ends
//     unadopted when the session closes first;
//   - unilateral: a participant's suspension of itself, at once.
//
// The subject of a membership decision is part of the electorate (the Core
// Document) unless the parameter exclude_subject leaves it out.
//
// End-of-block work (DESIGN §4, after the transactions): proposals due close
// in id order (keeper/tally.go); an adopted one is executed in a buffer: a
// decision the state no longer allows, or one that would leave the validator
// set unsafe (fewer than four validators after a removal, or the validators
// that signed the previous block holding two thirds or less of the new
// power), fails, is recorded as failed, and changes nothing. Parameters
// changed in a block apply from the next block. Validator changes follow
// from participant status (keeper of the participant module): the app sends
// CometBFT the difference of the set before and after the block.
//
// Peer reviews (keeper/reviews.go) are recorded without a vote: the
// participant reviewed invites and reports its steps; the Chair's officer or
// the Working Group on Monitoring's chair schedules and reports visits and
// tracks each recommendation.
//
// Kinds of decision: every kind is one row of types.Decision.kindOf (name,
// subject, whether it may change the validator set, stateless checks, what
// it decides and did, in words) and one of keeper.Keeper.rules (its check
// against the state at proposal, its execution). The state keeps no outcome
// text: types.Proposal.RenderOutcome renders it from status, positions and a
// failure's refusal code.
//
// The chair record (keeper/offices.go): the Chair and Vice-Chair of each
// year, from genesis (the 2005 network: the Russian Federation and
// Botswana; 2006: Botswana and the European Community) and from elect-chair
// decisions — never for a year that has ended; a recorded year only by an
// explicit replacement, kept in history; the Vice-Chair may succeed the
// Chair.
package plenary
