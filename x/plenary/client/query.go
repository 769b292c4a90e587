// Package client holds the plenary module's commands: `kpd query plenary chair`.
package client

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/x/plenary/keeper"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// QueryCommand is `kpd query plenary`.
func QueryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plenary",
		Short: "Decisions of the KP plenary: the chair",
	}
	chair := &cobra.Command{
		Use:   "chair [--year YYYY]",
		Short: "The KP Chair and Vice-Chair of a year, or of every recorded year",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			year, _ := cmd.Flags().GetUint32("year")
			if year != 0 {
				var resp types.QueryChairResponse
				return client.RunQuery(cmd, keeper.QueryPath("Chair"), &types.QueryChairRequest{Year: year}, &resp, func(w io.Writer) {
					printTerms(w, []types.ChairTerm{resp.Term})
				})
			}
			var resp types.QueryChairsResponse
			return client.RunQuery(cmd, keeper.QueryPath("Chairs"), &types.QueryChairsRequest{}, &resp, func(w io.Writer) {
				printTerms(w, resp.Terms)
			})
		},
	}
	chair.Flags().Uint32("year", 0, "the year (default: every recorded year)")
	cmd.AddCommand(chair)
	return cmd
}

func printTerms(w io.Writer, terms []types.ChairTerm) {
	t := client.NewTable(w)
	t.Columns("YEAR", "CHAIR", "VICE-CHAIR")
	for _, term := range terms {
		t.Columns(term.Year, term.Chair, term.ViceChair)
	}
	t.Flush()
}
