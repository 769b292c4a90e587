package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/app/codec"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// DefaultGenesis is empty: statistics start from the ledger.
func DefaultGenesis() json.RawMessage {
	bz, err := codec.MarshalGenesisJSON(&types.GenesisState{})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads app_state.statistics.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	var gs types.GenesisState
	if trimmed := bytes.TrimSpace(section); len(trimmed) > 0 && string(trimmed) != "null" {
		if err := codec.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	return &gs, nil
}

// InitGenesis checks the section; there is nothing to write yet.
func (k Keeper) InitGenesis(_ *ledger.Context, section json.RawMessage) error {
	_, err := ParseGenesis(section)
	return err
}
