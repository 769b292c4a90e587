package app

import (
	"github.com/kpledger/kpledger/core/module"
	certkeeper "github.com/kpledger/kpledger/x/certificate/keeper"
	participantkeeper "github.com/kpledger/kpledger/x/participant/keeper"
	plenarykeeper "github.com/kpledger/kpledger/x/plenary/keeper"
	statkeeper "github.com/kpledger/kpledger/x/statistics/keeper"
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
// Each module is its keeper, which implements core/module.Module; a module
// knows the others only through its expected_keepers.go.
func newModules() ([]module.Module, Registry) {
	participants := participantkeeper.Keeper{}
	// The statistics read stocks through a certificate keeper without hooks:
	// reading a stock needs none.
	stats := statkeeper.New(participants, certkeeper.Keeper{})
	certificates := certkeeper.New(participants, stats)
	return []module.Module{
		participants,
		certificates,
		stats,
		plenarykeeper.New(participants, certificates, stats),
	}, participants
}
