package client

import (
	"context"

	participantkeeper "github.com/kpledger/kpledger/x/participant/keeper"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// DescribeAddress names a registered key for people: "Licensed exporter of
// Botswana, exporter of BW"; empty when the ledger does not know it.
func (c *Context) DescribeAddress(ctx context.Context, address string) string {
	var resp participanttypes.QueryKeyResponse
	if _, err := c.Query(ctx, participantkeeper.QueryPath("Key"), &participanttypes.QueryKeyRequest{Address: address}, &resp); err != nil {
		return ""
	}
	holder := resp.Key.Participant
	if holder == "" {
		holder = resp.Key.Observer
	}
	return resp.Key.Name + ", " + resp.Key.Role.Name() + " of " + holder
}
