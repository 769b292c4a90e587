package keeper

import (
	"github.com/kpledger/kpledger/app/ledger"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// holders are the roles that may hold a shipment in custody.
var holders = []participanttypes.Role{
	participanttypes.Role_ROLE_EXPORTER, participanttypes.Role_ROLE_IMPORTER,
	participanttypes.Role_ROLE_ISSUER, participanttypes.Role_ROLE_IMPORTER_AUTHORITY, participanttypes.Role_ROLE_ADMIN,
}

// Register adds the module's messages, with the roles that may sign them, and
// its queries.
func (k Keeper) Register(msgs *ledger.MsgRouter, queries *ledger.QueryRouter) {
	issuer := []participanttypes.Role{participanttypes.Role_ROLE_ISSUER}
	importingSide := []participanttypes.Role{participanttypes.Role_ROLE_IMPORTER, participanttypes.Role_ROLE_IMPORTER_AUTHORITY}
	ledger.HandleMsg(msgs, issuer, k.Issue)
	ledger.HandleMsg(msgs, holders, k.Transfer)
	ledger.HandleMsg(msgs, []participanttypes.Role{participanttypes.Role_ROLE_IMPORTER_AUTHORITY}, k.Attest)
	ledger.HandleMsg(msgs, importingSide, k.Confirm)
	ledger.HandleMsg(msgs, importingSide, k.Reject)
	ledger.HandleMsg(msgs, issuer, k.Void)
	k.registerQueries(queries)
}
