package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// execute applies a passed decision in ctx (a buffer the caller writes only
// on success). Membership decisions end with the validator-set safety rule.
// What it did is rendered from the decision when queried
// (types.Proposal.RenderOutcome).
func (k Keeper) execute(ctx *module.Context, p *types.Proposal) error {
	before := k.participants.ActiveValidators(ctx.Store)
	if err := k.rules(&p.Decision, ctx.Time).apply(ctx, p); err != nil {
		return err
	}
	if p.Decision.ChangesMembership() {
		return checkValidatorSafety(before, k.participants.ActiveValidators(ctx.Store), ctx.LastCommitSigners)
	}
	return nil
}

// changeParams replaces the parameters of the modules a change carries;
// they are read from the next block on.
func (k Keeper) changeParams(s store.KVStore, c *types.ParamsChange) error {
	if c.Certificate != nil {
		if err := k.certificates.SetParams(s, *c.Certificate); err != nil {
			return err
		}
	}
	if c.Monitoring != nil {
		if err := k.monitoring.SetParams(s, *c.Monitoring); err != nil {
			return err
		}
	}
	if c.Plenary != nil {
		return k.SetParams(s, *c.Plenary)
	}
	return nil
}
