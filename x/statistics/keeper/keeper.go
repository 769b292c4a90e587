package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// A Keeper is its module as the app knows it (app/modules.go).
var (
	_ module.Module       = Keeper{}
	_ module.BeginBlocker = Keeper{}
)

// Name is the module's name: codespace, app_state section, event type.
func (Keeper) Name() string { return types.ModuleName }

// StorePrefix is the one-byte prefix of every key the module writes.
func (Keeper) StorePrefix() byte { return types.StorePrefix }

// Keeper reads and writes the statistics module's part of a store.
type Keeper struct {
	participants types.ParticipantSource
	stocks       types.StockSource
}

// New returns a keeper reading participants through ps and stocks through
// ss.
func New(ps types.ParticipantSource, ss types.StockSource) Keeper {
	return Keeper{participants: ps, stocks: ss}
}

// QuarterTrade returns a participant's trade in a quarter (empty when none).
func (Keeper) QuarterTrade(s store.KVStore, participant string, year, quarter uint32) types.QuarterTrade {
	t := types.QuarterTrade{Participant: participant, Year: year, Quarter: quarter}
	store.Load(types.Store(s), types.TradeKey(year, quarter, participant), &t)
	return t
}

func (Keeper) saveQuarterTrade(s store.KVStore, t *types.QuarterTrade) {
	key := types.TradeKey(t.Year, t.Quarter, t.Participant)
	if t.Exports.Total.IsZero() && t.Imports.Total.IsZero() && t.Rejected.Total.IsZero() {
		types.Store(s).Delete(key)
		return
	}
	store.Save(types.Store(s), key, t)
}

// Register adds the module's messages and queries.
func (k Keeper) Register(msgs *module.MsgRouter, queries *module.QueryRouter) {
	k.registerMsgs(msgs)
	k.registerQueries(queries)
}
