package keeper

import (
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// EndBlock closes, in id order within each closing time, every proposal due:
// a written procedure at its deadline (or once every elector joined or stood
// aside), an in-session proposal in the block of its declaration of
// consensus or of its session's closing, a unilateral self-suspension in the
// block it was put. It is adopted (passed) and executed when no objection
// stands — and, in session, consensus was declared; otherwise it is
// rejected. Execution is all or nothing: a decision the state no longer
// allows, or that would leave the validator set unsafe, fails and changes
// nothing.
func (k Keeper) EndBlock(ctx *module.Context) error {
	ms := types.Store(ctx.Store)
	prefix := types.ClosingPrefix()
	it := ms.Iterator(prefix, types.ClosingKey(ctx.Time+1, 0))
	var due [][]byte
	for ; it.Valid(); it.Next() {
		due = append(due, append([]byte(nil), it.Key()...))
	}
	if err := it.Close(); err != nil {
		return err
	}
	for _, key := range due {
		ms.Delete(key)
		id := binary.BigEndian.Uint64(key[len(key)-8:])
		p, ok := k.Proposal(ctx.Store, id)
		if !ok {
			return fmt.Errorf("plenary: closing index names missing proposal %d", id)
		}
		k.close(ctx, p)
	}
	return nil
}

// close records a proposal's outcome. The state keeps only what the outcome
// follows from — status, votes, a failure's refusal code — never text: a
// refusal's wording is not consensus (types.Proposal.RenderOutcome renders it
// when queried, and the "closed" event carries a failure's detail).
func (k Keeper) close(ctx *module.Context, p *types.Proposal) {
	p.ClosedAt, p.ClosedHeight = ctx.Time, ctx.Height
	var failure error
	switch {
	case !consensus(p):
		p.Status = types.ProposalStatus_PROPOSAL_STATUS_REJECTED
	default:
		buffer := store.NewBuffer(ctx.Store)
		exec := *ctx
		exec.Store = buffer
		if failure = k.execute(&exec, p); failure != nil {
			buffer.Discard()
			p.Status, p.FailureCode = types.ProposalStatus_PROPOSAL_STATUS_FAILED, refusal.Of(failure).Code()
		} else {
			buffer.Write()
			for _, e := range exec.Events()[len(ctx.Events()):] {
				ctx.EmitEvent(e.Type, e.Attributes...)
			}
			p.Status = types.ProposalStatus_PROPOSAL_STATUS_PASSED
			adoptIfComplete(ctx, p)
		}
	}
	k.saveProposal(ctx.Store, p)
	if failure != nil {
		emit(ctx, p, types.ActionClosed, module.Attr(types.AttributeFailure, failure.Error()))
		return
	}
	emit(ctx, p, types.ActionClosed)
}

// consensus reports whether a proposal due to close is adopted: no standing
// objection — silence is consent, standing aside does not block — and, in
// session, consensus declared; a unilateral self-suspension needs nobody.
func consensus(p *types.Proposal) bool {
	if p.Procedure == types.Procedure_PROCEDURE_UNILATERAL {
		return true
	}
	if _, objecting, _, _, _ := p.Positions(); len(objecting) > 0 {
		return false
	}
	return p.Procedure != types.Procedure_PROCEDURE_IN_SESSION || p.ConsensusDeclaredBy != ""
}
