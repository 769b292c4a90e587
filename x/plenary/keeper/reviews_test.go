package keeper_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// march2006 is the first day of a week of visits in March 2006.
var march2006 = time.Date(2006, 3, 6, 0, 0, 0, 0, time.UTC).Unix()

// monitoringGroup is the Working Group on Monitoring chaired by the European
// Community from 2005.
func monitoringGroup() types.Body {
	return types.Body{Name: types.MonitoringBody, Kind: types.BodyKind_BODY_KIND_WORKING_GROUP, Composition: types.Composition{
		Chairs: []types.Officer{{Holder: participantMember("EU"), FromYear: 2005}}, Members: []types.Member{participantMember("ZA")}}}
}

func schedule(review uint64, followUp bool, team ...string) *types.MsgScheduleVisit {
	return &types.MsgScheduleVisit{ReviewId: review, StartAt: march2006, EndAt: march2006 + 4*types.Day, Team: team, FollowUp: followUp}
}

// TestPeerReviewProcess: India invites a review; the Working Group on
// Monitoring's chair (the European Community) schedules the visit and, once
// it has begun, records its report with two recommendations, open; India
// reports the steps it took; in 2006 the Chair's officer (Botswana) tracks
// one recommendation as implemented and schedules a follow-up visit — none
// of it put to a vote.
func TestPeerReviewProcess(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"), withChair(2006, "BW", "EU"), withBodies(monitoringGroup()))
	c.DeliverOK("in-admin", &types.MsgInviteReview{Invitation: "India invites a review visit in 2006."})
	c.DeliverOK("eu-admin", schedule(1, false, "EU", "ZA", "WDC"))
	c.Refused("eu-admin", &types.MsgReportVisit{ReviewId: 1, Visit: 1, Report: "Visited."}, types.ErrInvalidReview) // not begun
	c.Skip(time.Duration(march2006-c.Time.Unix()+types.Day) * time.Second)
	c.DeliverOK("eu-admin", &types.MsgReportVisit{ReviewId: 1, Visit: 1, Report: "The team visited Mumbai and Surat.",
		Recommendations: []string{"Strengthen import controls.", "Publish statistics quarterly."}})
	c.DeliverOK("in-admin", &types.MsgReportSteps{ReviewId: 1, Text: "New import controls since April.", Recommendations: []uint32{1}})
	c.Refused("ru-admin", &types.MsgTrackRecommendation{ReviewId: 1, Number: 1, Status: types.RecommendationStatus_RECOMMENDATION_STATUS_IMPLEMENTED}, types.ErrNotReviewOfficer) // Chair in 2005, not in 2006
	c.DeliverOK("bw-admin", &types.MsgTrackRecommendation{ReviewId: 1, Number: 1, Status: types.RecommendationStatus_RECOMMENDATION_STATUS_IMPLEMENTED, Note: "Verified."})
	c.DeliverOK("bw-admin", schedule(1, true, "RU", "WDC"))

	var resp types.QueryReviewsResponse
	c.MustQuery(types.QueryReviews, &types.QueryReviewsRequest{Reviewed: "IN"}, &resp)
	if len(resp.Reviews) != 1 {
		t.Fatalf("reviews %+v", resp.Reviews)
	}
	r := resp.Reviews[0]
	if r.Reviewed != "IN" || len(r.Visits) != 2 || r.Visits[0].Kind != types.VisitKind_VISIT_KIND_REVIEW || r.Visits[1].Kind != types.VisitKind_VISIT_KIND_FOLLOW_UP ||
		r.Visits[0].ReportedBy != "EU" || !slices.Equal(r.Visits[0].Team, []string{"EU", "ZA", "WDC"}) || r.Stage() != "follow-up visit scheduled" {
		t.Errorf("visits %+v, stage %s", r.Visits, r.Stage())
	}
	if len(r.Recommendations) != 2 || r.Recommendations[0].Status != types.RecommendationStatus_RECOMMENDATION_STATUS_IMPLEMENTED ||
		r.Recommendations[0].UpdatedBy != "BW" || r.Recommendations[1].Status != types.RecommendationStatus_RECOMMENDATION_STATUS_OPEN {
		t.Errorf("recommendations %+v", r.Recommendations)
	}
	if len(r.Steps) != 1 || !slices.Equal(r.Steps[0].Recommendations, []uint32{1}) || r.Steps[0].Signer != c.Address("in-admin") {
		t.Errorf("steps %+v", r.Steps)
	}
	var proposals types.QueryProposalsResponse
	c.MustQuery(types.QueryProposals, &types.QueryProposalsRequest{}, &proposals)
	if len(proposals.Proposals) != 0 {
		t.Errorf("a peer review made proposals: %+v", proposals.Proposals)
	}
}

// TestPeerReviewRefusals: who records what, and in what order.
func TestPeerReviewRefusals(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"), withBodies(monitoringGroup()), withStatus("IN", suspended))
	c.Refused("in-admin", &types.MsgInviteReview{}, participanttypes.ErrParticipantStatus)
	c.DeliverOK("za-admin", &types.MsgInviteReview{})
	cases := []struct {
		name   string
		signer string
		msg    envelope.Message
		want   *refusal.Error
	}{
		{"Botswana, neither the Chair nor the group's chair, schedules", "bw-admin", schedule(1, false, "EU"), types.ErrNotReviewOfficer},
		{"a review never invited", "ru-admin", schedule(9, false, "EU"), types.ErrUnknownReview},
		{"South Africa on its own team", "ru-admin", schedule(1, false, "EU", "ZA"), types.ErrInvalidReview},
		{"Namibia, no participant, on the team", "ru-admin", schedule(1, false, "EU", "NA"), types.ErrInvalidReview},
		{"a team of nobody", "ru-admin", schedule(1, false), types.ErrInvalidReview},
		{"a follow-up before any visit", "ru-admin", schedule(1, true, "EU"), types.ErrInvalidReview},
		{"a report of a visit never scheduled", "ru-admin", &types.MsgReportVisit{ReviewId: 1, Visit: 1, Report: "Visited."}, types.ErrInvalidReview},
		{"Botswana reports steps for South Africa", "bw-admin", &types.MsgReportSteps{ReviewId: 1, Text: "Steps."}, types.ErrNotReviewed},
		{"South Africa's steps on a recommendation it never had", "za-admin", &types.MsgReportSteps{ReviewId: 1, Text: "Steps.", Recommendations: []uint32{1}}, types.ErrInvalidReview},
		{"tracking a recommendation never made", "eu-admin", &types.MsgTrackRecommendation{ReviewId: 1, Number: 1, Status: types.RecommendationStatus_RECOMMENDATION_STATUS_OPEN}, types.ErrInvalidReview},
		{"a status of nothing", "eu-admin", &types.MsgTrackRecommendation{ReviewId: 1, Number: 1}, types.ErrInvalidReview},
		{"an observer schedules", "wdc-observer", schedule(1, false, "EU"), envelope.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.SetT(t)
			c.Refused(tc.signer, tc.msg, tc.want)
		})
	}
	c.SetT(t)
	c.DeliverOK("eu-admin", schedule(1, false, "EU"))
	c.Refused("eu-admin", schedule(1, false, "EU"), types.ErrInvalidReview)
}
