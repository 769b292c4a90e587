package client

import (
	"context"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// DescribeAddresses names registered keys for people ("Licensed exporter of
// Botswana, exporter of BW"), in one query at a height (that of the answer
// the addresses came from); an address the ledger does not know has no name.
func (c *Context) DescribeAddresses(ctx context.Context, height int64, addresses []string) (map[string]string, error) {
	names := map[string]string{}
	var distinct []string
	for _, a := range addresses {
		if _, seen := names[a]; a != "" && !seen {
			names[a] = ""
			distinct = append(distinct, a)
		}
	}
	for start := 0; start < len(distinct); start += participanttypes.MaxKeysByAddress {
		end := min(start+participanttypes.MaxKeysByAddress, len(distinct))
		var resp participanttypes.QueryKeysByAddressResponse
		req := &participanttypes.QueryKeysByAddressRequest{Addresses: distinct[start:end]}
		if _, err := c.queryAt(ctx, height, participanttypes.QueryKeysByAddress, req, &resp); err != nil {
			return nil, err
		}
		for _, k := range resp.Keys {
			holder := k.Participant
			if holder == "" {
				holder = k.Observer
			}
			names[k.Address] = k.Name + ", " + k.Role.Name() + " of " + holder
		}
	}
	return names, nil
}
