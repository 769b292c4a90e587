package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// execute applies a passed decision in ctx (a buffer the caller writes only
// on success). Membership decisions end with the validator-set safety rule.
// What it did is rendered from the decision when queried
// (types.Proposal.RenderOutcome).
func (k Keeper) execute(ctx *module.Context, p *types.Proposal) error {
	before := k.participants.ActiveValidators(ctx.Store)
	if err := k.apply(ctx, p); err != nil {
		return err
	}
	if p.Decision.ChangesMembership() {
		return checkValidatorSafety(before, k.participants.ActiveValidators(ctx.Store), ctx.LastCommitSigners)
	}
	return nil
}

func (k Keeper) apply(ctx *module.Context, p *types.Proposal) error {
	reference := fmt.Sprintf("plenary proposal %d", p.Id)
	switch c := p.Decision.Content.(type) {
	case *types.Decision_Admit:
		a := c.Admit
		return k.participants.Admit(ctx, a.Code, a.Name, a.Kind, a.AdminPubKey, a.AdminName, a.ValidatorPubKey)
	case *types.Decision_Suspend:
		return k.participants.SetStatus(ctx, c.Suspend.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
	case *types.Decision_Reinstate:
		return k.participants.SetStatus(ctx, c.Reinstate.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE)
	case *types.Decision_Expel:
		return k.participants.SetStatus(ctx, c.Expel.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)
	case *types.Decision_RotateValidator:
		return k.participants.RotateValidator(ctx, c.RotateValidator.Code, c.RotateValidator.ValidatorPubKey)
	case *types.Decision_ImposeEmbargo:
		return k.certificates.ImposeEmbargo(ctx, c.ImposeEmbargo.Origin, reference)
	case *types.Decision_LiftEmbargo:
		return k.certificates.LiftEmbargo(ctx, c.LiftEmbargo.Origin)
	case *types.Decision_Params:
		return k.changeParams(ctx.Store, c.Params)
	case *types.Decision_ElectChair:
		return k.SetChairTerm(ctx.Store, c.ElectChair)
	case *types.Decision_PeerReview:
		if err := k.check(ctx.Store, &p.Decision); err != nil {
			return err
		}
		r := &types.Review{Id: nextID(ctx.Store, types.NextReviewIDKey()), Visit: *c.PeerReview, ProposalId: p.Id, RecordedAt: ctx.Time}
		store.Save(types.Store(ctx.Store), types.ReviewKey(r.Id), r)
		return nil
	case *types.Decision_ReviewFollowUp:
		r, ok := k.Review(ctx.Store, c.ReviewFollowUp.ReviewId)
		if !ok {
			return types.ErrUnknownReview.Wrapf("%d", c.ReviewFollowUp.ReviewId)
		}
		r.FollowUps = append(r.FollowUps, types.FollowUp{Text: c.ReviewFollowUp.Text, ProposalId: p.Id, RecordedAt: ctx.Time})
		store.Save(types.Store(ctx.Store), types.ReviewKey(r.Id), r)
		return nil
	case *types.Decision_EstablishBody, *types.Decision_DissolveBody, *types.Decision_ChangeBody, *types.Decision_ExtendMandate:
		return k.applyBodyDecision(ctx, p)
	case *types.Decision_Text:
		return nil
	}
	return types.ErrInvalidDecision.Wrap(p.Decision.Kind())
}

// changeParams replaces the parameters of the modules a change carries;
// they are read from the next block on.
func (k Keeper) changeParams(s store.KVStore, c *types.ParamsChange) error {
	if c.Certificate != nil {
		if err := k.certificates.SetParams(s, *c.Certificate); err != nil {
			return err
		}
	}
	if c.Monitoring != nil {
		if err := k.monitoring.SetParams(s, *c.Monitoring); err != nil {
			return err
		}
	}
	if c.Plenary != nil {
		return k.SetParams(s, *c.Plenary)
	}
	return nil
}

// Review returns a peer review by id.
func (Keeper) Review(s store.KVStore, id uint64) (*types.Review, bool) {
	var r types.Review
	return &r, store.Load(types.Store(s), types.ReviewKey(id), &r)
}
