package plenary

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/plenary/keeper"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Module is the plenary module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var (
	_ module.Module     = Module{}
	_ module.EndBlocker = Module{}
)

// NewModule returns the plenary module, deciding through the other modules.
func NewModule(participants types.Participants, certificates types.Certificates, monitoring types.Monitoring) Module {
	return Module{Keeper: keeper.New(participants, certificates, monitoring)}
}

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

// EndBlock closes the proposals due and executes those that passed.
func (m Module) EndBlock(ctx *module.Context) error { return m.Keeper.EndBlock(ctx) }
