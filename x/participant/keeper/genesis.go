package keeper

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/participant/types"
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

// ParseGenesis reads and checks app_state.participant: unknown fields refused, an
// absent section means the defaults (types.GenesisState.Validate has the
// checks).
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	return module.ParseGenesis(section, types.DefaultGenesis(), types.ErrInvalidGenesis)
}

// InitGenesis writes the registry. InitChain's buffer applies the writes in key
// order, so the tree does not depend on how the file lists them. Keys become
// active at the genesis height.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	for i := range gs.Participants {
		k.SetParticipant(ctx.Store, &gs.Participants[i])
	}
	for i := range gs.Observers {
		store.Save(types.Store(ctx.Store), types.ObserverKey(gs.Observers[i].Code), &gs.Observers[i])
	}
	for i := range gs.Keys {
		rk := &gs.Keys[i]
		rk.Address = envelope.AddressHex(envelope.AddressOf(rk.PubKey))
		rk.Status, rk.AddedHeight, rk.RevokedHeight, rk.ReplacedBy = types.KeyStatus_KEY_STATUS_ACTIVE, ctx.Height, 0, ""
	}
	for i := range gs.Keys {
		k.setKey(ctx.Store, &gs.Keys[i])
	}
	for i := range gs.Validators {
		k.setValidator(ctx.Store, &gs.Validators[i])
	}
	return nil
}
