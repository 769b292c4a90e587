package statistics

import (
	"encoding/json"

	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/x/statistics/keeper"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Module is the statistics module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var _ ledger.Module = Module{}

// NewModule returns the statistics module reading participants through ps.
func NewModule(ps types.ParticipantSource) Module { return Module{Keeper: keeper.New(ps)} }

func (Module) Name() string { return types.ModuleName }

func (Module) StorePrefix() byte { return types.StorePrefix }

func (m Module) Register(msgs *ledger.MsgRouter, queries *ledger.QueryRouter) {
	m.Keeper.Register(msgs, queries)
}

func (Module) DefaultGenesis() json.RawMessage { return keeper.DefaultGenesis() }

func (Module) ValidateGenesis(section json.RawMessage) error {
	_, err := keeper.ParseGenesis(section)
	return err
}

func (m Module) InitGenesis(ctx *ledger.Context, section json.RawMessage) error {
	return m.Keeper.InitGenesis(ctx, section)
}

var _ ledger.BeginBlocker = Module{}

// BeginBlock records the participants that missed a reporting deadline.
func (m Module) BeginBlock(ctx *ledger.Context) error { return m.Keeper.BeginBlock(ctx) }
