package client

import (
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// TxCommand is `kpd tx statistics`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "statistics",
		Short: "Report production statistics (an admin officer)",
	}
	report := &cobra.Command{
		Use:   "report-production --year YYYY --half 1|2 [--alluvial-carats X --alluvial-value Y ...]",
		Short: "Report (or correct) your participant's production of a half-year, by mining type",
		Long: `Report your participant's rough-diamond production of a half-year (Annex III):
carats and US$ value by mining type — alluvial, kimberlite, other. Omitted
figures are zero (a participant without production reports zeros). Reporting
the same half-year again is a correction: a new version, the earlier ones kept.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			msg := &types.MsgReportProduction{}
			msg.Year, _ = f.GetUint32("year")
			msg.Half, _ = f.GetUint32("half")
			msg.Note, _ = f.GetString("note")
			p := &msg.Production
			for _, field := range []struct {
				flag string
				into *int64
			}{
				{"alluvial-carats", &p.AlluvialCarats}, {"alluvial-value", &p.AlluvialValueUsd},
				{"kimberlite-carats", &p.KimberliteCarats}, {"kimberlite-value", &p.KimberliteValueUsd},
				{"other-carats", &p.OtherCarats}, {"other-value", &p.OtherValueUsd},
			} {
				text, _ := f.GetString(field.flag)
				n, err := format.ParseHundredths(text)
				if err != nil {
					return err
				}
				*field.into = n
			}
			return client.RunTx(cmd, msg)
		},
	}
	f := report.Flags()
	f.Uint32("year", 0, "year")
	f.Uint32("half", 0, "half-year: 1 (January–June) or 2 (July–December)")
	for _, t := range []string{"alluvial", "kimberlite", "other"} {
		f.String(t+"-carats", "0", t+" production in carats")
		f.String(t+"-value", "0", t+" production value in US$")
	}
	f.String("note", "", "remarks")
	_ = report.MarkFlagRequired("year")
	_ = report.MarkFlagRequired("half")
	cmd.AddCommand(report)
	return cmd
}
