package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// DefaultGenesis has the default parameters and no chair.
func DefaultGenesis() json.RawMessage {
	bz, err := format.MarshalGenesisJSON(&types.GenesisState{Params: types.DefaultParams()})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads and checks app_state.plenary without state; an absent
// section means the defaults.
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
	names := map[string]bool{}
	for i := range gs.Bodies {
		if err := gs.Bodies[i].Validate(); err != nil {
			return nil, err
		}
		if names[gs.Bodies[i].Name] {
			return nil, types.ErrInvalidGenesis.Wrapf("two bodies named %q", gs.Bodies[i].Name)
		}
		names[gs.Bodies[i].Name] = true
	}
	years := map[uint32]bool{}
	for i := range gs.Chairs {
		t := &gs.Chairs[i]
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if years[t.Year] {
			return nil, types.ErrInvalidGenesis.Wrapf("two chair terms for %d", t.Year)
		}
		years[t.Year] = true
	}
	return &gs, nil
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
