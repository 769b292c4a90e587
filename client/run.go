package client

import (
	"context"
	"io"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/core/envelope"
)

// Answer is a query answer that can be printed as JSON.
type Answer interface {
	proto.Message
	Response
}

// RunQuery is the body of a query command: ask path with req at --height and
// print the answer as JSON or through text.
func RunQuery(cmd *cobra.Command, path string, req Request, resp Answer, text func(io.Writer)) error {
	return RunTableQuery(cmd, path, req, resp, text, nil)
}

// RunTableQuery is RunQuery for an answer that is also a table (-o csv).
func RunTableQuery(cmd *cobra.Command, path string, req Request, resp Answer, text func(io.Writer), rows func() [][]string) error {
	c, err := FromCommand(cmd)
	if err != nil {
		return err
	}
	if _, err := c.Query(cmd.Context(), path, req, resp); err != nil {
		return err
	}
	return c.PrintTable(resp, text, rows)
}

// RunTx is the body of a tx command: sign msgs with --from, broadcast, wait,
// print, and fail when the ledger refused them.
func RunTx(cmd *cobra.Command, msgs ...envelope.Message) error {
	return RunTxThen(cmd, nil, msgs...)
}

// RunTxThen is RunTx with then, run on a committed, accepted result before
// it is printed, to add what the command reports about it (Outputs).
func RunTxThen(cmd *cobra.Command, then func(ctx context.Context, c *Context, res *TxResult) error, msgs ...envelope.Message) error {
	c, err := FromCommand(cmd)
	if err != nil {
		return err
	}
	res, err := c.SignAndBroadcast(cmd.Context(), msgs...)
	if err != nil {
		return err
	}
	if then != nil && res.Code == 0 && res.Height > 0 {
		if err := then(cmd.Context(), c, res); err != nil {
			return err
		}
	}
	return c.PrintTx(res)
}
