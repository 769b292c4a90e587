package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Vote records the position of the signer's participant — join, object or
// stand aside — while the proposal is open: one of its electorate, still an
// active voting participant, one position at a time (an objection withdrawn
// leaves it free to take another). When every elector of a written procedure
// has joined or stood aside, nothing can block it any more: it closes at the
// end of this block.
func (k Keeper) Vote(ctx *module.Context, msg *types.MsgVote) error {
	p, err := k.openProposal(ctx, msg.ProposalId)
	if err != nil {
		return err
	}
	code := ctx.Signer.Participant
	if v, withdrawn, ok := p.Position(code); ok && !withdrawn {
		return types.ErrAlreadyVoted.Wrapf("%s's position is %s (height %d)", code, v.Option.Name(), v.Height)
	}
	p.Votes = append(p.Votes, types.Vote{Participant: code, Option: msg.Option, Signer: ctx.Signer.Address, Height: ctx.Height, Time: ctx.Time})
	k.saveProposal(ctx.Store, p)
	if t := p.TallyVotes(); p.Procedure == types.Procedure_PROCEDURE_WRITTEN && int(t.Join+t.StandAside) == len(p.Electorate) {
		closeNow(ctx, p)
	}
	emit(ctx, p, types.ActionVoted)
	return nil
}

// WithdrawObjection withdraws the standing objection of the signer's
// participant while the proposal is open. The entry stays in the proposal's
// history with the time of its withdrawal.
func (k Keeper) WithdrawObjection(ctx *module.Context, msg *types.MsgWithdrawObjection) error {
	p, err := k.openProposal(ctx, msg.ProposalId)
	if err != nil {
		return err
	}
	code := ctx.Signer.Participant
	v, withdrawn, ok := p.Position(code)
	if !ok || withdrawn || v.Option != types.VoteOption_VOTE_OPTION_OBJECT {
		return types.ErrNoObjection.Wrapf("%s on proposal %d", code, p.Id)
	}
	v.WithdrawnAt, v.WithdrawnHeight = ctx.Time, ctx.Height
	k.saveProposal(ctx.Store, p)
	emit(ctx, p, types.ActionWithdrew)
	return nil
}

// openProposal returns a proposal the signer's participant may take a
// position on now: still open (a written procedure before its deadline, an
// in-session one while its session is open), the participant one of its
// electorate and still an active voting participant.
func (k Keeper) openProposal(ctx *module.Context, id uint64) (*types.Proposal, error) {
	p, ok := k.Proposal(ctx.Store, id)
	if !ok {
		return nil, types.ErrUnknownProposal.Wrapf("%d", id)
	}
	if p.Status != types.ProposalStatus_PROPOSAL_STATUS_VOTING ||
		(p.Procedure == types.Procedure_PROCEDURE_WRITTEN && ctx.Time >= p.VotingEndsAt) {
		return nil, types.ErrVotingClosed.Wrapf("proposal %d is %s", p.Id, p.Status.Name())
	}
	if p.Procedure == types.Procedure_PROCEDURE_IN_SESSION {
		if _, err := k.openSession(ctx.Store, p.SessionId); err != nil {
			return nil, err
		}
	}
	code := ctx.Signer.Participant
	if _, found := slices.BinarySearch(p.Electorate, code); !found {
		if p.Procedure == types.Procedure_PROCEDURE_IN_SESSION {
			return nil, types.ErrNotAttending.Wrapf("%s is not among the %d attending electors of proposal %d", code, len(p.Electorate), p.Id)
		}
		return nil, types.ErrNotElector.Wrapf("%s is not among the %d electors of proposal %d", code, len(p.Electorate), p.Id)
	}
	if participant, ok := k.participants.Participant(ctx.Store, code); !ok || !activeVoter(participant) {
		return nil, types.ErrNotVoting.Wrapf("%s is no longer an active voting participant", code)
	}
	return p, nil
}

// closeNow moves a proposal's closing to this block's end.
func closeNow(ctx *module.Context, p *types.Proposal) {
	ms := types.Store(ctx.Store)
	if p.VotingEndsAt != 0 {
		ms.Delete(types.ClosingKey(p.VotingEndsAt, p.Id))
	}
	ms.Set(types.ClosingKey(ctx.Time, p.Id), store.Present)
}
