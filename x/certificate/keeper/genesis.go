package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// DefaultGenesis has the default parameters and no embargo.
func DefaultGenesis() json.RawMessage {
	bz, err := format.MarshalGenesisJSON(&types.GenesisState{Params: types.DefaultParams()})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads and checks app_state.certificate; an absent section means
// the defaults.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	gs := types.GenesisState{Params: types.DefaultParams()}
	if len(bytes.TrimSpace(section)) > 0 && string(bytes.TrimSpace(section)) != "null" {
		gs = types.GenesisState{}
		if err := format.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	if err := gs.Params.Validate(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range gs.Embargoes {
		if participanttypes.ValidateParticipantCode(e.Origin) != nil || seen[e.Origin] {
			return nil, types.ErrInvalidGenesis.Wrapf("embargo on %q (an ISO code, once)", e.Origin)
		}
		seen[e.Origin] = true
	}
	return &gs, nil
}

// InitGenesis writes the parameters and the embargoes, in force from the
// genesis block.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	if err := k.SetParams(ctx.Store, gs.Params); err != nil {
		return err
	}
	for _, e := range gs.Embargoes {
		saveEmbargo(ctx.Store, &types.Embargo{Origin: e.Origin, Active: true, ImposedAt: ctx.Time, ImposedHeight: ctx.Height, Reference: e.Reference})
	}
	return nil
}
