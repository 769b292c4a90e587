package client

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// MonitoringCommand is `kpd query monitoring`.
func MonitoringCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "monitoring",
		Short: "Monitoring flags: value discrepancies, overdue confirmations, missed reporting deadlines",
	}
	cmd.AddCommand(discrepanciesCmd(), overdueCmd(), overdueRatesCmd(), massBalanceCmd(), nonSubmittersCmd(), vigilanceCmd(), monitoringParamsCmd())
	return cmd
}

func discrepanciesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "discrepancies [--rule mirror|price|weight] [--participant XX]",
		Short: "Significant value discrepancies: each names the certificate, the figures and the rule",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			req := &types.QueryDiscrepanciesRequest{}
			if r, _ := f.GetString("rule"); r != "" {
				rule, ok := types.ParseRule(r)
				if !ok {
					return fmt.Errorf("--rule %q: mirror, price or weight", r)
				}
				req.Rule = rule
			}
			participant, _ := f.GetString("participant")
			req.Participant = participanttypes.NormalizeCode(participant)
			req.PageKey, _ = f.GetString("page-key")
			req.Limit, _ = f.GetUint32("limit")
			var resp types.QueryDiscrepanciesResponse
			return client.RunTableQuery(cmd, types.QueryDiscrepancies, req, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("CERTIFICATE", "RULE", "FLAGGED", "ISSUER", "DEST", "CARATS", "VALUE US$", "FOLLOW-UP", "FINDING")
				for _, d := range resp.Discrepancies {
					t.Columns(d.Number, d.Rule.Name(), format.Time(d.FlaggedAt), d.Issuer, d.Destination, hundredths(d.Carats), hundredths(d.ValueUsd), followUpText(d.FollowUp), d.Explanation)
				}
				t.Flush()
				if resp.NextKey != "" {
					fmt.Fprintf(w, "more: --page-key %s\n", resp.NextKey)
				}
			}, func() [][]string {
				rows := [][]string{{"number", "rule", "flagged_at", "height", "issuer", "destination", "origin", "hs_code", "carats", "value_usd",
					"received_value_usd", "deviation_bp", "reference_year", "reference_quarter", "reference_carats", "reference_value_usd", "explanation"}}
				for _, d := range resp.Discrepancies {
					rows = append(rows, []string{d.Number, d.Rule.Name(), format.Time(d.FlaggedAt), fmt.Sprint(d.Height), d.Issuer, d.Destination, d.Origin, d.HsCode,
						hundredths(d.Carats), hundredths(d.ValueUsd), hundredths(d.ReceivedValueUsd), fmt.Sprint(d.DeviationBp),
						fmt.Sprint(d.ReferenceYear), fmt.Sprint(d.ReferenceQuarter), hundredths(d.ReferenceCarats), hundredths(d.ReferenceValueUsd), d.Explanation})
				}
				return rows
			})
		},
	}
	cmd.Flags().String("rule", "", "mirror, price or weight (default: all)")
	cmd.Flags().String("participant", "", "as issuer or destination")
	cmd.Flags().String("page-key", "", "continue where the previous page ended")
	cmd.Flags().Uint32("limit", 0, "flags per page (default 100)")
	return cmd
}

func overdueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "overdue [--all] [--participant XX]",
		Short: "Certificates not confirmed within the deadline of their arrival at the importer, and those that expired never confirmed (--all: settled ones too, with their outcome)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			req := &types.QueryOverdueRequest{}
			req.All, _ = f.GetBool("all")
			participant, _ := f.GetString("participant")
			req.Participant = participanttypes.NormalizeCode(participant)
			req.PageKey, _ = f.GetString("page-key")
			req.Limit, _ = f.GetUint32("limit")
			var resp types.QueryOverdueResponse
			return client.RunTableQuery(cmd, types.QueryOverdue, req, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("CERTIFICATE", "ISSUER", "DEST", "ISSUED", "ARRIVED", "LISTED SINCE", "OUTCOME", "FOLLOW-UP")
				for _, o := range resp.Certificates {
					t.Columns(o.Number, o.Issuer, o.Destination, format.Time(o.IssuedAt), orNone(o.ArrivedAt, "no transfer recorded"), format.Time(o.FlaggedAt), overdueOutcome(&o), followUpText(o.FollowUp))
				}
				t.Flush()
				if resp.NextKey != "" {
					fmt.Fprintf(w, "more: --page-key %s\n", resp.NextKey)
				}
			}, func() [][]string {
				rows := [][]string{{"number", "issuer", "destination", "issued_at", "arrived_at", "expires_at", "overdue", "flagged_at", "flagged_height", "outcome", "closed_at"}}
				for _, o := range resp.Certificates {
					outcome := ""
					if o.Outcome != 0 {
						outcome = o.Outcome.Name()
					}
					rows = append(rows, []string{o.Number, o.Issuer, o.Destination, format.Time(o.IssuedAt), format.Time(o.ArrivedAt), format.Time(o.ExpiresAt),
						fmt.Sprint(o.Overdue), format.Time(o.FlaggedAt), fmt.Sprint(o.FlaggedHeight), outcome, format.Time(o.ClosedAt)})
				}
				return rows
			})
		},
	}
	cmd.Flags().Bool("all", false, "every certificate ever listed, with its outcome")
	cmd.Flags().String("participant", "", "as issuer or destination")
	cmd.Flags().String("page-key", "", "continue where the previous page ended")
	cmd.Flags().Uint32("limit", 0, "certificates per page (default 100)")
	return cmd
}

// followUpText is where a flag's follow-up stands, with its last note.
func followUpText(fu types.FollowUp) string {
	if len(fu.Steps) == 0 {
		return "open"
	}
	last := fu.Steps[len(fu.Steps)-1]
	if last.Note == "" {
		return fmt.Sprintf("%s by %s %s", fu.Status.Name(), last.Participant, format.Time(last.Time))
	}
	return fmt.Sprintf("%s by %s %s: %s", fu.Status.Name(), last.Participant, format.Time(last.Time), last.Note)
}

// massBalanceCmd lists participants' mass balances of a year.
func massBalanceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mass-balance --year YEAR [--participant XX] [--flagged]",
		Short: "Exports against production, imports and opening stock, per participant and origin set: those that exceed are flagged",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			req := &types.QueryMassBalanceRequest{}
			req.Year, _ = f.GetUint32("year")
			participant, _ := f.GetString("participant")
			req.Participant = participanttypes.NormalizeCode(participant)
			req.Flagged, _ = f.GetBool("flagged")
			var resp types.QueryMassBalanceResponse
			return client.RunTableQuery(cmd, types.QueryMassBalance, req, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("PARTICIPANT", "ORIGINS", "CHECKED TO", "OPENING", "IMPORTS", "PRODUCTION", "EXPORTS", "AVAILABLE", "FLAG", "FOLLOW-UP")
				for _, b := range resp.Balances {
					checked, flag := "not yet (no production reported)", ""
					if b.CheckedHalf > 0 {
						checked = fmt.Sprintf("H%d", b.CheckedHalf)
					}
					switch {
					case b.Exceeded:
						flag = "EXCEEDED since " + format.Time(b.FlaggedAt)
					case b.FlaggedAt != 0:
						flag = "exceeded at " + format.Time(b.FlaggedAt) + ", balanced since"
					}
					opening := b.Carried + b.FirstHalf.Declared + b.SecondHalf.Declared
					imports := b.FirstHalf.Imports + b.SecondHalf.Imports
					exports := b.FirstHalf.Exports + b.SecondHalf.Exports
					t.Columns(b.Participant, strings.Join(b.Origins, ","), checked, hundredths(opening), hundredths(imports), hundredths(b.Production),
						hundredths(exports), hundredths(b.Available), flag, followUpText(b.FollowUp))
				}
				t.Flush()
			}, func() [][]string {
				rows := [][]string{{"participant", "year", "origins", "carried", "h1_declared", "h1_imports", "h1_exports", "h2_declared", "h2_imports", "h2_exports",
					"checked_half", "production", "available", "exported", "exceeded", "flagged_at", "follow_up"}}
				for _, b := range resp.Balances {
					rows = append(rows, []string{b.Participant, fmt.Sprint(b.Year), strings.Join(b.Origins, ","), hundredths(b.Carried),
						hundredths(b.FirstHalf.Declared), hundredths(b.FirstHalf.Imports), hundredths(b.FirstHalf.Exports),
						hundredths(b.SecondHalf.Declared), hundredths(b.SecondHalf.Imports), hundredths(b.SecondHalf.Exports),
						fmt.Sprint(b.CheckedHalf), hundredths(b.Production), hundredths(b.Available), hundredths(b.Exported), fmt.Sprint(b.Exceeded),
						format.Time(b.FlaggedAt), b.FollowUp.Status.Name()})
				}
				return rows
			})
		},
	}
	cmd.Flags().Uint32("year", 0, "the year")
	cmd.Flags().String("participant", "", "one participant (default: all)")
	cmd.Flags().Bool("flagged", false, "only the balances whose exports exceeded")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

// overdueOutcome says what became of a listed certificate.
func overdueOutcome(o *types.OverdueCertificate) string {
	switch {
	case o.Outcome == 0:
		return "awaiting confirmation"
	case o.Outcome == certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED:
		return "expired, never confirmed " + format.Time(o.ClosedAt)
	case o.Overdue:
		return o.Outcome.Name() + " after the deadline " + format.Time(o.ClosedAt)
	}
	return o.Outcome.Name() + " " + format.Time(o.ClosedAt)
}

func orNone(t int64, none string) string {
	if t == 0 {
		return none
	}
	return format.Time(t)
}

// overdueRatesCmd is the Participation Committee's evidence of how each
// destination confirms.
func overdueRatesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "overdue-rates --year YEAR",
		Short: "Each destination's certificates of a year of issue: addressed to it, overdue, expired never confirmed, confirmed late",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			year, _ := cmd.Flags().GetUint32("year")
			var resp types.QueryOverdueRatesResponse
			return client.RunTableQuery(cmd, types.QueryOverdueRates, &types.QueryOverdueRatesRequest{Year: year}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("PARTICIPANT", "ADDRESSED", "OVERDUE", "EXPIRED UNCONFIRMED", "CONFIRMED LATE", "OVERDUE RATE")
				for _, n := range resp.Rates {
					t.Columns(n.Participant, fmt.Sprint(n.Addressed), fmt.Sprint(n.Overdue), fmt.Sprint(n.ExpiredUnconfirmed), fmt.Sprint(n.ConfirmedLate), n.Rate())
				}
				t.Flush()
			}, func() [][]string {
				rows := [][]string{{"participant", "year", "addressed", "overdue", "expired_unconfirmed", "confirmed_late"}}
				for _, n := range resp.Rates {
					rows = append(rows, []string{n.Participant, fmt.Sprint(n.Year), fmt.Sprint(n.Addressed), fmt.Sprint(n.Overdue), fmt.Sprint(n.ExpiredUnconfirmed), fmt.Sprint(n.ConfirmedLate)})
				}
				return rows
			})
		},
	}
	cmd.Flags().Uint32("year", 0, "the year of issue")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

func nonSubmittersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "non-submitters [--all]",
		Short: "Participants that missed a production reporting deadline, and since when (--all: late reports too)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, _ := cmd.Flags().GetBool("all")
			var resp types.QueryNonSubmittersResponse
			return client.RunTableQuery(cmd, types.QueryNonSubmitters, &types.QueryNonSubmittersRequest{All: all}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("PARTICIPANT", "PERIOD", "MISSING SINCE", "REPORTED")
				for _, n := range resp.NonSubmitters {
					t.Columns(n.Participant, fmt.Sprintf("%d H%d", n.Year, n.Half), format.Time(n.DeadlineAt), format.Time(n.ReportedAt))
				}
				t.Flush()
				fmt.Fprintf(w, "next deadline: %d H%d production due by %s\n", resp.Next.Year, resp.Next.Half, format.Time(resp.NextDeadlineAt))
			}, func() [][]string {
				rows := [][]string{{"participant", "year", "half", "deadline_at", "recorded_height", "reported_at"}}
				for _, n := range resp.NonSubmitters {
					rows = append(rows, []string{n.Participant, fmt.Sprint(n.Year), fmt.Sprint(n.Half), format.Time(n.DeadlineAt), fmt.Sprint(n.RecordedHeight), format.Time(n.ReportedAt)})
				}
				return rows
			})
		},
	}
	cmd.Flags().Bool("all", false, "every missed deadline, late reports included")
	return cmd
}

func monitoringParamsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "params",
		Short: "The monitoring rules in force",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryParamsResponse
			return client.RunQuery(cmd, types.QueryParams, &types.QueryParamsRequest{}, &resp, func(w io.Writer) {
				p := resp.Params
				t := client.NewTable(w)
				t.Row("production due", fmt.Sprintf("%d months after the half-year", p.ProductionDeadlineMonths))
				t.Row("mirror tolerance", fmt.Sprintf("%s%%", hundredths(int64(p.MirrorToleranceBp))))
				t.Row("price factor", fmt.Sprintf("%s× the reference US$/carat", hundredths(int64(p.PriceFactorPercent))))
				t.Row("price reference", fmt.Sprintf("at least %d certificates and %s ct", p.PriceMinCertificates, hundredths(p.PriceMinCarats)))
				t.Flush()
			})
		},
	}
}

// vigilanceCmd lists apart the certificates of the participants on the
// plenary's heightened-vigilance list, issued since their listing, and the
// operators listed as involved in illicit trade.
func vigilanceCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "vigilance",
		Short: "Certificates of participants under heightened vigilance (since their listing), and the operators listed as involved in illicit trade",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			var lists certtypes.QueryListingsResponse
			return client.RunQuery(cmd, certtypes.QueryListings, &certtypes.QueryListingsRequest{}, &lists, func(w io.Writer) {
				for _, v := range lists.Vigilance {
					if !v.Active {
						fmt.Fprintf(w, "%s: under heightened vigilance %s to %s (%s)\n", v.Participant, format.Time(v.ListedAt), format.Time(v.DelistedAt), v.Reference)
						continue
					}
					fmt.Fprintf(w, "%s: under heightened vigilance since %s (%s)\n", v.Participant, format.Time(v.ListedAt), v.Reference)
					var certs certtypes.QueryCertificatesResponse
					req := &certtypes.QueryCertificatesRequest{Issuer: v.Participant, IssuedFrom: v.ListedAt, Limit: 200}
					if _, err := c.Query(cmd.Context(), certtypes.QueryCertificates, req, &certs); err != nil {
						fmt.Fprintf(w, "  certificates: %v\n", err)
						continue
					}
					for _, ct := range certs.Certificates {
						fmt.Fprintf(w, "  %s → %s, origin %s, %s ct, US$%s, issued %s, %s\n", ct.Number, ct.Destination, ct.Origin,
							format.Hundredths(ct.Carats), format.Hundredths(ct.ValueUsd), format.Time(ct.IssuedAt), ct.Status.Name())
					}
					if certs.NextKey != "" {
						fmt.Fprintf(w, "  more: kpd query certificate list --issuer %s --page-key %s\n", v.Participant, certs.NextKey)
					}
				}
				for _, o := range lists.Operators {
					state := "listed since " + format.Time(o.ListedAt)
					if !o.Active {
						state = "delisted " + format.Time(o.DelistedAt)
					}
					fmt.Fprintf(w, "operator %s (%s, registered by %s): %s (%s)\n", o.Address, o.Name, o.Participant, state, o.Reference)
				}
				if len(lists.Vigilance) == 0 && len(lists.Operators) == 0 {
					fmt.Fprintln(w, "nobody is listed")
				}
			})
		},
	}
}
