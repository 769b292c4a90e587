package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// DefaultGenesis has the default monitoring parameters: statistics start from
// the module.
func DefaultGenesis() json.RawMessage {
	bz, err := format.MarshalGenesisJSON(&types.GenesisState{Params: types.DefaultParams()})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads app_state.statistics; an absent section means the
// defaults.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	gs := types.GenesisState{Params: types.DefaultParams()}
	if trimmed := bytes.TrimSpace(section); len(trimmed) > 0 && string(trimmed) != "null" {
		gs = types.GenesisState{}
		if err := format.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	if err := gs.Params.Validate(); err != nil {
		return nil, err
	}
	return &gs, nil
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
	year, half := types.HalfOf(ctx.Time)
	store.Save(types.Store(ctx.Store), types.NextDeadlineKey(), &types.NextDeadline{Year: year, Half: half})
	return nil
}
