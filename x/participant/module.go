package participant

import (
	"encoding/json"

	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/x/participant/keeper"
	"github.com/kpledger/kpledger/x/participant/types"
)

// Module is the participant module as the app sees it.
type Module struct {
	Keeper keeper.Keeper
}

var _ ledger.Module = Module{}

// NewModule returns the participant module.
func NewModule() Module { return Module{} }

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
