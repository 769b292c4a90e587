package types

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
