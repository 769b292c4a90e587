package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// execute applies a passed decision in ctx (a buffer the caller writes only
// on success) and says what it did. Membership decisions end with the
// validator-set safety rule.
func (k Keeper) execute(ctx *ledger.Context, p *types.Proposal) (string, error) {
	before := k.participants.ActiveValidators(ctx.Store)
	outcome, err := k.apply(ctx, p)
	if err != nil {
		return "", err
	}
	if p.Decision.ChangesMembership() {
		if err := checkValidatorSafety(before, k.participants.ActiveValidators(ctx.Store), ctx.LastCommitSigners); err != nil {
			return "", err
		}
	}
	return outcome, nil
}

func (k Keeper) apply(ctx *ledger.Context, p *types.Proposal) (string, error) {
	reference := fmt.Sprintf("plenary proposal %d", p.Id)
	switch c := p.Decision.Content.(type) {
	case *types.Decision_Admit:
		a := c.Admit
		if err := k.participants.Admit(ctx, a.Code, a.Name, a.Kind, a.AdminPubKey, a.AdminName, a.ValidatorPubKey); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s admitted", a.Code), nil
	case *types.Decision_Suspend:
		return statusChange(ctx, k, c.Suspend.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
	case *types.Decision_Reinstate:
		return statusChange(ctx, k, c.Reinstate.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE)
	case *types.Decision_Expel:
		return statusChange(ctx, k, c.Expel.Code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)
	case *types.Decision_RotateValidator:
		if err := k.participants.RotateValidator(ctx, c.RotateValidator.Code, c.RotateValidator.ValidatorPubKey); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s's validator key rotated", c.RotateValidator.Code), nil
	case *types.Decision_ImposeEmbargo:
		if err := k.certificates.ImposeEmbargo(ctx, c.ImposeEmbargo.Origin, reference); err != nil {
			return "", err
		}
		return fmt.Sprintf("origin %s under embargo", c.ImposeEmbargo.Origin), nil
	case *types.Decision_LiftEmbargo:
		if err := k.certificates.LiftEmbargo(ctx, c.LiftEmbargo.Origin); err != nil {
			return "", err
		}
		return fmt.Sprintf("embargo on %s lifted", c.LiftEmbargo.Origin), nil
	case *types.Decision_Params:
		return "parameters changed from the next block", k.changeParams(ctx.Store, c.Params)
	case *types.Decision_ElectChair:
		if err := k.SetChairTerm(ctx.Store, c.ElectChair); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s chair and %s vice-chair for %d", c.ElectChair.Chair, c.ElectChair.ViceChair, c.ElectChair.Year), nil
	case *types.Decision_PeerReview:
		if err := k.check(ctx.Store, &p.Decision); err != nil {
			return "", err
		}
		r := &types.Review{Id: nextID(ctx.Store, types.NextReviewIDKey()), Visit: *c.PeerReview, ProposalId: p.Id, RecordedAt: ctx.Time}
		store.Save(types.Store(ctx.Store), types.ReviewKey(r.Id), r)
		return fmt.Sprintf("peer review %d of %s recorded", r.Id, c.PeerReview.Reviewed), nil
	case *types.Decision_ReviewFollowUp:
		r, ok := k.Review(ctx.Store, c.ReviewFollowUp.ReviewId)
		if !ok {
			return "", types.ErrUnknownReview.Wrapf("%d", c.ReviewFollowUp.ReviewId)
		}
		r.FollowUps = append(r.FollowUps, types.FollowUp{Text: c.ReviewFollowUp.Text, ProposalId: p.Id, RecordedAt: ctx.Time})
		store.Save(types.Store(ctx.Store), types.ReviewKey(r.Id), r)
		return fmt.Sprintf("follow-up of peer review %d recorded", r.Id), nil
	case *types.Decision_EstablishBody, *types.Decision_DissolveBody, *types.Decision_ChangeBody, *types.Decision_ExtendMandate:
		return k.applyBodyDecision(ctx, p)
	case *types.Decision_Text:
		return fmt.Sprintf("%s passed", c.Text.Kind.Name()), nil
	}
	return "", types.ErrInvalidDecision.Wrap(p.Decision.Kind())
}

func statusChange(ctx *ledger.Context, k Keeper, code string, to participanttypes.ParticipantStatus) (string, error) {
	if err := k.participants.SetStatus(ctx, code, to); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %s", code, to.Name()), nil
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
