package statistics

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/statistics/keeper"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Module is the statistics module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var _ module.Module = Module{}

// NewModule returns the statistics module reading participants through ps.
func NewModule(ps types.ParticipantSource) Module { return Module{Keeper: keeper.New(ps)} }

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

var _ module.BeginBlocker = Module{}

// BeginBlock records the participants that missed a reporting deadline.
func (m Module) BeginBlock(ctx *module.Context) error { return m.Keeper.BeginBlock(ctx) }
