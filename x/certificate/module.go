package certificate

import (
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/keeper"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// Module is the certificate module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var (
	_ module.Module       = Module{}
	_ module.BeginBlocker = Module{}
)

// NewModule returns the certificate module reading participants through ps and
// telling hooks of every transition.
func NewModule(ps types.ParticipantSource, hooks types.Hooks) Module {
	return Module{Keeper: keeper.New(ps, hooks)}
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

// BeginBlock flags overdue certificates and expires the lapsed ones.
func (m Module) BeginBlock(ctx *module.Context) error { return m.Keeper.BeginBlock(ctx) }
