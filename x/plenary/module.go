package plenary

import (
	"encoding/json"

	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/x/plenary/keeper"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Module is the plenary module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var _ ledger.Module = Module{}

// NewModule returns the plenary module reading participants through ps.
func NewModule(ps types.ParticipantSource) Module { return Module{Keeper: keeper.New(ps)} }

func (Module) Name() string { return types.ModuleName }

func (Module) StorePrefix() byte { return types.StorePrefix }

func (m Module) Register(_ *ledger.MsgRouter, queries *ledger.QueryRouter) {
	m.Keeper.RegisterQueries(queries)
}

func (Module) DefaultGenesis() json.RawMessage { return keeper.DefaultGenesis() }

func (Module) ValidateGenesis(section json.RawMessage) error {
	_, err := keeper.ParseGenesis(section)
	return err
}

func (m Module) InitGenesis(ctx *ledger.Context, section json.RawMessage) error {
	return m.Keeper.InitGenesis(ctx, section)
}
