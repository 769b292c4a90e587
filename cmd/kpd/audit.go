package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/audit"
	certcli "github.com/kpledger/kpledger/x/certificate/client"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	statscli "github.com/kpledger/kpledger/x/statistics/client"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

func auditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Prove a chain from genesis with nothing but its blocks (the node stopped, or a copy of its home)",
	}
	cmd.PersistentFlags().Int64("to-height", 0, "stop at this height (default: the last block)")

	replay := &cobra.Command{
		Use:   "replay --home NODE_HOME",
		Short: "Check every block and re-execute it on a fresh app; report the first divergence and the statistics",
		Long: `Replay a node's chain from genesis. For every block: check the chain itself
(links, data hashes, validator sets, the last commit signed by more than two
thirds of the validators derived from genesis and the app's own updates),
re-execute it on a fresh app in a temporary folder verifying every signature,
and compare the app hash and results with the next header and with the node's
own application state. Report the first divergent height (naming the modules
whose key ranges differ, when the node still holds that height) and print the
annual statistics recomputed from the replay. Exits non-zero on any divergence,
on a store that cannot be read, and when the block store ends below the height
CometBFT's state or the app's state proves the node committed, or below
--to-height (naming the first missing height).
The node must be stopped (or replay a copy of its home).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			report, err := runReplay(cmd)
			if err != nil {
				return err
			}
			defer report.Close()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "chain %s: blocks %d to %d, %d transactions re-executed with every signature verified in %s\n",
				report.ChainID, report.From, report.To, report.Txs, report.Elapsed.Round(time.Millisecond))
			fmt.Fprintf(out, "time: verify %s, execute %s, commit %s\n", report.VerifyTime.Round(time.Millisecond),
				report.ExecuteTime.Round(time.Millisecond), report.CommitTime.Round(time.Millisecond))
			if report.NodeState != "" {
				fmt.Fprintf(out, "node application state not compared: %s\n", report.NodeState)
			} else {
				fmt.Fprintf(out, "node application state compared at %d heights\n", report.NodeStateCompared)
			}
			if d := report.Divergence; d != nil {
				fmt.Fprintf(out, "DIVERGENCE at height %d: %s\n", d.Height, d.Reason)
				if len(d.Modules) > 0 {
					fmt.Fprintf(out, "modules whose state differs at height %d: %s\n", d.Height, strings.Join(d.Modules, ", "))
				}
				return errors.New("the chain does not replay")
			}
			fmt.Fprintln(out, "every block checks out and every app hash matches: the chain replays")
			return printAnnualStatistics(out, report)
		},
	}

	export := &cobra.Command{
		Use:   "export --home NODE_HOME --format csv|json",
		Short: "Replay the chain and write one row per certificate event, for spreadsheets",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, _ := cmd.Flags().GetString("format")
			if format != "csv" && format != "json" {
				return fmt.Errorf("--format %q: csv or json", format)
			}
			report, err := replayedChain(cmd)
			if err != nil {
				return err
			}
			defer report.Close()
			certs, err := report.Certificates()
			if err != nil {
				return err
			}
			rows := audit.EventRows(certs)
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := csv.NewWriter(out)
			_ = w.Write(audit.EventColumns)
			for _, r := range rows {
				_ = w.Write(r.CSV())
			}
			w.Flush()
			return w.Error()
		},
	}
	export.Flags().String("format", "csv", "csv or json")

	trace := &cobra.Command{
		Use:   "trace NUMBER --home NODE_HOME",
		Short: "Replay the chain and print a certificate's provenance tree from it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			report, err := replayedChain(cmd)
			if err != nil {
				return err
			}
			defer report.Close()
			var resp certtypes.QueryTraceResponse
			if err := report.Query(certtypes.QueryTrace, &certtypes.QueryTraceRequest{Number: strings.ToUpper(args[0])}, &resp); err != nil {
				return err
			}
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			return c.Print(&resp, func(w io.Writer) { certcli.PrintTrace(w, &resp) })
		},
	}
	cmd.AddCommand(replay, export, trace)
	return cmd
}

func runReplay(cmd *cobra.Command) (*audit.Report, error) {
	home, _ := cmd.Flags().GetString(client.FlagHome)
	to, _ := cmd.Flags().GetInt64("to-height")
	return audit.Replay(cmd.Context(), audit.Options{Home: home, ToHeight: to, Progress: os.Stderr})
}

// replayedChain replays a chain for export or trace, refusing one that
// diverges.
func replayedChain(cmd *cobra.Command) (*audit.Report, error) {
	report, err := runReplay(cmd)
	if err != nil {
		return nil, err
	}
	if d := report.Divergence; d != nil {
		report.Close()
		return nil, fmt.Errorf("the chain does not replay: height %d: %s (run kpd audit replay)", d.Height, d.Reason)
	}
	return report, nil
}

// printAnnualStatistics prints the recomputed annual table of every year the
// chain's blocks span.
func printAnnualStatistics(out io.Writer, report *audit.Report) error {
	first, last, err := report.Years()
	if err != nil {
		return err
	}
	for year := first; year <= last; year++ {
		var annual stattypes.QueryAnnualResponse
		if err := report.Query(stattypes.QueryAnnual, &stattypes.QueryAnnualRequest{Year: year}, &annual); err != nil {
			return err
		}
		fmt.Fprintln(out)
		statscli.PrintAnnual(out, &annual)
	}
	return nil
}
