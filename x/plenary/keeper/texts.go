package keeper

import (
	"crypto/sha256"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Text decisions (resolutions, administrative decisions, declarations) and
// rule 26 of the Rules of Procedure: a decision is formally adopted once it
// exists in the plenary's five official languages. Only text decisions wait
// for the fifth language; every other kind carries no text and takes effect
// when adopted. The proposal's own text is its first language; the
// proposing participant or the Chair's officer records the others, one
// language at a time, and may replace a text until the decision is adopted;
// each text is kept with the sha256 of its exact bytes, and a replaced one
// stays in history. A text decision that passed becomes adopted in the
// block that records its fifth language (or at once, when all five were
// recorded while it was open).

// DecisionText returns a text decision in one language.
func (Keeper) DecisionText(s store.KVStore, id uint64, language string) (*types.DecisionText, bool) {
	var t types.DecisionText
	return &t, store.Load(types.Store(s), types.DecisionTextKey(id, language), &t)
}

// ReplacedTexts lists a decision's replaced texts in a language, oldest first.
func (Keeper) ReplacedTexts(s store.KVStore, id uint64, language string) []types.DecisionText {
	return store.LoadAll[types.DecisionText](types.Store(s), types.ReplacedTextsPrefix(id, language))
}

// recordText stores a decision's text in a language — a replaced version
// moves to history — and notes a new language. It reports whether it
// replaced one.
func (k Keeper) recordText(ctx *module.Context, p *types.Proposal, language, text string) (replaced bool) {
	hash := sha256.Sum256([]byte(text))
	t := &types.DecisionText{
		ProposalId: p.Id, Language: language, Text: text, TextHash: hash[:], Version: 1,
		Participant: ctx.Signer.Participant, Signer: ctx.Signer.Address, Height: ctx.Height, RecordedAt: ctx.Time,
	}
	ms := types.Store(ctx.Store)
	if old, ok := k.DecisionText(ctx.Store, p.Id, language); ok {
		store.Save(ms, types.ReplacedTextKey(p.Id, language, old.Version), old)
		t.Version, replaced = old.Version+1, true
	} else {
		p.Languages = append(p.Languages, language)
	}
	store.Save(ms, types.DecisionTextKey(p.Id, language), t)
	return replaced
}

// adoptIfComplete adopts a passed text decision that exists in every
// official language.
func adoptIfComplete(ctx *module.Context, p *types.Proposal) {
	if p.Status == types.ProposalStatus_PROPOSAL_STATUS_PASSED && len(p.Languages) == len(types.Languages) {
		p.Status, p.AdoptedAt = types.ProposalStatus_PROPOSAL_STATUS_ADOPTED, ctx.Time
	}
}

// Translate records a text decision in an official language, or replaces
// its text in one, while the decision is open or has passed and is not yet
// adopted; signed by an admin officer of the proposing participant (still an
// active voting participant) or by the Chair's officer.
func (k Keeper) Translate(ctx *module.Context, msg *types.MsgTranslate) error {
	p, ok := k.Proposal(ctx.Store, msg.ProposalId)
	if !ok {
		return types.ErrUnknownProposal.Wrapf("%d", msg.ProposalId)
	}
	if _, text := p.Decision.Content.(*types.Decision_Text); !text {
		return types.ErrNotTextDecision.Wrapf("proposal %d is %s", p.Id, p.Decision.Kind())
	}
	if err := k.checkTranslator(ctx, p); err != nil {
		return err
	}
	switch p.Status {
	case types.ProposalStatus_PROPOSAL_STATUS_VOTING, types.ProposalStatus_PROPOSAL_STATUS_PASSED:
	case types.ProposalStatus_PROPOSAL_STATUS_ADOPTED:
		return types.ErrTextAdopted.Wrapf("proposal %d was adopted at %d", p.Id, p.AdoptedAt)
	default:
		return types.ErrVotingClosed.Wrapf("proposal %d is %s", p.Id, p.Status.Name())
	}
	replaced := k.recordText(ctx, p, msg.Language, msg.Text)
	adoptIfComplete(ctx, p)
	k.saveProposal(ctx.Store, p)
	action := types.ActionTranslated
	if replaced {
		action = types.ActionRetranslated
	}
	emit(ctx, p, action)
	return nil
}

// checkTranslator: the signer is of the proposing participant, still an
// active voting participant, or is the Chair's officer.
func (k Keeper) checkTranslator(ctx *module.Context, p *types.Proposal) error {
	if ctx.Signer.Participant == p.Proposer {
		if participant, ok := k.participants.Participant(ctx.Store, p.Proposer); ok && activeVoter(participant) {
			return nil
		}
		return types.ErrNotVoting.Wrapf("%s may not record texts", p.Proposer)
	}
	if _, err := k.checkChairsOfficer(ctx); err == nil {
		return nil
	}
	return types.ErrNotTranslator.Wrapf("proposal %d was put by %s; %s is neither it nor the Chair's officer", p.Id, p.Proposer, ctx.Signer.Participant)
}
