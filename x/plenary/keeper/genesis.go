package keeper

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// DefaultGenesis is the module's app_state section of a new chain.
func (Keeper) DefaultGenesis() json.RawMessage {
	gs := types.DefaultGenesis()
	return module.MarshalGenesis(&gs)
}

// ValidateGenesis checks the module's app_state section without a store.
func (Keeper) ValidateGenesis(section json.RawMessage) error {
	_, err := ParseGenesis(section)
	return err
}

// ParseGenesis reads and checks app_state.plenary: unknown fields refused, an
// absent section means the defaults (types.GenesisState.Validate has the
// checks).
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	return module.ParseGenesis(section, types.DefaultGenesis(), types.ErrInvalidGenesis)
}

// InitGenesis writes the parameters and the chair terms; it runs after the
// participant module's, whose participants it checks.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	if err := k.SetParams(ctx.Store, gs.Params); err != nil {
		return err
	}
	for i := range gs.Chairs {
		if err := k.SetChairTerm(ctx.Store, &gs.Chairs[i]); err != nil {
			return err
		}
	}
	for i := range gs.Bodies {
		b := gs.Bodies[i]
		if err := k.checkComposition(ctx.Store, &b.Composition); err != nil {
			return err
		}
		b.EstablishedAt, b.ProposalId = ctx.Time, 0
		k.saveBody(ctx.Store, &b)
	}
	return nil
}
