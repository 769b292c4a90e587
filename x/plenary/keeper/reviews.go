package keeper

import (
	"fmt"
	"slices"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Peer review as a process, recorded without a vote: a participant invites
// a review; the review officer — the Chair's officer, or an admin officer of
// the participant chairing the Working Group on Monitoring in the block's
// year — schedules the review visit, records its report and
// recommendations (each an item, open at first), schedules follow-up visits
// once a visit was reported, and tracks each recommendation's
// implementation; the participant reviewed reports the steps it took.

// Review returns a peer review by id.
func (Keeper) Review(s store.KVStore, id uint64) (*types.Review, bool) {
	var r types.Review
	return &r, store.Load(types.Store(s), types.ReviewKey(id), &r)
}

func (Keeper) saveReview(s store.KVStore, r *types.Review) {
	store.Save(types.Store(s), types.ReviewKey(r.Id), r)
}

// review returns a review by id, or the refusal.
func (k Keeper) review(s store.KVStore, id uint64) (*types.Review, error) {
	r, ok := k.Review(s, id)
	if !ok {
		return nil, types.ErrUnknownReview.Wrapf("%d", id)
	}
	return r, nil
}

// checkReviewOfficer: the signer is the Chair's officer, or of the
// participant that chairs the Working Group on Monitoring this year.
func (k Keeper) checkReviewOfficer(ctx *module.Context) error {
	if _, err := k.checkChairsOfficer(ctx); err == nil {
		return nil
	}
	year := YearOf(ctx.Time)
	if b, ok := k.Body(ctx.Store, types.MonitoringBody); ok && !b.Dissolved {
		if chair, ok := officerIn(b.Composition.Chairs, year); ok && slices.Contains(k.resolve(ctx.Store, chair, year, false).Holders, ctx.Signer.Participant) {
			return nil
		}
	}
	return types.ErrNotReviewOfficer.Wrapf("%s in %d", ctx.Signer.Participant, year)
}

// InviteReview records the signer's participant's invitation of a review.
func (k Keeper) InviteReview(ctx *module.Context, msg *types.MsgInviteReview) error {
	code := ctx.Signer.Participant
	if p, ok := k.participants.Participant(ctx.Store, code); !ok || p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
		return participanttypes.ErrParticipantStatus.Wrapf("%s is not an active participant", code)
	}
	r := &types.Review{Id: nextID(ctx.Store, types.NextReviewIDKey()), Reviewed: code, Invitation: msg.Invitation, InvitedAt: ctx.Time}
	k.saveReview(ctx.Store, r)
	emitReview(ctx, r, types.ActionReviewInvited)
	return nil
}

// ScheduleVisit schedules the review visit (once), or a follow-up visit
// after a visit was reported; the team are participants and observers, the
// participant reviewed not among them.
func (k Keeper) ScheduleVisit(ctx *module.Context, msg *types.MsgScheduleVisit) error {
	if err := k.checkReviewOfficer(ctx); err != nil {
		return err
	}
	r, err := k.review(ctx.Store, msg.ReviewId)
	if err != nil {
		return err
	}
	kind := types.VisitKind_VISIT_KIND_REVIEW
	switch {
	case len(r.Visits) >= types.MaxVisits:
		return types.ErrInvalidReview.Wrapf("review %d has %d visits, the most a review records", r.Id, len(r.Visits))
	case msg.FollowUp && (len(r.Visits) == 0 || r.Visits[len(r.Visits)-1].ReportedAt == 0):
		return types.ErrInvalidReview.Wrapf("review %d: a follow-up visit follows a reported visit", r.Id)
	case msg.FollowUp:
		kind = types.VisitKind_VISIT_KIND_FOLLOW_UP
	case len(r.Visits) > 0:
		return types.ErrInvalidReview.Wrapf("review %d has its review visit: schedule a follow-up", r.Id)
	}
	for _, member := range msg.Team {
		_, participant := k.participants.Participant(ctx.Store, member)
		_, observer := k.participants.Observer(ctx.Store, member)
		switch {
		case !participant && !observer:
			return types.ErrInvalidReview.Wrapf("team member %s is neither a participant nor an observer", member)
		case member == r.Reviewed:
			return types.ErrInvalidReview.Wrapf("%s cannot review itself", member)
		}
	}
	r.Visits = append(r.Visits, types.Visit{Kind: kind, StartAt: msg.StartAt, EndAt: msg.EndAt, Team: msg.Team,
		ScheduledBy: ctx.Signer.Participant, ScheduledAt: ctx.Time})
	k.saveReview(ctx.Store, r)
	emitReview(ctx, r, types.ActionVisitScheduled)
	return nil
}

// ReportVisit records a visit's report, once the visit has begun, and its
// recommendations, numbered on from the review's earlier ones, each open.
func (k Keeper) ReportVisit(ctx *module.Context, msg *types.MsgReportVisit) error {
	if err := k.checkReviewOfficer(ctx); err != nil {
		return err
	}
	r, err := k.review(ctx.Store, msg.ReviewId)
	if err != nil {
		return err
	}
	if int(msg.Visit) > len(r.Visits) {
		return types.ErrInvalidReview.Wrapf("review %d has %d visits, not %d", r.Id, len(r.Visits), msg.Visit)
	}
	v := &r.Visits[msg.Visit-1]
	switch {
	case v.ReportedAt != 0:
		return types.ErrInvalidReview.Wrapf("visit %d of review %d was reported at %d", msg.Visit, r.Id, v.ReportedAt)
	case ctx.Time < v.StartAt:
		return types.ErrInvalidReview.Wrapf("visit %d of review %d has not begun", msg.Visit, r.Id)
	case len(r.Recommendations)+len(msg.Recommendations) > types.MaxRecommendations*types.MaxVisits:
		return types.ErrInvalidReview.Wrapf("review %d: too many recommendations", r.Id)
	}
	v.Report, v.ReportedBy, v.ReportedAt = msg.Report, ctx.Signer.Participant, ctx.Time
	for _, text := range msg.Recommendations {
		r.Recommendations = append(r.Recommendations, types.Recommendation{
			Number: uint32(len(r.Recommendations) + 1), Visit: msg.Visit, Text: text,
			Status: types.RecommendationStatus_RECOMMENDATION_STATUS_OPEN, UpdatedBy: ctx.Signer.Participant, UpdatedAt: ctx.Time,
		})
	}
	k.saveReview(ctx.Store, r)
	emitReview(ctx, r, types.ActionVisitReported)
	return nil
}

// ReportSteps records the reviewed participant's report of the steps it
// took, naming recommendations of its review.
func (k Keeper) ReportSteps(ctx *module.Context, msg *types.MsgReportSteps) error {
	r, err := k.review(ctx.Store, msg.ReviewId)
	if err != nil {
		return err
	}
	if ctx.Signer.Participant != r.Reviewed {
		return types.ErrNotReviewed.Wrapf("review %d is of %s", r.Id, r.Reviewed)
	}
	if len(r.Steps) >= types.MaxVisits*types.MaxVisits {
		return types.ErrInvalidReview.Wrapf("review %d: too many reports of steps", r.Id)
	}
	for _, n := range msg.Recommendations {
		if n == 0 || int(n) > len(r.Recommendations) {
			return types.ErrInvalidReview.Wrapf("review %d has no recommendation %d", r.Id, n)
		}
	}
	r.Steps = append(r.Steps, types.StepsReport{Text: msg.Text, Recommendations: msg.Recommendations, Signer: ctx.Signer.Address, ReportedAt: ctx.Time})
	k.saveReview(ctx.Store, r)
	emitReview(ctx, r, types.ActionStepsReported)
	return nil
}

// TrackRecommendation sets a recommendation's implementation status.
func (k Keeper) TrackRecommendation(ctx *module.Context, msg *types.MsgTrackRecommendation) error {
	if err := k.checkReviewOfficer(ctx); err != nil {
		return err
	}
	r, err := k.review(ctx.Store, msg.ReviewId)
	if err != nil {
		return err
	}
	if int(msg.Number) > len(r.Recommendations) {
		return types.ErrInvalidReview.Wrapf("review %d has no recommendation %d", r.Id, msg.Number)
	}
	rec := &r.Recommendations[msg.Number-1]
	rec.Status, rec.Note, rec.UpdatedBy, rec.UpdatedAt = msg.Status, msg.Note, ctx.Signer.Participant, ctx.Time
	k.saveReview(ctx.Store, r)
	emitReview(ctx, r, types.ActionRecommendationTracked)
	return nil
}

func emitReview(ctx *module.Context, r *types.Review, action string) {
	ctx.EmitEvent(types.ModuleName, module.Attr(types.AttributeReviewID, fmt.Sprint(r.Id)), module.Attr(module.AttributeAction, action),
		module.Attr(types.AttributeParticipant, r.Reviewed))
}
