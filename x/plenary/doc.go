// Package plenary records the decisions of the KP plenary, taken by consensus
// of its voting participants (countries and the REIO; trading entities,
// observers, suspended and expelled participants neither propose nor vote).
//
// A proposal (admit, suspend, reinstate, expel, rotate a validator key,
// impose or lift an origin embargo, change parameters, elect the chair and
// vice-chair of a year, record a peer-review visit or its follow-up) is put by
// an admin officer of an active voting participant. Its electorate is fixed at
// submission — the active voting participants less the decision's subject —
// and its quorum is ⌈2/3 × electorate⌉ (a parameter). Each elector votes once:
// yes, no (an objection) or abstain.
//
// End-of-block work (DESIGN §4, after the transactions): a proposal closes at
// the end of its voting period, or in the block where every elector has voted
// yes. It passes when nobody objected and the yes votes reach the quorum, and
// is then executed in a buffer: a decision the state no longer allows, or
// one that would leave the validator set unsafe (fewer than four validators
// after a removal, or the validators that signed the previous block holding
// two thirds or less of the new power), fails, is recorded as failed, and
// changes nothing. Parameters changed in a block apply from the next block.
// Validator changes follow from participant status (keeper of the participant
// module): the app sends CometBFT the difference of the set before and after
// the block.
//
// Kinds of decision: every kind is one row of types.Decision.kindOf (name,
// subject, whether it may change the validator set, stateless checks, what
// it decides and did, in words) and one of keeper.Keeper.rules (its check
// against the state at proposal, its execution). A failed execution keeps
// only its refusal code in state (types.Proposal.RenderOutcome).
//
// The chair record: the Chair and Vice-Chair of each year, from genesis (the
// 2005 network: the Russian Federation and Botswana; 2006: Botswana and the
// European Community) and from elect-chair decisions.
package plenary
