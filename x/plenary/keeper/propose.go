package keeper

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Propose puts a decision to the plenary. The proposer is an admin officer of
// an active voting participant. The decision is checked against the state now
// (and again when it executes); the electorate is fixed now: the active voting
// participants less the decision's subject; the quorum is its share of them.
func (k Keeper) Propose(ctx *module.Context, msg *types.MsgPropose) error {
	proposer, ok := k.participants.Participant(ctx.Store, ctx.Signer.Participant)
	if !ok || !activeVoter(proposer) {
		return types.ErrNotVoting.Wrapf("%s may not propose", ctx.Signer.Participant)
	}
	if err := k.rules(&msg.Decision).check(ctx.Store); err != nil {
		return err
	}
	subject := msg.Decision.Subject()
	var electorate []string
	for _, p := range k.participants.Participants(ctx.Store) {
		if activeVoter(&p) && p.Code != subject {
			electorate = append(electorate, p.Code)
		}
	}
	if len(electorate) == 0 {
		return types.ErrEmptyElectorate
	}
	params := k.Params(ctx.Store)
	p := &types.Proposal{
		Id: nextID(ctx.Store, types.NextProposalIDKey()), Decision: msg.Decision, Rationale: msg.Rationale,
		Proposer: proposer.Code, ProposerSigner: ctx.Signer.Address, SubmittedAt: ctx.Time, SubmittedHeight: ctx.Height,
		VotingEndsAt: ctx.Time + params.VotingPeriod, Subject: subject, Electorate: electorate,
		Quorum: params.Quorum(len(electorate)), Status: types.ProposalStatus_PROPOSAL_STATUS_VOTING,
	}
	if t, ok := p.Decision.Content.(*types.Decision_Text); ok {
		// The text lives in its language's record; the proposal, rewritten at
		// every vote, keeps the rest.
		text := *t.Text
		k.recordText(ctx, p, text.Language, text.Text)
		text.Text = ""
		p.Decision.Content = &types.Decision_Text{Text: &text}
	}
	k.saveProposal(ctx.Store, p)
	types.Store(ctx.Store).Set(types.ClosingKey(p.VotingEndsAt, p.Id), store.Present)
	emit(ctx, p, types.ActionProposed)
	return nil
}

// emit reports a proposal's step; plenary.proposal_id is indexed.
func emit(ctx *module.Context, p *types.Proposal, action string, extra ...abci.EventAttribute) {
	ctx.EmitEvent(types.ModuleName, append([]abci.EventAttribute{
		module.IndexedAttr(types.AttributeProposalID, fmt.Sprint(p.Id)),
		module.Attr(module.AttributeAction, action),
		module.Attr(types.AttributeKind, p.Decision.Kind()),
		module.Attr(types.AttributeStatus, p.Status.Name()),
	}, extra...)...)
}
