package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
)

func queryTxCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "tx HASH",
		Short: "Show a committed transaction: height, result, signer, messages and events",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			view, err := c.LookupTx(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if c.JSON() {
				return printJSON(c.Out, view)
			}
			t := client.NewTable(c.Out)
			t.Row("txhash", view.Hash)
			t.Row("height", view.Height)
			if view.Codespace != "" {
				t.Row("code", fmt.Sprintf("%d (%s)", view.Code, view.Codespace))
			} else {
				t.Row("code", view.Code)
			}
			t.Row("log", view.Log)
			t.Row("signer", view.Signer)
			t.Row("sequence", view.Sequence)
			t.Flush()
			for i, m := range view.Messages {
				var pretty strings.Builder
				var v any
				if json.Unmarshal(m, &v) == nil {
					bz, _ := json.MarshalIndent(v, "  ", "  ")
					pretty.Write(bz)
				}
				fmt.Fprintf(c.Out, "message %d: %s\n", i, pretty.String())
			}
			for _, e := range view.Events {
				keys := make([]string, 0, len(e.Attributes))
				for k := range e.Attributes {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				parts := make([]string, len(keys))
				for i, k := range keys {
					parts[i] = k + "=" + e.Attributes[k]
				}
				fmt.Fprintf(c.Out, "event %s: %s\n", e.Type, strings.Join(parts, " "))
			}
			return nil
		},
	}
}
