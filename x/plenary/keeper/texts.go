package keeper

import (
	"crypto/sha256"
	"slices"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Text decisions (resolutions, administrative decisions, declarations) and
// rule 26 of the Rules of Procedure: a decision is formally adopted once it
// exists in the plenary's five official languages. The proposal's own text
// is its first language; translations are recorded one language at a time,
// each with the sha256 of its text. A text decision that passed becomes
// adopted in the block that records its fifth language (or at once, when all
// five were recorded while it was being voted on).

// DecisionText returns a text decision in one language.
func (Keeper) DecisionText(s store.KVStore, id uint64, language string) (*types.DecisionText, bool) {
	var t types.DecisionText
	return &t, store.Load(types.Store(s), types.DecisionTextKey(id, language), &t)
}

// recordText stores a decision's text in a language and notes the language.
func (Keeper) recordText(ctx *module.Context, p *types.Proposal, language, text string) {
	hash := sha256.Sum256([]byte(text))
	t := &types.DecisionText{
		ProposalId: p.Id, Language: language, Text: text, TextHash: hash[:],
		Participant: ctx.Signer.Participant, Signer: ctx.Signer.Address, Height: ctx.Height, RecordedAt: ctx.Time,
	}
	store.Save(types.Store(ctx.Store), types.DecisionTextKey(p.Id, language), t)
	p.Languages = append(p.Languages, language)
}

// adoptIfComplete adopts a passed text decision that exists in every
// official language.
func adoptIfComplete(ctx *module.Context, p *types.Proposal) {
	if p.Status == types.ProposalStatus_PROPOSAL_STATUS_PASSED && len(p.Languages) == len(types.Languages) {
		p.Status, p.AdoptedAt = types.ProposalStatus_PROPOSAL_STATUS_ADOPTED, ctx.Time
	}
}

// Translate records a text decision in another official language; signed by
// an admin officer of an active voting participant, while the decision is
// being voted on or has passed.
func (k Keeper) Translate(ctx *module.Context, msg *types.MsgTranslate) error {
	translator, ok := k.participants.Participant(ctx.Store, ctx.Signer.Participant)
	if !ok || !activeVoter(translator) {
		return types.ErrNotVoting.Wrapf("%s may not record translations", ctx.Signer.Participant)
	}
	p, ok := k.Proposal(ctx.Store, msg.ProposalId)
	if !ok {
		return types.ErrUnknownProposal.Wrapf("%d", msg.ProposalId)
	}
	if _, text := p.Decision.Content.(*types.Decision_Text); !text {
		return types.ErrNotTextDecision.Wrapf("proposal %d is %s", p.Id, p.Decision.Kind())
	}
	if p.Status != types.ProposalStatus_PROPOSAL_STATUS_VOTING && p.Status != types.ProposalStatus_PROPOSAL_STATUS_PASSED {
		return types.ErrVotingClosed.Wrapf("proposal %d is %s", p.Id, p.Status.Name())
	}
	if slices.Contains(p.Languages, msg.Language) {
		return types.ErrAlreadyTranslated.Wrapf("proposal %d in %s", p.Id, msg.Language)
	}
	k.recordText(ctx, p, msg.Language, msg.Text)
	adoptIfComplete(ctx, p)
	k.saveProposal(ctx.Store, p)
	emit(ctx, p, types.ActionTranslated)
	return nil
}
