package keeper

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
)

// holders are the roles that may hold a shipment in custody.
var holders = []envelope.Role{
	envelope.Role_ROLE_EXPORTER, envelope.Role_ROLE_IMPORTER,
	envelope.Role_ROLE_ISSUER, envelope.Role_ROLE_IMPORTER_AUTHORITY, envelope.Role_ROLE_ADMIN,
}

// Register adds the module's messages, with the roles that may sign them, and
// its queries.
func (k Keeper) Register(msgs *module.MsgRouter, queries *module.QueryRouter) {
	issuer := []envelope.Role{envelope.Role_ROLE_ISSUER}
	authority := []envelope.Role{envelope.Role_ROLE_IMPORTER_AUTHORITY}
	importingSide := []envelope.Role{envelope.Role_ROLE_IMPORTER, envelope.Role_ROLE_IMPORTER_AUTHORITY}
	module.HandleMsg(msgs, issuer, k.Issue)
	module.HandleMsg(msgs, holders, k.Transfer)
	module.HandleMsg(msgs, authority, k.Attest)
	module.HandleMsg(msgs, []envelope.Role{envelope.Role_ROLE_ISSUER, envelope.Role_ROLE_IMPORTER_AUTHORITY}, k.Reseal)
	module.HandleMsg(msgs, importingSide, k.Confirm)
	// Only an authority detains, and releases after remedy.
	module.HandleMsg(msgs, authority, k.Reject)
	module.HandleMsg(msgs, authority, k.Release)
	module.HandleMsg(msgs, issuer, k.Void)
	module.HandleMsg(msgs, []envelope.Role{envelope.Role_ROLE_ADMIN}, k.DeclareStock)
	k.registerQueries(queries)
}
