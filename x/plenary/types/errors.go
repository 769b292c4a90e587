package types

import "github.com/kpledger/kpledger/core/refusal"

// Refusals of the plenary module, codes 400–499.
var (
	ErrInvalidGenesis    = refusal.Register(ModuleName, 401, "invalid plenary genesis")
	ErrNoChairTerm       = refusal.Register(ModuleName, 402, "no chair recorded for that year")
	ErrNotVoting         = refusal.Register(ModuleName, 403, "not a voting participant")
	ErrInvalidYear       = refusal.Register(ModuleName, 404, "invalid year")
	ErrInvalidDecision   = refusal.Register(ModuleName, 405, "invalid decision")
	ErrEmptyElectorate   = refusal.Register(ModuleName, 406, "nobody could vote on this proposal")
	ErrUnknownProposal   = refusal.Register(ModuleName, 407, "unknown proposal")
	ErrVotingClosed      = refusal.Register(ModuleName, 408, "voting on this proposal has closed")
	ErrNotElector        = refusal.Register(ModuleName, 409, "signer's participant is not in this proposal's electorate")
	ErrAlreadyVoted      = refusal.Register(ModuleName, 410, "signer's participant has already voted")
	ErrInvalidVote       = refusal.Register(ModuleName, 411, "invalid vote option")
	ErrInvalidParams     = refusal.Register(ModuleName, 412, "invalid plenary parameters")
	ErrUnknownReview     = refusal.Register(ModuleName, 413, "unknown peer review")
	ErrValidatorSafety   = refusal.Register(ModuleName, 414, "the validator set would not stay safe")
	ErrInvalidQuery      = refusal.Register(ModuleName, 415, "invalid plenary query")
	ErrInvalidRationale  = refusal.Register(ModuleName, 416, "invalid rationale or text")
	ErrInvalidBody       = refusal.Register(ModuleName, 417, "invalid body")
	ErrUnknownBody       = refusal.Register(ModuleName, 418, "unknown body")
	ErrBodyExists        = refusal.Register(ModuleName, 419, "a body of that name exists")
	ErrInvalidLanguage   = refusal.Register(ModuleName, 420, "not an official language of the plenary")
	ErrNotTextDecision   = refusal.Register(ModuleName, 421, "proposal is not a text decision")
	ErrAlreadyTranslated = refusal.Register(ModuleName, 422, "text already recorded in that language")
	ErrNotTranslated     = refusal.Register(ModuleName, 423, "text not recorded in that language")
)
