package client

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TxCommand is `kpd tx plenary`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plenary",
		Short: "Put decisions to the plenary and vote on them (admin officers of voting participants)",
	}
	propose := &cobra.Command{
		Use:   "propose KIND ...",
		Short: "Put a decision to the plenary",
		Long: `Put a decision to the plenary; the decision is by consensus. By written
procedure (the default): it is adopted at its deadline (the plenary's written
procedure period, 7 days) unless an objection stands then; silence is consent,
standing aside does not block; it closes at once when every participant has
joined or stood aside. With --session ID it is tabled in an open plenary
session and adopted when the Chair's officer declares consensus and no
attending participant objects. A participant's suspension of itself takes
effect at once. The electorate is fixed now: the active voting participants
(in session, those attending), the decision's subject included unless the
plenary's parameters exclude it. An adopted decision executes at the end of
the block that closes it. The command prints the new proposal's id.`,
	}
	propose.PersistentFlags().String("rationale", "", "why (text, or @FILE)")
	propose.PersistentFlags().Uint64("session", 0, "table the proposal in this open session (default: written procedure)")
	propose.AddCommand(
		admitCmd(),
		grandfathering(participantCmd("suspend", "Suspend a participant: it can neither send nor receive certificates; its validator leaves the set",
			func(c string) types.Decision {
				return types.Decision{Content: &types.Decision_Suspend{Suspend: &types.ParticipantAction{Code: c}}}
			})),
		participantCmd("reinstate", "Reinstate a suspended participant",
			func(c string) types.Decision {
				return types.Decision{Content: &types.Decision_Reinstate{Reinstate: &types.ParticipantAction{Code: c}}}
			}),
		grandfathering(participantCmd("expel", "Expel a participant",
			func(c string) types.Decision {
				return types.Decision{Content: &types.Decision_Expel{Expel: &types.ParticipantAction{Code: c}}}
			})),
		rotateValidatorCmd(),
		originCmd("embargo", "Put an origin under embargo: certificates citing it are refused",
			func(o string) types.Decision {
				return types.Decision{Content: &types.Decision_ImposeEmbargo{ImposeEmbargo: &types.OriginEmbargo{Origin: o}}}
			}),
		originCmd("lift-embargo", "Lift an origin's embargo",
			func(o string) types.Decision {
				return types.Decision{Content: &types.Decision_LiftEmbargo{LiftEmbargo: &types.OriginEmbargo{Origin: o}}}
			}),
		producerCmd(),
		participantCmd("issuer-embargo", "Put a participant under an issuer embargo: it certifies nothing, and its certificates and goods that came from it are refused",
			func(c string) types.Decision {
				return types.Decision{Content: &types.Decision_ImposeIssuerEmbargo{ImposeIssuerEmbargo: &types.IssuerEmbargo{Participant: c}}}
			}),
		participantCmd("lift-issuer-embargo", "Lift a participant's issuer embargo",
			func(c string) types.Decision {
				return types.Decision{Content: &types.Decision_LiftIssuerEmbargo{LiftIssuerEmbargo: &types.IssuerEmbargo{Participant: c}}}
			}),
		listingCmd("vigilance", "Put a participant on the heightened-vigilance list (its certificates are listed apart), or --remove it",
			func(code string, remove bool) types.Decision {
				return types.Decision{Content: &types.Decision_Vigilance{Vigilance: &types.Listing{Code: strings.ToUpper(code), Remove: remove}}}
			}),
		illicitOperatorCmd(),
		paramsCmd(),
		chairCmd(),
		textCmd("resolution", types.TextKind_TEXT_KIND_RESOLUTION),
		textCmd("administrative-decision", types.TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION),
		textCmd("declaration", types.TextKind_TEXT_KIND_DECLARATION),
		establishBodyCmd(),
		changeBodyCmd(),
		&cobra.Command{
			Use:   "dissolve-body NAME",
			Short: "Dissolve a body",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return submit(cmd, types.Decision{Content: &types.Decision_DissolveBody{DissolveBody: &types.BodyName{Name: args[0]}}})
			},
		},
		extendMandateCmd(),
	)
	vote := &cobra.Command{
		Use:   "vote ID join|object|stand-aside",
		Short: "State your participant's position on a proposal: join the consensus, object, or stand aside (yes, no, abstain are accepted too)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := proposalID(args[0])
			if err != nil {
				return err
			}
			option, ok := types.ParseVoteOption(strings.ToLower(args[1]))
			if !ok {
				return fmt.Errorf("position %q: join, object or stand-aside", args[1])
			}
			return client.RunTx(cmd, &types.MsgVote{ProposalId: id, Option: option})
		},
	}
	withdraw := &cobra.Command{
		Use:   "withdraw-objection ID",
		Short: "Withdraw your participant's objection to a proposal before it closes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := proposalID(args[0])
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgWithdrawObjection{ProposalId: id})
		},
	}
	translate := &cobra.Command{
		Use:   "translate ID LANG FILE",
		Short: "Record or replace a text decision in an official language (en, fr, pt, es, ru); FILE - reads standard input",
		Long: `Record a resolution, administrative decision or declaration in one of the
plenary's official languages (rule 26 of the Rules of Procedure): en, fr, pt,
es, ru; the proposing participant's admin officers or the Chair's officer. A
language already recorded is replaced (the earlier text stays in history)
until the decision is adopted. A decision that passed is adopted in the block
that records its fifth language. The file is sent byte for byte and the
ledger keeps its sha256, which is what sha256sum FILE prints.`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id %q: %w", args[0], err)
			}
			text, err := readText(cmd, args[2])
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgTranslate{ProposalId: id, Language: strings.ToLower(args[1]), Text: text})
		},
	}
	cmd.AddCommand(propose, vote, withdraw, translate, sessionCmd(), declareCmd(), reviewCmd())
	return cmd
}

func proposalID(arg string) (uint64, error) {
	id, err := strconv.ParseUint(arg, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("proposal id %q: %w", arg, err)
	}
	return id, nil
}

// sessionCmd is `kpd tx plenary session open|close`, for the Chair's officer.
func sessionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "session",
		Short: "Open or close a plenary session (the Chair's officer: an admin officer of the year's KP Chair)",
	}
	open := &cobra.Command{
		Use:   "open TITLE --attendance RU,BW,EU,...",
		Short: "Open a session with the list of participants present",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			attendance, _ := cmd.Flags().GetString("attendance")
			var codes []string
			for _, c := range strings.Split(attendance, ",") {
				if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
					codes = append(codes, c)
				}
			}
			return client.RunTx(cmd, &types.MsgOpenSession{Title: args[0], Attendance: codes})
		},
	}
	open.Flags().String("attendance", "", "the participants present, comma-separated codes")
	_ = open.MarkFlagRequired("attendance")
	closeCmd := &cobra.Command{
		Use:   "close ID",
		Short: "Close a session: proposals without a declaration of consensus are not adopted",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("session id %q: %w", args[0], err)
			}
			return client.RunTx(cmd, &types.MsgCloseSession{SessionId: id})
		},
	}
	cmd.AddCommand(open, closeCmd)
	return cmd
}

func declareCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "declare-consensus ID",
		Short: "Declare consensus on a proposal tabled in an open session (the Chair's officer)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := proposalID(args[0])
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgDeclareConsensus{ProposalId: id})
		},
	}
}

// readText reads a decision text from a file (- for standard input), byte
// for byte: the ledger keeps the sha256 of exactly what was sent, which is
// what sha256sum computes on the file.
func readText(cmd *cobra.Command, path string) (string, error) {
	var bz []byte
	var err error
	if path == "-" {
		bz, err = io.ReadAll(io.LimitReader(cmd.InOrStdin(), types.MaxDecisionText+1))
	} else {
		bz, err = os.ReadFile(path)
	}
	if err != nil {
		return "", err
	}
	return string(bz), nil
}

func textCmd(use string, kind types.TextKind) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use + " FILE --title TITLE --lang en|fr|pt|es|ru",
		Short: "Put a " + kind.Name() + " to the plenary, its text in one official language (FILE - reads standard input)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text, err := readText(cmd, args[0])
			if err != nil {
				return err
			}
			title, _ := cmd.Flags().GetString("title")
			lang, _ := cmd.Flags().GetString("lang")
			return submit(cmd, types.Decision{Content: &types.Decision_Text{Text: &types.TextDecision{
				Kind: kind, Title: title, Language: strings.ToLower(lang), Text: text}}})
		},
	}
	cmd.Flags().String("title", "", "the title")
	cmd.Flags().String("lang", "en", "the text's language: en, fr, pt, es or ru")
	_ = cmd.MarkFlagRequired("title")
	return cmd
}

func establishBodyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "establish-body FILE",
		Short: "Establish a working group or committee, described in a JSON file (see `kpd query plenary body -o json`)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var b types.Body
			if err := format.UnmarshalJSON(bz, &b); err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			return submit(cmd, types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: &b}})
		},
	}
}

func changeBodyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "change-body NAME FILE",
		Short: "Replace a body's composition (officers, coordinators, members) with the one in a JSON file",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			bz, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			var c types.Composition
			if err := format.UnmarshalJSON(bz, &c); err != nil {
				return fmt.Errorf("%s: %w", args[1], err)
			}
			return submit(cmd, types.Decision{Content: &types.Decision_ChangeBody{ChangeBody: &types.BodyChange{Name: args[0], Composition: c}}})
		},
	}
}

func extendMandateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "extend-mandate NAME --until DATE [--mandate TEXT]",
		Short: "Extend a body's mandate",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			until, _ := cmd.Flags().GetString("until")
			t, err := time.Parse("2006-01-02", until)
			if err != nil {
				return fmt.Errorf("--until: %w", err)
			}
			mandate, err := textFlag(cmd, "mandate")
			if err != nil {
				return err
			}
			return submit(cmd, types.Decision{Content: &types.Decision_ExtendMandate{ExtendMandate: &types.MandateExtension{
				Name: args[0], MandateUntil: t.Unix(), Mandate: mandate}}})
		},
	}
	cmd.Flags().String("until", "", "the new end of the mandate (2006-12-31)")
	cmd.Flags().String("mandate", "", "a new mandate text (text, or @FILE)")
	_ = cmd.MarkFlagRequired("until")
	return cmd
}

// submit proposes a decision with the --rationale flag.
func submit(cmd *cobra.Command, d types.Decision) error {
	rationale, err := textFlag(cmd, "rationale")
	if err != nil {
		return err
	}
	session, _ := cmd.Flags().GetUint64("session")
	return client.RunTxThen(cmd, reportProposal, &types.MsgPropose{Decision: d, Rationale: rationale, SessionId: session})
}

// reportProposal adds the new proposal's id to a propose command's output,
// and how it stands: open until its deadline, open in its session, or —
// closed at once, as a participant's suspension of itself is — when it
// closed and how.
func reportProposal(ctx context.Context, c *client.Context, res *client.TxResult) error {
	v, ok := res.EventAttribute(types.ModuleName, types.AttributeProposalID)
	if !ok {
		return nil
	}
	res.Outputs = append(res.Outputs, client.Output{Name: "proposal", Value: v})
	id, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return nil
	}
	var resp types.QueryProposalResponse
	if _, err := c.Query(ctx, types.QueryProposal, &types.QueryProposalRequest{Id: id}, &resp); err != nil {
		return nil // the id is reported; the rest can be asked later
	}
	p := &resp.Proposal
	switch {
	case p.ClosedHeight != 0:
		res.Outputs = append(res.Outputs, client.Output{Name: "closed", Value: fmt.Sprintf("%s at once, %s: %s", p.Status.Name(), format.Time(p.ClosedAt), p.Outcome)})
	case p.Procedure == types.Procedure_PROCEDURE_IN_SESSION:
		res.Outputs = append(res.Outputs, client.Output{Name: "open", Value: fmt.Sprintf("in session %d, until the Chair's officer declares consensus or closes the session", p.SessionId)})
	default:
		res.Outputs = append(res.Outputs, client.Output{Name: "open", Value: "by written procedure until " + format.Time(p.VotingEndsAt)})
	}
	return nil
}

// textFlag reads a text flag, or the file it names after '@'.
func textFlag(cmd *cobra.Command, name string) (string, error) {
	v, _ := cmd.Flags().GetString(name)
	if path, ok := strings.CutPrefix(v, "@"); ok {
		bz, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		v = strings.TrimSpace(string(bz))
	}
	return v, nil
}

func admitCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admit CODE --name NAME --kind country|reio|trading_entity --admin-key KEY [--validator-key BASE64]",
		Short: "Admit a participant (or re-admit an expelled one) with its first admin key and its validator key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			str := func(n string) string { v, _ := f.GetString(n); return v }
			kind, err := participanttypes.ParseParticipantKind(str("kind"))
			if err != nil {
				return err
			}
			adminKey, err := c.ResolvePubKey(str("admin-key"))
			if err != nil {
				return err
			}
			a := &types.Admit{Code: strings.ToUpper(args[0]), Name: str("name"), Kind: kind, AdminPubKey: adminKey, AdminName: str("admin-name")}
			if a.AdminName == "" {
				a.AdminName = "Administrator of " + a.Name
			}
			if v := str("validator-key"); v != "" {
				if a.ValidatorPubKey, err = c.ResolvePubKey(v); err != nil {
					return fmt.Errorf("--validator-key: %w", err)
				}
			}
			return submit(cmd, types.Decision{Content: &types.Decision_Admit{Admit: a}})
		},
	}
	f := cmd.Flags()
	f.String("name", "", "the participant's name")
	f.String("kind", "country", "country, reio or trading_entity")
	f.String("admin-key", "", "its first admin officer's key: a keyring name or a base64 public key")
	f.String("admin-name", "", "its first admin officer's name")
	f.String("validator-key", "", "its node's validator key: base64 (`kpd comet show-validator`) or a keyring name")
	_ = cmd.MarkFlagRequired("name")
	_ = cmd.MarkFlagRequired("admin-key")
	return cmd
}

func participantCmd(use, short string, decision func(code string) types.Decision) *cobra.Command {
	return &cobra.Command{
		Use:   use + " CODE",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return submit(cmd, decision(participanttypes.NormalizeCode(args[0])))
		},
	}
}

func producerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set-producer CODE [--non-producer]",
		Short: "Register whether a participant mines rough diamonds: a non-producer is not expected to report production",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			non, _ := cmd.Flags().GetBool("non-producer")
			return submit(cmd, types.Decision{Content: &types.Decision_SetProducer{SetProducer: &types.ProducerStatus{
				Participant: participanttypes.NormalizeCode(args[0]), NonProducer: non}}})
		},
	}
	cmd.Flags().Bool("non-producer", false, "it mines no rough diamonds")
	return cmd
}

// grandfathering adds --grandfather to a suspension or an expulsion: the
// certificates the participant issued before it takes effect may still be
// confirmed by their destinations (goods already in transit).
func grandfathering(cmd *cobra.Command) *cobra.Command {
	cmd.Flags().Bool("grandfather", false, "let destinations still confirm the certificates it issued before the decision takes effect")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if g, _ := cmd.Flags().GetBool("grandfather"); g {
			return submitGrandfathered(cmd, args)
		}
		return run(cmd, args)
	}
	return cmd
}

func submitGrandfathered(cmd *cobra.Command, args []string) error {
	a := &types.ParticipantAction{Code: strings.ToUpper(args[0]), GrandfatherCertified: true}
	if cmd.Name() == "expel" {
		return submit(cmd, types.Decision{Content: &types.Decision_Expel{Expel: a}})
	}
	return submit(cmd, types.Decision{Content: &types.Decision_Suspend{Suspend: a}})
}

func originCmd(use, short string, decision func(origin string) types.Decision) *cobra.Command {
	return &cobra.Command{
		Use:   use + " ORIGIN",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return submit(cmd, decision(strings.ToUpper(args[0]))) },
	}
}

func listingCmd(use, short string, decision func(code string, remove bool) types.Decision) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use + " CODE [--remove]",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			remove, _ := cmd.Flags().GetBool("remove")
			return submit(cmd, decision(args[0], remove))
		},
	}
	cmd.Flags().Bool("remove", false, "take it off the list")
	return cmd
}

func illicitOperatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "illicit-operator KEY|ADDRESS [--remove]",
		Short: "List an operator found involved in illicit trade: no certificate may name it as exporter or importer (or --remove it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			address, err := c.ResolveAddress(args[0])
			if err != nil {
				return err
			}
			remove, _ := cmd.Flags().GetBool("remove")
			return submit(cmd, types.Decision{Content: &types.Decision_IllicitOperator{IllicitOperator: &types.Listing{Code: address, Remove: remove}}})
		},
	}
	cmd.Flags().Bool("remove", false, "take it off the list")
	return cmd
}

func rotateValidatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate-validator CODE --validator-key BASE64",
		Short: "Replace a participant's validator key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, _ := cmd.Flags().GetString("validator-key")
			key, err := base64.StdEncoding.DecodeString(v)
			if err != nil {
				return fmt.Errorf("--validator-key: %w", err)
			}
			return submit(cmd, types.Decision{Content: &types.Decision_RotateValidator{RotateValidator: &types.RotateValidator{Code: strings.ToUpper(args[0]), ValidatorPubKey: key}}})
		},
	}
	cmd.Flags().String("validator-key", "", "the new validator key, base64")
	_ = cmd.MarkFlagRequired("validator-key")
	return cmd
}

func chairCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "chair YEAR (--chair CODE | --succession) [--vice-chair CODE] [--replace]",
		Short: "Elect the KP Chair and Vice-Chair of the current or a coming year",
		Long: `Elect the KP Chair and Vice-Chair of the current or a coming year. A year
that has ended cannot be elected again. A year whose term is recorded changes
only with --replace (the term replaced stays in its history). --succession:
the Vice-Chair succeeds the Chair (of the term replaced, or of the year
before); --vice-chair then names the new Vice-Chair, or leaves the office
vacant.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			year, err := strconv.ParseUint(args[0], 10, 32)
			if err != nil {
				return fmt.Errorf("year %q: %w", args[0], err)
			}
			f := cmd.Flags()
			chair, _ := f.GetString("chair")
			vice, _ := f.GetString("vice-chair")
			replace, _ := f.GetBool("replace")
			succession, _ := f.GetBool("succession")
			return submit(cmd, types.Decision{Content: &types.Decision_ElectChair{ElectChair: &types.ChairElection{
				Year: uint32(year), Chair: strings.ToUpper(chair), ViceChair: strings.ToUpper(vice), Replacement: replace, Succession: succession}}})
		},
	}
	cmd.Flags().String("chair", "", "the Chair")
	cmd.Flags().String("vice-chair", "", "the Vice-Chair")
	cmd.Flags().Bool("replace", false, "replace the term recorded for the year")
	cmd.Flags().Bool("succession", false, "the Vice-Chair succeeds the Chair")
	return cmd
}

// reviewCmd is `kpd tx plenary review ...`: peer review as a process,
// recorded without a vote.
func reviewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Peer review: invitations, visits, reports, recommendations, steps taken (no vote)",
		Long: `Peer review as a process, recorded without a vote. The participant reviewed
invites the review and reports the steps it took; the Chair's officer or an
admin officer of the Working Group on Monitoring's chair schedules the review
visit and follow-up visits, records each visit's report and recommendations,
and tracks each recommendation's implementation.`,
	}
	invite := &cobra.Command{
		Use:   "invite [--text TEXT|@FILE]",
		Short: "Invite a peer review of your participant",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			text, err := textFlag(cmd, "text")
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgInviteReview{Invitation: text})
		},
	}
	invite.Flags().String("text", "", "the invitation (text, or @FILE)")
	schedule := &cobra.Command{
		Use:   "schedule REVIEW_ID --from DATE --to DATE --team CA,EU,WDC [--follow-up]",
		Short: "Schedule the review visit, or a follow-up visit after a reported one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := reviewID(args[0])
			if err != nil {
				return err
			}
			f := cmd.Flags()
			from, _ := f.GetString("from")
			to, _ := f.GetString("to")
			team, _ := f.GetString("team")
			followUp, _ := f.GetBool("follow-up")
			start, err := time.Parse("2006-01-02", from)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			end, err := time.Parse("2006-01-02", to)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			msg := &types.MsgScheduleVisit{ReviewId: id, StartAt: start.Unix(), EndAt: end.Unix(), FollowUp: followUp}
			for _, m := range strings.Split(team, ",") {
				if m = strings.ToUpper(strings.TrimSpace(m)); m != "" {
					msg.Team = append(msg.Team, m)
				}
			}
			return client.RunTx(cmd, msg)
		},
	}
	schedule.Flags().String("from", "", "first day of the visit (2005-06-20)")
	schedule.Flags().String("to", "", "last day of the visit")
	schedule.Flags().String("team", "", "participants and observers of the team, e.g. CA,EU,WDC")
	schedule.Flags().Bool("follow-up", false, "a follow-up visit")
	for _, n := range []string{"from", "to", "team"} {
		_ = schedule.MarkFlagRequired(n)
	}
	report := &cobra.Command{
		Use:   "report REVIEW_ID VISIT --report TEXT|@FILE [--recommendation TEXT ...]",
		Short: "Record a visit's report and its recommendations (each tracked, open at first)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := reviewID(args[0])
			if err != nil {
				return err
			}
			visit, err := strconv.ParseUint(args[1], 10, 32)
			if err != nil {
				return fmt.Errorf("visit %q: %w", args[1], err)
			}
			text, err := textFlag(cmd, "report")
			if err != nil {
				return err
			}
			recommendations, _ := cmd.Flags().GetStringArray("recommendation")
			return client.RunTx(cmd, &types.MsgReportVisit{ReviewId: id, Visit: uint32(visit), Report: text, Recommendations: recommendations})
		},
	}
	report.Flags().String("report", "", "the visit's report (text, or @FILE)")
	report.Flags().StringArray("recommendation", nil, "a recommendation (repeat the flag for each)")
	_ = report.MarkFlagRequired("report")
	steps := &cobra.Command{
		Use:   "steps REVIEW_ID --text TEXT|@FILE [--recommendations 1,3]",
		Short: "Report the steps your participant took after its review",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := reviewID(args[0])
			if err != nil {
				return err
			}
			text, err := textFlag(cmd, "text")
			if err != nil {
				return err
			}
			numbers, _ := cmd.Flags().GetUintSlice("recommendations")
			msg := &types.MsgReportSteps{ReviewId: id, Text: text}
			for _, n := range numbers {
				msg.Recommendations = append(msg.Recommendations, uint32(n))
			}
			return client.RunTx(cmd, msg)
		},
	}
	steps.Flags().String("text", "", "the steps taken (text, or @FILE)")
	steps.Flags().UintSlice("recommendations", nil, "the recommendations they address")
	_ = steps.MarkFlagRequired("text")
	track := &cobra.Command{
		Use:   "track REVIEW_ID NUMBER open|in-progress|implemented|not-implemented [--note TEXT]",
		Short: "Set a recommendation's implementation status",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := reviewID(args[0])
			if err != nil {
				return err
			}
			n, err := strconv.ParseUint(args[1], 10, 32)
			if err != nil {
				return fmt.Errorf("recommendation %q: %w", args[1], err)
			}
			status, ok := types.ParseRecommendationStatus(args[2])
			if !ok {
				return fmt.Errorf("status %q: open, in-progress, implemented or not-implemented", args[2])
			}
			note, err := textFlag(cmd, "note")
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgTrackRecommendation{ReviewId: id, Number: uint32(n), Status: status, Note: note})
		},
	}
	track.Flags().String("note", "", "a note (text, or @FILE)")
	cmd.AddCommand(invite, schedule, report, steps, track)
	return cmd
}

func reviewID(arg string) (uint64, error) {
	id, err := strconv.ParseUint(arg, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("review id %q: %w", arg, err)
	}
	return id, nil
}

func paramsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "params [--max-validity 60d] [--confirmation-deadline 15d] [--late-confirmation-grace 30d] [--reweigh-tolerance 0.1] [--production-deadline-months 2] [--mirror-tolerance 10] [--price-factor 3] [--price-min-certificates 5] [--price-min-carats 1000] [--voting-period 7d] [--exclude-subject=false]",
		Short: "Change parameters; those not given stay as they are",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			change := &types.ParamsChange{}
			if f.Changed("max-validity") || f.Changed("confirmation-deadline") || f.Changed("late-confirmation-grace") || f.Changed("reweigh-tolerance") {
				var resp certtypes.QueryParamsResponse
				if _, err := c.Query(cmd.Context(), certtypes.QueryParams, &certtypes.QueryParamsRequest{}, &resp); err != nil {
					return err
				}
				p := resp.Params
				if err := durationFlag(f.Changed("max-validity"), cmd, "max-validity", &p.MaxValidity); err != nil {
					return err
				}
				if err := durationFlag(f.Changed("confirmation-deadline"), cmd, "confirmation-deadline", &p.ConfirmationDeadline); err != nil {
					return err
				}
				if err := durationFlag(f.Changed("late-confirmation-grace"), cmd, "late-confirmation-grace", &p.LateConfirmationGrace); err != nil {
					return err
				}
				if f.Changed("reweigh-tolerance") {
					pct, _ := f.GetFloat64("reweigh-tolerance")
					p.ReweighToleranceBp = uint32(pct*100 + 0.5)
				}
				change.Certificate = &p
			}
			if f.Changed("production-deadline-months") || f.Changed("mirror-tolerance") || f.Changed("price-factor") ||
				f.Changed("price-min-certificates") || f.Changed("price-min-carats") {
				var resp stattypes.QueryParamsResponse
				if _, err := c.Query(cmd.Context(), stattypes.QueryParams, &stattypes.QueryParamsRequest{}, &resp); err != nil {
					return err
				}
				p := resp.Params
				if f.Changed("production-deadline-months") {
					p.ProductionDeadlineMonths, _ = f.GetUint32("production-deadline-months")
				}
				if f.Changed("mirror-tolerance") {
					pct, _ := f.GetFloat64("mirror-tolerance")
					p.MirrorToleranceBp = uint32(pct*100 + 0.5)
				}
				if f.Changed("price-factor") {
					factor, _ := f.GetFloat64("price-factor")
					p.PriceFactorPercent = uint32(factor*100 + 0.5)
				}
				if f.Changed("price-min-certificates") {
					p.PriceMinCertificates, _ = f.GetUint32("price-min-certificates")
				}
				if f.Changed("price-min-carats") {
					s, _ := f.GetString("price-min-carats")
					if p.PriceMinCarats, err = format.ParseHundredths(s); err != nil {
						return fmt.Errorf("--price-min-carats %q: %w", s, err)
					}
				}
				change.Monitoring = &p
			}
			if f.Changed("voting-period") || f.Changed("exclude-subject") {
				var resp types.QueryParamsResponse
				if _, err := c.Query(cmd.Context(), types.QueryParams, &types.QueryParamsRequest{}, &resp); err != nil {
					return err
				}
				p := resp.Params
				if err := durationFlag(f.Changed("voting-period"), cmd, "voting-period", &p.VotingPeriod); err != nil {
					return err
				}
				if f.Changed("exclude-subject") {
					p.ExcludeSubject, _ = f.GetBool("exclude-subject")
				}
				change.Plenary = &p
			}
			return submit(cmd, types.Decision{Content: &types.Decision_Params{Params: change}})
		},
	}
	f := cmd.Flags()
	f.String("max-validity", "", "longest validity of a certificate: 60d, 1440h")
	f.String("confirmation-deadline", "", "time to confirm before a certificate is overdue: 15d")
	f.String("late-confirmation-grace", "", "after expiry, how long a confirmation of goods received in time is accepted: 30d")
	f.Float64("reweigh-tolerance", 0, "percent the carats confirmed may differ from the certificate's (re-weighing)")
	f.Uint32("production-deadline-months", 0, "months after a half-year when production is due")
	f.Float64("mirror-tolerance", 0, "percent a value received may differ from the certificate's")
	f.Float64("price-factor", 0, "factor of the reference US$/carat beyond which a price is flagged")
	f.Uint32("price-min-certificates", 0, "fewest certificates a US$/carat reference must hold to be compared with")
	f.String("price-min-carats", "", "fewest carats a US$/carat reference must hold to be compared with: 1000.00")
	f.String("voting-period", "", "how long a written procedure stays open for objections: 7d")
	f.Bool("exclude-subject", false, "leave a membership decision's subject out of the consensus (departs from the Core Document)")
	return cmd
}

// durationFlag reads "60d", "1440h" or seconds into a duration in seconds.
func durationFlag(changed bool, cmd *cobra.Command, name string, into *int64) error {
	if !changed {
		return nil
	}
	s, _ := cmd.Flags().GetString(name)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("--%s %q: a number of days such as 15d", name, s)
		}
		*into = n * types.Day
		return nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		*into = int64(d / time.Second)
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("--%s %q: 15d, 360h or seconds", name, s)
	}
	*into = n
	return nil
}
