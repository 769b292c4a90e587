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
		return ErrInvalidVote.Wrapf("%d: join, object or stand-aside", m.Option)
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgWithdrawObjection) ValidateBasic() error {
	if m.ProposalId == 0 {
		return ErrUnknownProposal.Wrap("proposal 0")
	}
	return nil
}

// ParseVoteOption reads a position as people write it: join, object,
// stand-aside, or the older yes, no, abstain.
func ParseVoteOption(s string) (VoteOption, bool) {
	o, ok := map[string]VoteOption{
		"join": VoteOption_VOTE_OPTION_JOIN, "object": VoteOption_VOTE_OPTION_OBJECT, "stand-aside": VoteOption_VOTE_OPTION_STAND_ASIDE,
		"yes": VoteOption_VOTE_OPTION_JOIN, "no": VoteOption_VOTE_OPTION_OBJECT, "abstain": VoteOption_VOTE_OPTION_STAND_ASIDE,
	}[s]
	return o, ok
}

// Name is the position as people write it ("join").
func (o VoteOption) Name() string {
	switch o {
	case VoteOption_VOTE_OPTION_JOIN:
		return "join"
	case VoteOption_VOTE_OPTION_OBJECT:
		return "object"
	case VoteOption_VOTE_OPTION_STAND_ASIDE:
		return "stand-aside"
	}
	return "unspecified"
}

// Name is the procedure as people write it ("written").
func (p Procedure) Name() string {
	switch p {
	case Procedure_PROCEDURE_WRITTEN:
		return "written"
	case Procedure_PROCEDURE_IN_SESSION:
		return "in-session"
	case Procedure_PROCEDURE_UNILATERAL:
		return "unilateral"
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

// Position is a participant's current position on a proposal: its latest
// entry. withdrawn: that entry is an objection it withdrew (it takes no
// position now); ok false: it never took one (silent).
func (p *Proposal) Position(code string) (v *Vote, withdrawn, ok bool) {
	for i := len(p.Votes) - 1; i >= 0; i-- {
		if p.Votes[i].Participant == code {
			v = &p.Votes[i]
			return v, v.WithdrawnHeight != 0, true
		}
	}
	return nil, false, false
}

// Positions lists the electorate by current position, each in electorate
// order: joined, objecting (standing objections), stood aside, withdrew an
// objection (and took no other position), silent.
func (p *Proposal) Positions() (joined, objecting, stoodAside, withdrew, silent []string) {
	for _, code := range p.Electorate {
		v, withdrawn, ok := p.Position(code)
		switch {
		case !ok:
			silent = append(silent, code)
		case withdrawn:
			withdrew = append(withdrew, code)
		case v.Option == VoteOption_VOTE_OPTION_JOIN:
			joined = append(joined, code)
		case v.Option == VoteOption_VOTE_OPTION_OBJECT:
			objecting = append(objecting, code)
		case v.Option == VoteOption_VOTE_OPTION_STAND_ASIDE:
			stoodAside = append(stoodAside, code)
		}
	}
	return
}

// TallyVotes counts the electorate's current positions.
func (p *Proposal) TallyVotes() Tally {
	joined, objecting, stoodAside, withdrew, silent := p.Positions()
	return Tally{Join: uint32(len(joined)), Object: uint32(len(objecting)), StandAside: uint32(len(stoodAside)),
		Withdrawn: uint32(len(withdrew)), Silent: uint32(len(silent))}
}
