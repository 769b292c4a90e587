package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/participant/types"
)

// DefaultGenesis is an empty registry: `kpd genesis add-*` fills it.
func DefaultGenesis() json.RawMessage {
	bz, err := format.MarshalGenesisJSON(&types.GenesisState{})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads and checks the participant section of app_state: unknown
// fields, unknown names, duplicates and dangling references are refused.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	var gs types.GenesisState
	if len(bytes.TrimSpace(section)) > 0 {
		if err := format.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	if err := gs.Validate(); err != nil {
		return nil, err
	}
	return &gs, nil
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
