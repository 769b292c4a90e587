package types

import participanttypes "github.com/kpledger/kpledger/x/participant/types"

// Bounds of a peer review.
const (
	// MaxRecommendations bounds the recommendations of one visit's report.
	MaxRecommendations = 64
	// MaxVisits bounds the visits of one review (the review visit and its
	// follow-ups).
	MaxVisits = 16
)

// ValidateBasic checks what can be checked without state.
func (m *MsgInviteReview) ValidateBasic() error {
	return ValidateText("invitation", m.Invitation, false)
}

// ValidateBasic checks what can be checked without state: a visit starts
// and then ends, with a team of participants or observers, each once.
func (m *MsgScheduleVisit) ValidateBasic() error {
	if m.ReviewId == 0 {
		return ErrUnknownReview.Wrap("review 0")
	}
	if m.StartAt <= 0 || m.EndAt < m.StartAt {
		return ErrInvalidReview.Wrap("a visit starts and then ends")
	}
	if len(m.Team) == 0 || len(m.Team) > MaxTeam {
		return ErrInvalidReview.Wrapf("a team of 1 to %d", MaxTeam)
	}
	seen := map[string]bool{}
	for _, member := range m.Team {
		if participanttypes.ValidateParticipantCode(member) != nil && participanttypes.ValidateObserverCode(member) != nil {
			return ErrInvalidReview.Wrapf("team member %q is no participant or observer code", member)
		}
		if seen[member] {
			return ErrInvalidReview.Wrapf("%s on the team twice", member)
		}
		seen[member] = true
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgReportVisit) ValidateBasic() error {
	if m.ReviewId == 0 {
		return ErrUnknownReview.Wrap("review 0")
	}
	if m.Visit == 0 {
		return ErrInvalidReview.Wrap("visits are numbered from 1")
	}
	if err := ValidateText("report", m.Report, true); err != nil {
		return err
	}
	if len(m.Recommendations) > MaxRecommendations {
		return ErrInvalidReview.Wrapf("at most %d recommendations", MaxRecommendations)
	}
	for _, r := range m.Recommendations {
		if err := ValidateText("recommendation", r, true); err != nil {
			return err
		}
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgReportSteps) ValidateBasic() error {
	if m.ReviewId == 0 {
		return ErrUnknownReview.Wrap("review 0")
	}
	if len(m.Recommendations) > MaxRecommendations {
		return ErrInvalidReview.Wrapf("at most %d recommendations", MaxRecommendations)
	}
	return ValidateText("steps taken", m.Text, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgTrackRecommendation) ValidateBasic() error {
	if m.ReviewId == 0 {
		return ErrUnknownReview.Wrap("review 0")
	}
	if m.Number == 0 {
		return ErrInvalidReview.Wrap("recommendations are numbered from 1")
	}
	if _, ok := RecommendationStatus_name[int32(m.Status)]; !ok || m.Status == RecommendationStatus_RECOMMENDATION_STATUS_UNSPECIFIED {
		return ErrInvalidReview.Wrapf("status %d: open, in-progress, implemented or not-implemented", m.Status)
	}
	return ValidateText("note", m.Note, false)
}

// ParseRecommendationStatus reads a status as people write it.
func ParseRecommendationStatus(s string) (RecommendationStatus, bool) {
	for v := range RecommendationStatus_name {
		if st := RecommendationStatus(v); st != RecommendationStatus_RECOMMENDATION_STATUS_UNSPECIFIED && st.Name() == s {
			return st, true
		}
	}
	return RecommendationStatus_RECOMMENDATION_STATUS_UNSPECIFIED, false
}

// Name is the status as people write it ("in-progress").
func (s RecommendationStatus) Name() string {
	switch s {
	case RecommendationStatus_RECOMMENDATION_STATUS_OPEN:
		return "open"
	case RecommendationStatus_RECOMMENDATION_STATUS_IN_PROGRESS:
		return "in-progress"
	case RecommendationStatus_RECOMMENDATION_STATUS_IMPLEMENTED:
		return "implemented"
	case RecommendationStatus_RECOMMENDATION_STATUS_NOT_IMPLEMENTED:
		return "not-implemented"
	}
	return "unspecified"
}

// Name is the kind as people write it ("follow-up").
func (k VisitKind) Name() string {
	switch k {
	case VisitKind_VISIT_KIND_REVIEW:
		return "review"
	case VisitKind_VISIT_KIND_FOLLOW_UP:
		return "follow-up"
	}
	return "unspecified"
}

// Stage says where a review stands: invited, visit scheduled, reported,
// follow-up scheduled.
func (r *Review) Stage() string {
	if len(r.Visits) == 0 {
		return "invited"
	}
	last := r.Visits[len(r.Visits)-1]
	switch {
	case last.ReportedAt != 0:
		return last.Kind.Name() + " visit reported"
	default:
		return last.Kind.Name() + " visit scheduled"
	}
}
