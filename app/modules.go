package app

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate"
	"github.com/kpledger/kpledger/x/participant"
	"github.com/kpledger/kpledger/x/plenary"
	"github.com/kpledger/kpledger/x/statistics"
)

// newModules wires the four modules, in the order their block-time work
// (BeginBlock, before the block's transactions) and end-of-block work
// (EndBlock, after them) run, and returns the participant registry the app
// authorises signers with:
//
//  1. participant — the registry of participants, observers, keys and
//     validators; no block work.
//  2. certificate — block time: overdue flags, then expiry.
//  3. statistics — block time: missed reporting deadlines.
//  4. plenary — end of block: proposals closed, decisions executed.
//
// Each module knows the others only through its expected_keepers.go.
func newModules() ([]module.Module, Registry) {
	participants := participant.NewModule()
	stats := statistics.NewModule(participants.Keeper)
	certificates := certificate.NewModule(participants.Keeper, stats.Keeper)
	return []module.Module{
		participants,
		certificates,
		stats,
		plenary.NewModule(participants.Keeper, certificates.Keeper, stats.Keeper),
	}, participants.Keeper
}
