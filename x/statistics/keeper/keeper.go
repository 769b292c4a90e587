// Package keeper holds the statistics module's state, the hooks that keep the
// trade figures as certificates move (trade.go), production reports
// (production.go) and queries.
package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Keeper reads and writes the statistics module's part of a store.
type Keeper struct {
	participants types.ParticipantSource
}

// New returns a keeper reading participants through ps.
func New(ps types.ParticipantSource) Keeper { return Keeper{participants: ps} }

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
