package keeper

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/statistics/types"
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

// ParseGenesis reads and checks app_state.statistics: unknown fields refused, an
// absent section means the defaults (types.GenesisState.Validate has the
// checks).
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	return module.ParseGenesis(section, types.DefaultGenesis(), types.ErrInvalidGenesis)
}

// InitGenesis writes the parameters and the first reporting deadline to
// check: that of the half-year the chain starts in.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	if err := k.SetParams(ctx.Store, gs.Params); err != nil {
		return err
	}
	for i := range gs.Reported {
		store.Save(types.Store(ctx.Store), types.ReportedYearKey(gs.Reported[i].Year), &gs.Reported[i])
	}
	year, half := types.HalfOf(ctx.Time)
	store.Save(types.Store(ctx.Store), types.NextDeadlineKey(), &types.NextDeadline{Year: year, Half: half})
	return nil
}
