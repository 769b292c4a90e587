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
// (and again when it executes), and its procedure and electorate are fixed
// now:
//   - a participant's suspension of itself is unilateral: it closes, and
//     takes effect, at the end of this block (Venezuela, 2008);
//   - tabled in an open session the proposer attends, it is decided in
//     session: its electorate is the attending active voting participants;
//   - otherwise by written procedure: the active voting participants, until
//     the deadline (voting_period from now).
//
// The subject of a membership decision is part of the electorate unless the
// plenary's exclude_subject parameter leaves it out.
func (k Keeper) Propose(ctx *module.Context, msg *types.MsgPropose) error {
	proposer, ok := k.participants.Participant(ctx.Store, ctx.Signer.Participant)
	if !ok || !activeVoter(proposer) {
		return types.ErrNotVoting.Wrapf("%s may not propose", ctx.Signer.Participant)
	}
	if err := k.rules(&msg.Decision, ctx.Time).check(ctx.Store); err != nil {
		return err
	}
	params := k.Params(ctx.Store)
	subject := msg.Decision.Subject()
	p := &types.Proposal{
		Id: nextID(ctx.Store, types.NextProposalIDKey()), Decision: msg.Decision, Rationale: msg.Rationale,
		Proposer: proposer.Code, ProposerSigner: ctx.Signer.Address, SubmittedAt: ctx.Time, SubmittedHeight: ctx.Height,
		Subject: subject, Status: types.ProposalStatus_PROPOSAL_STATUS_VOTING,
	}
	var session *types.Session
	switch {
	case isSelfSuspension(&msg.Decision, proposer.Code):
		p.Procedure, p.Electorate = types.Procedure_PROCEDURE_UNILATERAL, []string{proposer.Code}
	case msg.SessionId != 0:
		var err error
		if session, err = k.openSession(ctx.Store, msg.SessionId); err != nil {
			return err
		}
		if !session.Attends(proposer.Code) {
			return types.ErrNotAttending.Wrapf("%s is not on the attendance list of session %d", proposer.Code, session.Id)
		}
		p.Procedure, p.SessionId = types.Procedure_PROCEDURE_IN_SESSION, session.Id
		p.Electorate = k.electorate(ctx, &msg.Decision, params, session.Attends)
	default:
		p.Procedure, p.VotingEndsAt = types.Procedure_PROCEDURE_WRITTEN, ctx.Time+params.VotingPeriod
		p.Electorate = k.electorate(ctx, &msg.Decision, params, func(string) bool { return true })
	}
	if len(p.Electorate) == 0 {
		return types.ErrEmptyElectorate
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
	switch p.Procedure {
	case types.Procedure_PROCEDURE_WRITTEN:
		types.Store(ctx.Store).Set(types.ClosingKey(p.VotingEndsAt, p.Id), store.Present)
	case types.Procedure_PROCEDURE_UNILATERAL:
		types.Store(ctx.Store).Set(types.ClosingKey(ctx.Time, p.Id), store.Present)
	case types.Procedure_PROCEDURE_IN_SESSION:
		session.ProposalIds = append(session.ProposalIds, p.Id)
		k.saveSession(ctx.Store, session)
	}
	emit(ctx, p, types.ActionProposed)
	return nil
}

// electorate is the active voting participants that present says are
// present, in code order, less a membership decision's subject when the
// plenary excludes it.
func (k Keeper) electorate(ctx *module.Context, d *types.Decision, params types.Params, present func(code string) bool) []string {
	exclude := ""
	if params.ExcludeSubject && d.ChangesMembership() {
		exclude = d.Subject()
	}
	var electorate []string
	for _, p := range k.participants.Participants(ctx.Store) {
		if activeVoter(&p) && p.Code != exclude && present(p.Code) {
			electorate = append(electorate, p.Code)
		}
	}
	return electorate
}

// isSelfSuspension reports whether a decision is the proposer's suspension of
// itself.
func isSelfSuspension(d *types.Decision, proposer string) bool {
	s, ok := d.Content.(*types.Decision_Suspend)
	return ok && s.Suspend.Code == proposer
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
