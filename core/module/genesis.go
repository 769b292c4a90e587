package module

import (
	"bytes"
	"encoding/json"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
)

// GenesisState is a module's section of genesis app_state: a proto message
// that checks itself without a store.
type GenesisState interface {
	proto.Message
	Validate() error
}

// ParseGenesis reads a module's app_state section: absent or null means the
// module's defaults; otherwise plain jsonpb, unknown fields refused (the
// decoding error wrapped in the module's invalid-genesis refusal); then the
// section's own checks.
func ParseGenesis[GS any, PGS interface {
	*GS
	GenesisState
}](section json.RawMessage, defaults GS, invalid *refusal.Error) (*GS, error) {
	gs := defaults
	if trimmed := bytes.TrimSpace(section); len(trimmed) > 0 && string(trimmed) != "null" {
		gs = *new(GS)
		if err := format.UnmarshalJSON(section, PGS(&gs)); err != nil {
			return nil, invalid.Wrap(err.Error())
		}
	}
	if err := PGS(&gs).Validate(); err != nil {
		return nil, err
	}
	return &gs, nil
}

// MarshalGenesis renders a module's section, as DefaultGenesis gives it.
func MarshalGenesis(gs proto.Message) json.RawMessage {
	bz, err := format.MarshalGenesisJSON(gs)
	if err != nil {
		panic(err) // a module's own section always renders
	}
	return bz
}

// LoadParams reads a module's parameters at key, or its defaults when none
// are stored.
func LoadParams[P any, PP interface {
	*P
	store.Record
}](s store.KVStore, key []byte, defaults P) P {
	var p P
	if !store.Load(s, key, PP(&p)) {
		return defaults
	}
	return p
}

// SaveParams checks a module's parameters and writes them at key.
func SaveParams(s store.KVStore, key []byte, p interface {
	store.Record
	Validate() error
}) error {
	if err := p.Validate(); err != nil {
		return err
	}
	store.Save(s, key, p)
	return nil
}
