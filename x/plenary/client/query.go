package client

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	certclient "github.com/kpledger/kpledger/x/certificate/client"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// QueryCommand is `kpd query plenary`.
func QueryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plenary",
		Short: "Plenary decisions: proposals, votes, the chair, embargoes, peer reviews",
	}
	cmd.AddCommand(proposalsCmd(), proposalCmd(), decisionCmd(), chairQueryCmd(), certclient.EmbargoesCommand(), reviewsCmd(),
		bodiesCmd(), bodyCmd(), plenaryParamsCmd(), sessionsCmd())
	return cmd
}

func proposalsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "proposals [--status voting|passed|rejected|failed]",
		Short: "List proposals, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req := &types.QueryProposalsRequest{}
			status, _ := cmd.Flags().GetString("status")
			if status != "" {
				s, ok := map[string]types.ProposalStatus{"voting": types.ProposalStatus_PROPOSAL_STATUS_VOTING, "passed": types.ProposalStatus_PROPOSAL_STATUS_PASSED,
					"rejected": types.ProposalStatus_PROPOSAL_STATUS_REJECTED, "failed": types.ProposalStatus_PROPOSAL_STATUS_FAILED}[status]
				if !ok {
					return fmt.Errorf("--status %q: voting, passed, rejected or failed", status)
				}
				req.Status = s
			}
			req.Before, _ = cmd.Flags().GetUint64("before")
			var resp types.QueryProposalsResponse
			return client.RunQuery(cmd, types.QueryProposals, req, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("ID", "KIND", "SUBJECT", "PROPOSER", "PROCEDURE", "STATUS", "LANGUAGES", "JOIN/OBJECT/ASIDE/SILENT", "CLOSES/CLOSED", "OUTCOME")
				for _, p := range resp.Proposals {
					tally := p.TallyVotes()
					languages := strings.Join(p.Languages, " ")
					if languages == "" {
						languages = "-"
					}
					t.Columns(p.Id, p.Decision.Kind(), p.Decision.Summary(), p.Proposer, procedure(&p), p.Status.Name(), languages,
						fmt.Sprintf("%d/%d/%d/%d", tally.Join, tally.Object, tally.StandAside, tally.Silent+tally.Withdrawn), closes(&p), p.Outcome)
				}
				t.Flush()
				if resp.NextBefore != 0 {
					fmt.Fprintf(w, "more: --before %d\n", resp.NextBefore)
				}
			})
		},
	}
	cmd.Flags().String("status", "", "voting, passed, rejected or failed")
	cmd.Flags().Uint64("before", 0, "list proposals with ids below this")
	return cmd
}

func proposalCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "proposal ID",
		Short: "A proposal: the decision, its procedure, the electorate, every position taken and the outcome",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id %q: %w", args[0], err)
			}
			var resp types.QueryProposalResponse
			return client.RunQuery(cmd, types.QueryProposal, &types.QueryProposalRequest{Id: id}, &resp, func(w io.Writer) {
				p := &resp.Proposal
				t := client.NewTable(w)
				t.Row("proposal", p.Id)
				t.Row("decision", p.Decision.Kind()+": "+p.Decision.Summary())
				if p.Rationale != "" {
					t.Row("rationale", p.Rationale)
				}
				t.Row("proposed by", fmt.Sprintf("%s (%s) at %s", p.Proposer, p.ProposerSigner, format.Time(p.SubmittedAt)))
				t.Row("procedure", procedure(p))
				if p.Procedure == types.Procedure_PROCEDURE_WRITTEN {
					t.Row("deadline", format.Time(p.VotingEndsAt))
				}
				if p.ConsensusDeclaredBy != "" {
					t.Row("consensus declared", fmt.Sprintf("%s by %s", format.Time(p.ConsensusDeclaredAt), p.ConsensusDeclaredBy))
				}
				if p.Subject != "" {
					t.Row("subject", p.Subject)
				}
				t.Row("electorate", fmt.Sprintf("%d: %s", len(p.Electorate), strings.Join(p.Electorate, " ")))
				joined, objecting, stoodAside, withdrew, silent := p.Positions()
				t.Row("joined", list(joined))
				t.Row("objecting", list(objecting))
				t.Row("stood aside", list(stoodAside))
				if len(withdrew) > 0 {
					t.Row("withdrew an objection", list(withdrew))
				}
				t.Row("silent", list(silent))
				t.Row("status", p.Status.Name())
				if len(p.Languages) > 0 {
					t.Row("languages", strings.Join(p.Languages, " ")+fmt.Sprintf(" (%d of %d)", len(p.Languages), len(types.Languages)))
				}
				if p.AdoptedAt != 0 {
					t.Row("adopted", format.Time(p.AdoptedAt))
				}
				if p.Outcome != "" {
					t.Row("outcome", fmt.Sprintf("%s (%s)", p.Outcome, format.Time(p.ClosedAt)))
				}
				t.Flush()
				if len(p.Votes) > 0 {
					fmt.Fprintln(w, "\npositions, in the order taken:")
					v := client.NewTable(w)
					for _, vote := range p.Votes {
						option := vote.Option.Name()
						if vote.WithdrawnHeight != 0 {
							option += ", withdrawn " + format.Time(vote.WithdrawnAt)
						}
						v.Columns("  "+vote.Participant, option, format.Time(vote.Time), "height "+fmt.Sprint(vote.Height), vote.Signer)
					}
					v.Flush()
				}
			})
		},
	}
}

func chairQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "chair [--year YYYY]",
		Short: "The KP Chair and Vice-Chair of a year, or of every recorded year",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			year, _ := cmd.Flags().GetUint32("year")
			if year != 0 {
				var resp types.QueryChairResponse
				return client.RunQuery(cmd, types.QueryChair, &types.QueryChairRequest{Year: year}, &resp, func(w io.Writer) {
					printTerms(w, []types.ChairTerm{resp.Term})
					if len(resp.Replaced) > 0 {
						fmt.Fprintln(w, "\nreplaced:")
						printTerms(w, resp.Replaced)
					}
				})
			}
			var resp types.QueryChairsResponse
			return client.RunQuery(cmd, types.QueryChairs, &types.QueryChairsRequest{}, &resp, func(w io.Writer) {
				printTerms(w, resp.Terms)
			})
		},
	}
	cmd.Flags().Uint32("year", 0, "the year (default: every recorded year)")
	return cmd
}

func printTerms(w io.Writer, terms []types.ChairTerm) {
	t := client.NewTable(w)
	t.Columns("YEAR", "CHAIR", "VICE-CHAIR", "RECORDED")
	for _, term := range terms {
		vice, recorded := term.ViceChair, "genesis"
		if vice == "" {
			vice = "(vacant)"
		}
		if term.ProposalId != 0 {
			recorded = fmt.Sprintf("proposal %d, %s", term.ProposalId, format.Time(term.RecordedAt))
		}
		t.Columns(term.Year, term.Chair, vice, recorded)
	}
	t.Flush()
}

func reviewsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reviews [--participant XX]",
		Short: "Peer reviews: invitation, visits and reports, recommendations and their status, steps taken",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			participant, _ := cmd.Flags().GetString("participant")
			var resp types.QueryReviewsResponse
			return client.RunQuery(cmd, types.QueryReviews, &types.QueryReviewsRequest{Reviewed: strings.ToUpper(participant)}, &resp, func(w io.Writer) {
				for _, r := range resp.Reviews {
					fmt.Fprintf(w, "review %d of %s: %s (invited %s)\n", r.Id, r.Reviewed, r.Stage(), format.Time(r.InvitedAt))
					if r.Invitation != "" {
						fmt.Fprintf(w, "  invitation: %s\n", r.Invitation)
					}
					for i, v := range r.Visits {
						fmt.Fprintf(w, "  visit %d (%s): %s to %s, team %s, scheduled by %s\n", i+1, v.Kind.Name(),
							format.Time(v.StartAt)[:10], format.Time(v.EndAt)[:10], strings.Join(v.Team, " "), v.ScheduledBy)
						if v.ReportedAt != 0 {
							fmt.Fprintf(w, "    report (%s, %s): %s\n", v.ReportedBy, format.Time(v.ReportedAt), v.Report)
						}
					}
					for _, rec := range r.Recommendations {
						line := fmt.Sprintf("  recommendation %d (visit %d): %s — %s", rec.Number, rec.Visit, rec.Text, rec.Status.Name())
						if rec.Note != "" {
							line += " (" + rec.Note + ")"
						}
						fmt.Fprintln(w, line)
					}
					for _, st := range r.Steps {
						fmt.Fprintf(w, "  steps reported %s (recommendations %v): %s\n", format.Time(st.ReportedAt), st.Recommendations, st.Text)
					}
				}
			})
		},
	}
	cmd.Flags().String("participant", "", "the reviewed participant")
	return cmd
}

func plenaryParamsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "params",
		Short: "The plenary's rules: the written procedure's period, whether a membership decision's subject takes part",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryParamsResponse
			return client.RunQuery(cmd, types.QueryParams, &types.QueryParamsRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Row("written procedure", fmt.Sprintf("%s (%d s)", time.Duration(resp.Params.VotingPeriod)*time.Second, resp.Params.VotingPeriod))
				subject := "takes part in the consensus (Core Document)"
				if resp.Params.ExcludeSubject {
					subject = "excluded from membership decisions (a departure from the Core Document)"
				}
				t.Row("subject", subject)
				t.Flush()
			})
		},
	}
}

func decisionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "decision ID [--lang en|fr|pt|es|ru]",
		Short: "A resolution, administrative decision or declaration in one official language",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id %q: %w", args[0], err)
			}
			lang, _ := cmd.Flags().GetString("lang")
			var resp types.QueryDecisionResponse
			return client.RunQuery(cmd, types.QueryDecision, &types.QueryDecisionRequest{Id: id, Language: strings.ToLower(lang)}, &resp, func(w io.Writer) {
				p, t := &resp.Proposal, &resp.Text
				fmt.Fprintf(w, "%s %d — %s (%s)\n", p.Decision.Kind(), p.Id, p.Decision.Summary(), p.Status.Name())
				fmt.Fprintf(w, "[%s] version %d, recorded by %s at %s, sha256 %x\n", t.Language, t.Version, t.Participant, format.Time(t.RecordedAt), t.TextHash)
				for _, r := range resp.Replaced {
					fmt.Fprintf(w, "  replaced: version %d, recorded by %s at %s, sha256 %x\n", r.Version, r.Participant, format.Time(r.RecordedAt), r.TextHash)
				}
				fmt.Fprintf(w, "\n%s\n", strings.TrimRight(t.Text, "\n"))
			})
		},
	}
	cmd.Flags().String("lang", "en", "language: en, fr, pt, es or ru")
	return cmd
}

// queryYear is --year, or the year of the ledger time of the node's latest
// block (a 2005 test network answers for 2005): roles and officers are
// resolved for it.
func queryYear(cmd *cobra.Command) (uint32, error) {
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

func bodiesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bodies [--year YYYY] [--all]",
		Short: "The KP's working groups and committees: kind, chair, vice-chair, members (roles resolved for a year)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			year, err := queryYear(cmd)
			if err != nil {
				return err
			}
			all, _ := cmd.Flags().GetBool("all")
			var resp types.QueryBodiesResponse
			return client.RunQuery(cmd, types.QueryBodies, &types.QueryBodiesRequest{Year: year, IncludeDissolved: all}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("BODY", "KIND", "CHAIR", "VICE-CHAIR", "MEMBERS")
				for _, v := range resp.Bodies {
					name := v.Body.Name
					if v.Body.Dissolved {
						name += " (dissolved)"
					}
					t.Columns(name, v.Body.Kind.Name(), holders(v.Chair), holders(v.ViceChair), len(v.Members))
				}
				t.Flush()
				fmt.Fprintf(w, "roles as of %d\n", year)
			})
		},
	}
	cmd.Flags().Uint32("year", 0, "resolve roles and officers for this year (default: the latest block's)")
	cmd.Flags().Bool("all", false, "dissolved bodies too")
	return cmd
}

func bodyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "body NAME [--year YYYY]",
		Short: "A body: mandate, term, officers, coordinators and members, roles resolved for a year",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			year, err := queryYear(cmd)
			if err != nil {
				return err
			}
			var resp types.QueryBodyResponse
			return client.RunQuery(cmd, types.QueryBody, &types.QueryBodyRequest{Name: args[0], Year: year}, &resp, func(w io.Writer) {
				v := &resp.Body
				t := client.NewTable(w)
				t.Row("body", v.Body.Name)
				t.Row("kind", v.Body.Kind.Name())
				if v.Body.Mandate != "" {
					t.Row("mandate", v.Body.Mandate)
				}
				term := "from " + format.Time(v.Body.EstablishedAt)
				if v.Body.MandateUntil != 0 {
					term += " to " + format.Time(v.Body.MandateUntil)
				}
				if v.Body.Dissolved {
					term += ", dissolved " + format.Time(v.Body.DissolvedAt)
				}
				t.Row("term", term)
				t.Row(fmt.Sprintf("chair (%d)", year), holders(v.Chair))
				t.Row(fmt.Sprintf("vice-chair (%d)", year), holders(v.ViceChair))
				if len(v.Coordinators) > 0 {
					t.Row("coordinators", members(v.Coordinators))
				}
				t.Row("members", members(v.Members))
				t.Flush()
			})
		},
	}
	cmd.Flags().Uint32("year", 0, "resolve roles and officers for this year (default: the latest block's)")
	return cmd
}

// holders shows an entry and who it stands for: "KP_CHAIR (BW)", "WDC".
func holders(r types.ResolvedMember) string {
	if r.Entry.Code == "" {
		return "-"
	}
	if r.Entry.Kind != types.MemberKind_MEMBER_KIND_ROLE {
		return r.Entry.Code
	}
	if r.Entry.Code == types.RoleToBeNominated {
		return "to be nominated"
	}
	if len(r.Holders) == 0 {
		return r.Entry.Code + " (vacant)"
	}
	return r.Entry.Code + " (" + strings.Join(r.Holders, " ") + ")"
}

func members(list []types.ResolvedMember) string {
	parts := make([]string, len(list))
	for i, m := range list {
		parts[i] = holders(m)
	}
	return strings.Join(parts, ", ")
}

// procedure names a proposal's procedure ("in-session 2").
func procedure(p *types.Proposal) string {
	if p.Procedure == types.Procedure_PROCEDURE_IN_SESSION {
		return fmt.Sprintf("in-session %d", p.SessionId)
	}
	return p.Procedure.Name()
}

// closes is when a proposal closed, or when it will: a written procedure's
// deadline, an in-session proposal's declaration or session's closing.
func closes(p *types.Proposal) string {
	switch {
	case p.ClosedHeight != 0:
		return format.Time(p.ClosedAt)
	case p.Procedure == types.Procedure_PROCEDURE_WRITTEN:
		return format.Time(p.VotingEndsAt)
	}
	return "in session"
}

func list(codes []string) string {
	if len(codes) == 0 {
		return "-"
	}
	return strings.Join(codes, " ")
}

func sessionsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "sessions",
		Short: "Plenary sessions: who opened them, the attendance, the proposals tabled",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QuerySessionsResponse
			return client.RunQuery(cmd, types.QuerySessions, &types.QuerySessionsRequest{}, &resp, func(w io.Writer) {
				for _, s := range resp.Sessions {
					state := "open"
					if !s.Open() {
						state = "closed " + format.Time(s.ClosedAt)
					}
					fmt.Fprintf(w, "session %d: %s — chair %s, opened %s, %s\n  attendance (%d): %s\n  proposals: %v\n",
						s.Id, s.Title, s.Chair, format.Time(s.OpenedAt), state, len(s.Attendance), strings.Join(s.Attendance, " "), s.ProposalIds)
				}
			})
		},
	}
}
