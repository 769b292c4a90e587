package types

import (
	"fmt"
	"strings"

	"github.com/kpledger/kpledger/core/refusal"
)

// RenderOutcome says what became of a closed proposal, from what the state
// keeps of it (status, votes, quorum, failure code, the decision itself). It
// runs when a proposal is queried: no outcome text is ever stored, so that
// rewording one cannot change the app hash.
func (p *Proposal) RenderOutcome() string {
	switch p.Status {
	case ProposalStatus_PROPOSAL_STATUS_REJECTED:
		if objectors := p.voters(VoteOption_VOTE_OPTION_NO); len(objectors) > 0 {
			return "objected by " + strings.Join(objectors, ", ")
		}
		return fmt.Sprintf("%d yes votes, the quorum is %d", p.TallyVotes().Yes, p.Quorum)
	case ProposalStatus_PROPOSAL_STATUS_FAILED:
		if r, ok := refusal.Lookup(p.FailureCode); ok {
			return fmt.Sprintf("failed at execution: %s (code %d)", r.Reason(), p.FailureCode)
		}
		return fmt.Sprintf("failed at execution (code %d)", p.FailureCode)
	case ProposalStatus_PROPOSAL_STATUS_PASSED, ProposalStatus_PROPOSAL_STATUS_ADOPTED:
		return p.Decision.executed()
	}
	return ""
}

// voters lists the participants that voted an option, in vote order.
func (p *Proposal) voters(option VoteOption) []string {
	var out []string
	for _, v := range p.Votes {
		if v.Option == option {
			out = append(out, v.Participant)
		}
	}
	return out
}

// executed says what an executed decision did.
func (d *Decision) executed() string {
	switch c := d.Content.(type) {
	case *Decision_Admit:
		return c.Admit.Code + " admitted"
	case *Decision_Suspend:
		return c.Suspend.Code + " suspended"
	case *Decision_Reinstate:
		return c.Reinstate.Code + " active"
	case *Decision_Expel:
		return c.Expel.Code + " expelled"
	case *Decision_RotateValidator:
		return c.RotateValidator.Code + "'s validator key rotated"
	case *Decision_ImposeEmbargo:
		return "origin " + c.ImposeEmbargo.Origin + " under embargo"
	case *Decision_LiftEmbargo:
		return "embargo on " + c.LiftEmbargo.Origin + " lifted"
	case *Decision_Params:
		return "parameters changed from the next block"
	case *Decision_ElectChair:
		return fmt.Sprintf("%s chair and %s vice-chair for %d", c.ElectChair.Chair, c.ElectChair.ViceChair, c.ElectChair.Year)
	case *Decision_PeerReview:
		return "peer review of " + c.PeerReview.Reviewed + " recorded"
	case *Decision_ReviewFollowUp:
		return fmt.Sprintf("follow-up of peer review %d recorded", c.ReviewFollowUp.ReviewId)
	case *Decision_EstablishBody:
		return c.EstablishBody.Name + " established"
	case *Decision_DissolveBody:
		return c.DissolveBody.Name + " dissolved"
	case *Decision_ChangeBody:
		return c.ChangeBody.Name + ": composition changed"
	case *Decision_ExtendMandate:
		return c.ExtendMandate.Name + ": mandate extended"
	case *Decision_Text:
		return c.Text.Kind.Name() + " passed"
	}
	return d.Kind() + " executed"
}
