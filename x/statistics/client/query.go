package client

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// QueryCommand is `kpd query statistics`.
func QueryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "statistics",
		Short: "Trade and production statistics, recomputable from the ledger (-o text|json|csv)",
	}
	cmd.AddCommand(tradeCmd(), productionCmd(), annualCmd())
	return cmd
}

var hundredths = format.Hundredths

func tradeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trade --participant XX [--year YYYY] [--quarter N]",
		Short: "A participant's exports, imports and rejected imports by quarter, with their breakdowns",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req := &types.QueryTradeRequest{}
			participant, _ := cmd.Flags().GetString("participant")
			req.Participant = participanttypes.NormalizeCode(participant)
			var err error
			if req.Year, err = yearOf(cmd); err != nil {
				return err
			}
			req.Quarter, _ = cmd.Flags().GetUint32("quarter")
			var resp types.QueryTradeResponse
			return client.RunTableQuery(cmd, types.QueryTrade, req, &resp,
				func(w io.Writer) { printTrade(w, resp.Quarters) },
				func() [][]string { return tradeRows(resp.Quarters) })
		},
	}
	periodFlags(cmd, "quarter", "quarter 1–4 (default: all four)")
	return cmd
}

func productionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "production --participant XX [--year YYYY] [--half N] [--history]",
		Short: "A participant's production reports by half-year and mining type",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req := &types.QueryProductionRequest{}
			participant, _ := cmd.Flags().GetString("participant")
			req.Participant = participanttypes.NormalizeCode(participant)
			var err error
			if req.Year, err = yearOf(cmd); err != nil {
				return err
			}
			req.Half, _ = cmd.Flags().GetUint32("half")
			req.History, _ = cmd.Flags().GetBool("history")
			var resp types.QueryProductionResponse
			return client.RunTableQuery(cmd, types.QueryProduction, req, &resp,
				func(w io.Writer) { printProduction(w, resp.Reports) },
				func() [][]string { return productionRows(resp.Reports) })
		},
	}
	periodFlags(cmd, "half", "half-year 1 or 2 (default: both)")
	cmd.Flags().Bool("history", false, "every version, corrections included")
	return cmd
}

func annualCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "annual [--year YYYY] [--half 1|2]",
		Short: "Every participant's production, exports and imports of a year (or a half-year), with US$ per carat, like the KP's public tables",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			year, err := yearOf(cmd)
			if err != nil {
				return err
			}
			half, _ := cmd.Flags().GetUint32("half")
			var resp types.QueryAnnualResponse
			return client.RunTableQuery(cmd, types.QueryAnnual, &types.QueryAnnualRequest{Year: year, Half: half}, &resp,
				func(w io.Writer) { PrintAnnual(w, &resp) },
				func() [][]string { return AnnualRows(&resp) })
		},
	}
	cmd.Flags().Uint32("year", 0, "year (default: the year of the ledger's latest block)")
	cmd.Flags().Uint32("half", 0, "a half-year's table: 1 (January–June: production of H1, trade of Q1–Q2) or 2")
	return cmd
}

// yearOf is --year, or the year of the ledger time of the node's latest
// block (a 2005 test network answers for 2005).
func yearOf(cmd *cobra.Command) (uint32, error) {
	if year, _ := cmd.Flags().GetUint32("year"); year != 0 {
		return year, nil
	}
	c, err := client.FromCommand(cmd)
	if err != nil {
		return 0, err
	}
	now, err := c.LatestLedgerTime(cmd.Context())
	if err != nil {
		return 0, err
	}
	return uint32(now.Year()), nil
}

func periodFlags(cmd *cobra.Command, part, usage string) {
	cmd.Flags().String("participant", "", "participant code")
	cmd.Flags().Uint32("year", 0, "year (default: the year of the ledger's latest block)")
	cmd.Flags().Uint32(part, 0, usage)
	_ = cmd.MarkFlagRequired("participant")
}

func printTrade(w io.Writer, quarters []types.QuarterTrade) {
	for _, q := range quarters {
		fmt.Fprintf(w, "%s %d Q%d\n", q.Participant, q.Year, q.Quarter)
		for _, d := range directions(&q) {
			fmt.Fprintf(w, "  %-9s %s ct  US$ %s  %d certificates\n", d.name, hundredths(d.trade.Total.Carats), hundredths(d.trade.Total.ValueUsd), d.trade.Total.Certificates)
			for _, dim := range dimensions(d.trade) {
				if len(dim.shares) == 0 {
					continue
				}
				parts := make([]string, len(dim.shares))
				for i, s := range dim.shares {
					parts[i] = fmt.Sprintf("%s %s ct", s.Key, hundredths(s.Flow.Carats))
				}
				fmt.Fprintf(w, "    by %-12s %s\n", dim.name, strings.Join(parts, ", "))
			}
		}
	}
}

type namedTrade struct {
	name  string
	trade *types.Trade
}

func directions(q *types.QuarterTrade) []namedTrade {
	return []namedTrade{{"exports", &q.Exports}, {"imports", &q.Imports}, {"rejected", &q.Rejected}}
}

type namedShares struct {
	name   string
	shares []types.Share
}

func dimensions(t *types.Trade) []namedShares {
	return []namedShares{{"HS code", t.ByHsCode}, {"origin", t.ByOrigin}, {"provenance", t.ByProvenance}, {"counterpart", t.ByCounterpart}}
}

func tradeRows(quarters []types.QuarterTrade) [][]string {
	rows := [][]string{{"participant", "year", "quarter", "direction", "dimension", "key", "carats", "value_usd", "certificates"}}
	for _, q := range quarters {
		period := []string{q.Participant, fmt.Sprint(q.Year), fmt.Sprint(q.Quarter)}
		for _, d := range directions(&q) {
			rows = append(rows, append(append([]string{}, period...), d.name, "total", "", hundredths(d.trade.Total.Carats), hundredths(d.trade.Total.ValueUsd), fmt.Sprint(d.trade.Total.Certificates)))
			for _, dim := range dimensions(d.trade) {
				for _, s := range dim.shares {
					rows = append(rows, append(append([]string{}, period...), d.name, strings.ReplaceAll(dim.name, " ", "_"), s.Key,
						hundredths(s.Flow.Carats), hundredths(s.Flow.ValueUsd), fmt.Sprint(s.Flow.Certificates)))
				}
			}
		}
	}
	return rows
}

func printProduction(w io.Writer, reports []types.ProductionReport) {
	t := client.NewTable(w)
	t.Columns("PERIOD", "VERSION", "ALLUVIAL CT", "ALLUVIAL US$", "KIMBERLITE CT", "KIMBERLITE US$", "OTHER CT", "OTHER US$", "REPORTED", "NOTE")
	for _, r := range reports {
		p := r.Production
		t.Columns(fmt.Sprintf("%s %d H%d", r.Participant, r.Year, r.Half), r.Version,
			hundredths(p.AlluvialCarats), hundredths(p.AlluvialValueUsd), hundredths(p.KimberliteCarats), hundredths(p.KimberliteValueUsd),
			hundredths(p.OtherCarats), hundredths(p.OtherValueUsd), format.Time(r.ReportedAt), r.Note)
	}
	t.Flush()
}

func productionRows(reports []types.ProductionReport) [][]string {
	rows := [][]string{{"participant", "year", "half", "version", "alluvial_carats", "alluvial_value_usd", "kimberlite_carats",
		"kimberlite_value_usd", "other_carats", "other_value_usd", "reported_at", "height", "signer", "note"}}
	for _, r := range reports {
		p := r.Production
		rows = append(rows, []string{r.Participant, fmt.Sprint(r.Year), fmt.Sprint(r.Half), fmt.Sprint(r.Version),
			hundredths(p.AlluvialCarats), hundredths(p.AlluvialValueUsd), hundredths(p.KimberliteCarats), hundredths(p.KimberliteValueUsd),
			hundredths(p.OtherCarats), hundredths(p.OtherValueUsd), format.Time(r.ReportedAt),
			fmt.Sprint(r.Height), r.Signer, r.Note})
	}
	return rows
}

// PrintAnnual prints a year's table for people (also used by `kpd audit
// replay`).
func PrintAnnual(w io.Writer, resp *types.QueryAnnualResponse) {
	period := fmt.Sprint(resp.Year)
	if resp.Half != 0 {
		period = fmt.Sprintf("%d H%d", resp.Year, resp.Half)
	}
	fmt.Fprintf(w, "KP statistics %s (carats and US$)\n", period)
	if r := resp.Reported; r != nil {
		fmt.Fprintf(w, "reported to the plenary (%s): production %s ct, imports US$ %s, %d certificates\n",
			r.Source, hundredths(r.ProductionCarats), hundredths(r.ImportsValueUsd), r.Certificates)
	}
	t := client.NewTable(w)
	t.Columns("CODE", "PARTICIPANT", "PRODUCTION CT", "PRODUCTION US$", "US$/CT", "HALVES", "EXPORTS CT", "EXPORTS US$", "US$/CT", "CERTS",
		"IMPORTS CT", "IMPORTS US$", "US$/CT", "CERTS")
	for _, r := range append(resp.Rows, resp.Total) {
		t.Columns(r.Participant, r.Name, hundredths(r.ProductionCarats), hundredths(r.ProductionValueUsd), types.USDPerCarat(r.ProductionValueUsd, r.ProductionCarats),
			r.ReportedHalves, hundredths(r.Exports.Carats), hundredths(r.Exports.ValueUsd), types.USDPerCarat(r.Exports.ValueUsd, r.Exports.Carats), r.Exports.Certificates,
			hundredths(r.Imports.Carats), hundredths(r.Imports.ValueUsd), types.USDPerCarat(r.Imports.ValueUsd, r.Imports.Carats), r.Imports.Certificates)
	}
	t.Flush()
	fmt.Fprintln(w, "exports count in the quarter of issue: a later void restates that quarter, even of a period already reported")
}

// AnnualRows is a year's (or a half-year's) table as CSV rows.
func AnnualRows(resp *types.QueryAnnualResponse) [][]string {
	rows := [][]string{{"year", "half", "participant", "name", "production_carats", "production_value_usd", "production_usd_per_carat", "reported_halves",
		"exports_carats", "exports_value_usd", "exports_usd_per_carat", "exports_certificates",
		"imports_carats", "imports_value_usd", "imports_usd_per_carat", "imports_certificates"}}
	for _, r := range append(resp.Rows, resp.Total) {
		rows = append(rows, []string{fmt.Sprint(resp.Year), fmt.Sprint(resp.Half), r.Participant, r.Name,
			hundredths(r.ProductionCarats), hundredths(r.ProductionValueUsd), types.USDPerCarat(r.ProductionValueUsd, r.ProductionCarats),
			fmt.Sprint(r.ReportedHalves), hundredths(r.Exports.Carats), hundredths(r.Exports.ValueUsd), types.USDPerCarat(r.Exports.ValueUsd, r.Exports.Carats),
			fmt.Sprint(r.Exports.Certificates), hundredths(r.Imports.Carats), hundredths(r.Imports.ValueUsd), types.USDPerCarat(r.Imports.ValueUsd, r.Imports.Carats),
			fmt.Sprint(r.Imports.Certificates)})
	}
	return rows
}
