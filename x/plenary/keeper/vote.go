package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Vote records the vote of the signer's participant: one of the proposal's
// electorate, still an active voting participant, voting once, before the
// period ends. When every elector has voted yes, the proposal closes at the
// end of this block.
func (k Keeper) Vote(ctx *module.Context, msg *types.MsgVote) error {
	p, ok := k.Proposal(ctx.Store, msg.ProposalId)
	if !ok {
		return types.ErrUnknownProposal.Wrapf("%d", msg.ProposalId)
	}
	if p.Status != types.ProposalStatus_PROPOSAL_STATUS_VOTING || ctx.Time >= p.VotingEndsAt {
		return types.ErrVotingClosed.Wrapf("proposal %d is %s", p.Id, p.Status.Name())
	}
	code := ctx.Signer.Participant
	if _, found := slices.BinarySearch(p.Electorate, code); !found {
		return types.ErrNotElector.Wrapf("%s is not among the %d electors of proposal %d", code, len(p.Electorate), p.Id)
	}
	if participant, ok := k.participants.Participant(ctx.Store, code); !ok || !activeVoter(participant) {
		return types.ErrNotVoting.Wrapf("%s is no longer an active voting participant", code)
	}
	for _, v := range p.Votes {
		if v.Participant == code {
			return types.ErrAlreadyVoted.Wrapf("%s voted %s at height %d", code, v.Option.Name(), v.Height)
		}
	}
	p.Votes = append(p.Votes, types.Vote{Participant: code, Option: msg.Option, Signer: ctx.Signer.Address, Height: ctx.Height, Time: ctx.Time})
	k.saveProposal(ctx.Store, p)
	if t := p.TallyVotes(); int(t.Yes) == len(p.Electorate) {
		// Unanimous: move the proposal's closing to now, for this block's end.
		ms := types.Store(ctx.Store)
		ms.Delete(types.ClosingKey(p.VotingEndsAt, p.Id))
		ms.Set(types.ClosingKey(ctx.Time, p.Id), store.Present)
	}
	emit(ctx, p, types.ActionVoted)
	return nil
}
