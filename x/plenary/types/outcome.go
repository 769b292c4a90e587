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
		return p.Decision.kindOf().executed
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
