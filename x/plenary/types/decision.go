package types

import (
	"fmt"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Kind is a decision's kind as people write it ("admit", "impose-embargo").
func (d *Decision) Kind() string {
	switch d.Content.(type) {
	case *Decision_Admit:
		return "admit"
	case *Decision_Suspend:
		return "suspend"
	case *Decision_Reinstate:
		return "reinstate"
	case *Decision_Expel:
		return "expel"
	case *Decision_RotateValidator:
		return "rotate-validator"
	case *Decision_ImposeEmbargo:
		return "impose-embargo"
	case *Decision_LiftEmbargo:
		return "lift-embargo"
	case *Decision_Params:
		return "params"
	case *Decision_ElectChair:
		return "elect-chair"
	case *Decision_PeerReview:
		return "peer-review"
	case *Decision_ReviewFollowUp:
		return "review-follow-up"
	case *Decision_EstablishBody:
		return "establish-body"
	case *Decision_DissolveBody:
		return "dissolve-body"
	case *Decision_ChangeBody:
		return "change-body"
	case *Decision_ExtendMandate:
		return "extend-mandate"
	case *Decision_Text:
		switch c := d.Content.(*Decision_Text); c.Text.Kind {
		case TextKind_TEXT_KIND_RESOLUTION:
			return "resolution"
		case TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION:
			return "administrative-decision"
		case TextKind_TEXT_KIND_DECLARATION:
			return "declaration"
		}
		return "text"
	}
	return "none"
}

// Subject is the participant a decision is about, who does not vote on it;
// empty when it is about no participant in particular.
func (d *Decision) Subject() string {
	switch c := d.Content.(type) {
	case *Decision_Admit:
		return c.Admit.Code
	case *Decision_Suspend:
		return c.Suspend.Code
	case *Decision_Reinstate:
		return c.Reinstate.Code
	case *Decision_Expel:
		return c.Expel.Code
	case *Decision_RotateValidator:
		return c.RotateValidator.Code
	}
	return ""
}

// ChangesMembership reports whether the decision may change the validator set.
func (d *Decision) ChangesMembership() bool {
	switch d.Content.(type) {
	case *Decision_Admit, *Decision_Suspend, *Decision_Reinstate, *Decision_Expel, *Decision_RotateValidator:
		return true
	}
	return false
}

// ValidateBasic checks a decision without state.
func (d *Decision) ValidateBasic() error {
	switch c := d.Content.(type) {
	case nil:
		return ErrInvalidDecision.Wrap("no decision")
	case *Decision_Admit:
		a := c.Admit
		if err := participanttypes.ValidateParticipantCode(a.Code); err != nil {
			return err
		}
		if err := participanttypes.ValidateName(a.Name); err != nil {
			return err
		}
		if err := participanttypes.ValidateName(a.AdminName); err != nil {
			return err
		}
		if err := participanttypes.ValidatePubKey(a.AdminPubKey); err != nil {
			return err
		}
		if len(a.ValidatorPubKey) > 0 {
			if err := participanttypes.ValidatePubKey(a.ValidatorPubKey); err != nil {
				return err
			}
		}
		if _, ok := participanttypes.ParticipantKind_name[int32(a.Kind)]; !ok || a.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED {
			return participanttypes.ErrInvalidKind.Wrapf("%d", a.Kind)
		}
	case *Decision_Suspend:
		return participanttypes.ValidateParticipantCode(c.Suspend.Code)
	case *Decision_Reinstate:
		return participanttypes.ValidateParticipantCode(c.Reinstate.Code)
	case *Decision_Expel:
		return participanttypes.ValidateParticipantCode(c.Expel.Code)
	case *Decision_RotateValidator:
		if err := participanttypes.ValidateParticipantCode(c.RotateValidator.Code); err != nil {
			return err
		}
		return participanttypes.ValidatePubKey(c.RotateValidator.ValidatorPubKey)
	case *Decision_ImposeEmbargo:
		return participanttypes.ValidateParticipantCode(c.ImposeEmbargo.Origin)
	case *Decision_LiftEmbargo:
		return participanttypes.ValidateParticipantCode(c.LiftEmbargo.Origin)
	case *Decision_Params:
		p := c.Params
		if p.Certificate == nil && p.Monitoring == nil && p.Plenary == nil {
			return ErrInvalidDecision.Wrap("a parameter change changes something")
		}
		if p.Certificate != nil {
			if err := p.Certificate.Validate(); err != nil {
				return err
			}
		}
		if p.Monitoring != nil {
			if err := p.Monitoring.Validate(); err != nil {
				return err
			}
		}
		if p.Plenary != nil {
			return p.Plenary.Validate()
		}
	case *Decision_ElectChair:
		return c.ElectChair.Validate()
	case *Decision_PeerReview:
		r := c.PeerReview
		if err := participanttypes.ValidateParticipantCode(r.Reviewed); err != nil {
			return err
		}
		if r.StartAt <= 0 || r.EndAt < r.StartAt {
			return ErrInvalidDecision.Wrap("a visit starts and then ends")
		}
		if len(r.Team) == 0 || len(r.Team) > MaxTeam {
			return ErrInvalidDecision.Wrapf("a team of 1 to %d", MaxTeam)
		}
		return ValidateText("recommendations", r.Recommendations, true)
	case *Decision_ReviewFollowUp:
		if c.ReviewFollowUp.ReviewId == 0 {
			return ErrUnknownReview.Wrap("review 0")
		}
		return ValidateText("follow-up", c.ReviewFollowUp.Text, true)
	case *Decision_EstablishBody:
		return c.EstablishBody.Validate()
	case *Decision_DissolveBody:
		return participanttypes.ValidateName(c.DissolveBody.Name)
	case *Decision_ChangeBody:
		if err := participanttypes.ValidateName(c.ChangeBody.Name); err != nil {
			return err
		}
		return c.ChangeBody.Composition.Validate()
	case *Decision_ExtendMandate:
		if err := participanttypes.ValidateName(c.ExtendMandate.Name); err != nil {
			return err
		}
		if c.ExtendMandate.MandateUntil <= 0 {
			return ErrInvalidBody.Wrap("a mandate is extended to a date")
		}
		return ValidateText("mandate", c.ExtendMandate.Mandate, false)
	case *Decision_Text:
		t := c.Text
		if _, ok := TextKind_name[int32(t.Kind)]; !ok || t.Kind == TextKind_TEXT_KIND_UNSPECIFIED {
			return ErrInvalidDecision.Wrap("a resolution, administrative decision or declaration")
		}
		if err := participanttypes.ValidateName(t.Title); err != nil {
			return ErrInvalidDecision.Wrapf("title: %v", err)
		}
		return ValidateDecisionText(t.Language, t.Text)
	default:
		return ErrInvalidDecision.Wrap(fmt.Sprintf("%T", c))
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgPropose) ValidateBasic() error {
	if err := m.Decision.ValidateBasic(); err != nil {
		return err
	}
	return ValidateText("rationale", m.Rationale, false)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgVote) ValidateBasic() error {
	if m.ProposalId == 0 {
		return ErrUnknownProposal.Wrap("proposal 0")
	}
	if _, ok := VoteOption_name[int32(m.Option)]; !ok || m.Option == VoteOption_VOTE_OPTION_UNSPECIFIED {
		return ErrInvalidVote.Wrapf("%d", m.Option)
	}
	return nil
}

// Name is the option as people write it ("yes").
func (o VoteOption) Name() string {
	switch o {
	case VoteOption_VOTE_OPTION_YES:
		return "yes"
	case VoteOption_VOTE_OPTION_NO:
		return "no"
	case VoteOption_VOTE_OPTION_ABSTAIN:
		return "abstain"
	}
	return "unspecified"
}

// Name is the status as people write it ("passed").
func (s ProposalStatus) Name() string {
	switch s {
	case ProposalStatus_PROPOSAL_STATUS_VOTING:
		return "voting"
	case ProposalStatus_PROPOSAL_STATUS_PASSED:
		return "passed"
	case ProposalStatus_PROPOSAL_STATUS_REJECTED:
		return "rejected"
	case ProposalStatus_PROPOSAL_STATUS_FAILED:
		return "failed"
	case ProposalStatus_PROPOSAL_STATUS_ADOPTED:
		return "adopted"
	}
	return "unspecified"
}

// TallyVotes counts a proposal's votes.
func (p *Proposal) TallyVotes() Tally {
	var t Tally
	for _, v := range p.Votes {
		switch v.Option {
		case VoteOption_VOTE_OPTION_YES:
			t.Yes++
		case VoteOption_VOTE_OPTION_NO:
			t.No++
		case VoteOption_VOTE_OPTION_ABSTAIN:
			t.Abstain++
		}
	}
	t.NotVoted = uint32(len(p.Electorate)) - t.Yes - t.No - t.Abstain
	return t
}
