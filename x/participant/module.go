package participant

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/participant/keeper"
	"github.com/kpledger/kpledger/x/participant/types"
)

// Module is the participant module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var _ module.Module = Module{}

// NewModule returns the participant module.
func NewModule() Module { return Module{} }

func (Module) Name() string { return types.ModuleName }

func (Module) StorePrefix() byte { return types.StorePrefix }

func (m Module) Register(msgs *module.MsgRouter, queries *module.QueryRouter) {
	m.Keeper.Register(msgs, queries)
}

func (Module) DefaultGenesis() json.RawMessage { return keeper.DefaultGenesis() }

func (Module) ValidateGenesis(section json.RawMessage) error {
	_, err := keeper.ParseGenesis(section)
	return err
}

func (m Module) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	return m.Keeper.InitGenesis(ctx, section)
}
