package types

import (
	"fmt"
	"strings"

	"github.com/kpledger/kpledger/core/refusal"
)

// RenderOutcome says what became of a closed proposal, from what the state
// keeps of it (status, procedure, positions, failure code, the decision
// itself). It runs when a proposal is queried: no outcome text is ever
// stored, so that rewording one cannot change the app hash.
func (p *Proposal) RenderOutcome() string {
	switch p.Status {
	case ProposalStatus_PROPOSAL_STATUS_REJECTED:
		if _, objecting, _, _, _ := p.Positions(); len(objecting) > 0 {
			return "objected by " + strings.Join(objecting, ", ")
		}
		if p.Procedure == Procedure_PROCEDURE_IN_SESSION {
			return fmt.Sprintf("no consensus declared before session %d closed", p.SessionId)
		}
		return "not adopted"
	case ProposalStatus_PROPOSAL_STATUS_FAILED:
		if r, ok := refusal.Lookup(p.FailureCode); ok {
			return fmt.Sprintf("failed at execution: %s (code %d)", r.Reason(), p.FailureCode)
		}
		return fmt.Sprintf("failed at execution (code %d)", p.FailureCode)
	case ProposalStatus_PROPOSAL_STATUS_ADOPTED:
		if t, ok := p.Decision.Content.(*Decision_Text); ok {
			return t.Text.Kind.Name() + " adopted"
		}
		return p.Decision.kindOf().executed
	case ProposalStatus_PROPOSAL_STATUS_PASSED:
		return p.Decision.kindOf().executed
	}
	return ""
}
