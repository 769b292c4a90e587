package keeper

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
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

// ParseGenesis reads and checks app_state.certificate: unknown fields refused, an
// absent section means the defaults (types.GenesisState.Validate has the
// checks).
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	return module.ParseGenesis(section, types.DefaultGenesis(), types.ErrInvalidGenesis)
}

// InitGenesis writes the parameters and the embargoes, in force from the
// genesis block, and records the opening stocks declared in genesis.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	if err := k.SetParams(ctx.Store, gs.Params); err != nil {
		return err
	}
	for _, e := range gs.Embargoes {
		saveEmbargo(ctx.Store, &types.Embargo{Origin: e.Origin, Issuer: e.Issuer, Active: true, ImposedAt: ctx.Time, ImposedHeight: ctx.Height, Reference: e.Reference})
	}
	for _, d := range gs.OpeningStocks {
		if err := k.declare(ctx, &types.StockDeclaration{Participant: d.Participant, Origins: d.Origins, Carats: d.Carats, Reference: d.Reference}); err != nil {
			return err
		}
	}
	return nil
}
