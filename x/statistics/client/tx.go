package client

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
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
	cmd.AddCommand(report, followUpCmd())
	return cmd
}

// followUpCmd is a step of a flag's follow-up by an admin officer of the
// flagged participant.
func followUpCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use: "follow-up discrepancy NUMBER --rule mirror|price|weight | overdue NUMBER | mass-balance YEAR --origins A[,B] " +
			"--status acknowledged|explained|closed [--note TEXT]",
		Short: "Acknowledge, explain or close a monitoring flag on your participant (an admin officer)",
		Long: `Follow up a flag on your participant: acknowledge it, explain it or close it
(explain and close say why in --note). Each step is kept in the flag's
history; a closed flag is final and leaves the default listings. The issuer is
flagged for a price discrepancy, the issuer and the destination for a mirror or
weight discrepancy, the destination for an overdue or expired-unconfirmed
certificate, the participant for its mass balance.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			kind, ok := types.ParseFlagKind(args[0])
			if !ok {
				return fmt.Errorf("%q: discrepancy, overdue or mass-balance", args[0])
			}
			msg := &types.MsgFollowUpFlag{Kind: kind}
			msg.Note, _ = f.GetString("note")
			status, _ := f.GetString("status")
			for _, st := range []types.FlagStatus{types.FlagStatus_FLAG_STATUS_ACKNOWLEDGED, types.FlagStatus_FLAG_STATUS_EXPLAINED, types.FlagStatus_FLAG_STATUS_CLOSED} {
				if st.Name() == status {
					msg.Status = st
				}
			}
			if msg.Status == types.FlagStatus_FLAG_STATUS_OPEN {
				return fmt.Errorf("--status %q: acknowledged, explained or closed", status)
			}
			switch kind {
			case types.FlagKind_FLAG_KIND_MASS_BALANCE:
				year, err := strconv.ParseUint(args[1], 10, 32)
				if err != nil {
					return fmt.Errorf("year %q", args[1])
				}
				msg.Year = uint32(year)
				origins, _ := f.GetString("origins")
				for _, o := range strings.Split(origins, ",") {
					msg.Origins = append(msg.Origins, participanttypes.NormalizeCode(o))
				}
			default:
				msg.Number = certtypes.NormalizeNumber(args[1])
				if kind == types.FlagKind_FLAG_KIND_DISCREPANCY {
					rule, _ := f.GetString("rule")
					if msg.Rule, ok = types.ParseRule(rule); !ok {
						return fmt.Errorf("--rule %q: mirror, price or weight", rule)
					}
				}
			}
			return client.RunTx(cmd, msg)
		},
	}
	f := cmd.Flags()
	f.String("rule", "", "a discrepancy's rule: mirror, price or weight")
	f.String("origins", "", "a mass balance's origin set: BW, or AO,CD")
	f.String("status", "", "acknowledged, explained or closed")
	f.String("note", "", "the explanation, or why the flag is closed")
	_ = cmd.MarkFlagRequired("status")
	return cmd
}
