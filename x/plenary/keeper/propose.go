package keeper

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
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
	if err := k.check(ctx.Store, &msg.Decision); err != nil {
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
	types.Store(ctx.Store).Set(types.ClosingKey(p.VotingEndsAt, p.Id), nil)
	emit(ctx, p, types.ActionProposed)
	return nil
}

// check checks a decision against the state: what it changes exists and can
// change so.
func (k Keeper) check(s store.KVStore, d *types.Decision) error {
	switch c := d.Content.(type) {
	case *types.Decision_Admit:
		a := c.Admit
		return k.participants.CheckAdmission(s, a.Code, a.Name, a.Kind, a.AdminPubKey, a.AdminName, a.ValidatorPubKey)
	case *types.Decision_Suspend:
		_, err := k.participants.CheckStatusChange(s, c.Suspend.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
		return err
	case *types.Decision_Reinstate:
		_, err := k.participants.CheckStatusChange(s, c.Reinstate.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE)
		return err
	case *types.Decision_Expel:
		_, err := k.participants.CheckStatusChange(s, c.Expel.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)
		return err
	case *types.Decision_RotateValidator:
		return k.participants.CheckRotation(s, c.RotateValidator.Code, c.RotateValidator.ValidatorPubKey)
	case *types.Decision_ImposeEmbargo:
		if e, ok := k.certificates.Embargo(s, c.ImposeEmbargo.Origin); ok && e.Active {
			return types.ErrInvalidDecision.Wrapf("%s is already under embargo", c.ImposeEmbargo.Origin)
		}
	case *types.Decision_LiftEmbargo:
		if e, ok := k.certificates.Embargo(s, c.LiftEmbargo.Origin); !ok || !e.Active {
			return types.ErrInvalidDecision.Wrapf("%s is not under embargo", c.LiftEmbargo.Origin)
		}
	case *types.Decision_ElectChair:
		return k.checkChairTerm(s, c.ElectChair)
	case *types.Decision_PeerReview:
		r := c.PeerReview
		if _, ok := k.participants.Participant(s, r.Reviewed); !ok {
			return participanttypes.ErrUnknownParticipant.Wrapf("reviewed %s", r.Reviewed)
		}
		for _, member := range r.Team {
			_, participant := k.participants.Participant(s, member)
			_, observer := k.participants.Observer(s, member)
			if !participant && !observer {
				return types.ErrInvalidDecision.Wrapf("team member %q is neither a participant nor an observer", member)
			}
			if member == r.Reviewed {
				return types.ErrInvalidDecision.Wrapf("%s cannot review itself", member)
			}
		}
	case *types.Decision_ReviewFollowUp:
		if _, ok := k.Review(s, c.ReviewFollowUp.ReviewId); !ok {
			return types.ErrUnknownReview.Wrapf("%d", c.ReviewFollowUp.ReviewId)
		}
	case *types.Decision_EstablishBody, *types.Decision_DissolveBody, *types.Decision_ChangeBody, *types.Decision_ExtendMandate:
		return k.checkBodyDecision(s, d)
	}
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
