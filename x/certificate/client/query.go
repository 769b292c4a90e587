package client

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// QueryCommand is `kpd query certificate`.
func QueryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "certificate",
		Short: "KP certificates: one with its history, listings, provenance, verification, embargoes",
	}
	cmd.AddCommand(showCmd(), listCmd(), traceCmd(), verifyCmd(), qrCmd(), EmbargoesCommand(), paramsCmd(), stockCmd())
	return cmd
}

func showCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show NUMBER",
		Short: "A certificate: its fields, status, and every event with height, tx hash and signer",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			var resp types.QueryCertificateResponse
			height, err := c.Query(cmd.Context(), types.QueryCertificate, &types.QueryCertificateRequest{Number: types.NormalizeNumber(args[0])}, &resp)
			if err != nil {
				return err
			}
			cert := &resp.Certificate
			names := map[string]string{}
			if !c.JSON() {
				addresses := []string{cert.Exporter, cert.Importer, cert.Holder}
				for _, ev := range resp.Events {
					addresses = append(addresses, ev.Signer, ev.Holder)
				}
				if names, err = c.DescribeAddresses(cmd.Context(), height, addresses); err != nil {
					return err
				}
			}
			// JSON: the certificate and, beside it, its history (the
			// store keeps the two apart).
			return c.Print(&resp, func(w io.Writer) { printCertificate(w, cert, resp.Events, names) })
		},
	}
}

func listCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list --issuer CODE | --destination CODE [--status S] [--from DATE] [--to DATE]",
		Short: "List an issuer's or a destination's certificates, a page at a time",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			str := func(name string) string { v, _ := f.GetString(name); return v }
			req := &types.QueryCertificatesRequest{Issuer: participanttypes.NormalizeCode(str("issuer")), Destination: participanttypes.NormalizeCode(str("destination")),
				PageKey: types.NormalizeNumber(str("page-key"))}
			req.Limit, _ = f.GetUint32("limit")
			var err error
			if s := str("status"); s != "" {
				if req.Status, err = types.ParseStatus(s); err != nil {
					return err
				}
			}
			if req.IssuedFrom, err = parseDate("from", str("from")); err != nil {
				return err
			}
			if req.IssuedTo, err = parseDate("to", str("to")); err != nil {
				return err
			}
			var resp types.QueryCertificatesResponse
			return client.RunQuery(cmd, types.QueryCertificates, req, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("NUMBER", "STATUS", "ISSUER", "DEST", "ORIGIN", "CARATS", "VALUE US$", "ISSUED")
				for _, c := range resp.Certificates {
					status := c.Status.Name()
					if c.Discrepancy {
						status += " (with discrepancy)"
					}
					if c.Overdue {
						status += " (overdue)"
					}
					t.Columns(c.Number, status, c.Issuer, c.Destination, c.Origin, format.Hundredths(c.Carats), format.Hundredths(c.ValueUsd), format.Time(c.IssuedAt))
				}
				t.Flush()
				if resp.NextKey != "" {
					fmt.Fprintf(w, "more: --page-key %s\n", resp.NextKey)
				}
			})
		},
	}
	f := cmd.Flags()
	f.String("issuer", "", "issuing participant")
	f.String("destination", "", "destination participant")
	f.String("status", "", "issued, received, rejected, void or expired")
	f.String("from", "", "issued on or after this date")
	f.String("to", "", "issued before this date")
	f.Uint32("limit", 0, "certificates per page (default 50, at most 100)")
	f.String("page-key", "", "continue a listing where the previous page ended")
	return cmd
}

func traceCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "trace NUMBER",
		Short: "A certificate's provenance: the certificates it drew from, and the re-exports drawn from it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var resp types.QueryTraceResponse
			return client.RunQuery(cmd, types.QueryTrace, &types.QueryTraceRequest{Number: types.NormalizeNumber(args[0])}, &resp,
				func(w io.Writer) { PrintTrace(w, &resp) })
		},
	}
}

// PrintTrace prints a provenance tree: ancestors above the certificate,
// descendants below (also used by `kpd audit trace`).
func PrintTrace(w io.Writer, resp *types.QueryTraceResponse) {
	for i := len(resp.Ancestors) - 1; i >= 0; i-- {
		printTraceNode(w, &resp.Ancestors[i])
	}
	printTraceNode(w, &resp.Root)
	for i := range resp.Descendants {
		printTraceNode(w, &resp.Descendants[i])
	}
	if resp.Truncated {
		fmt.Fprintf(w, "(cut at %d certificates on a side)\n", types.MaxTraceNodes)
	}
}

// printTraceNode prints one certificate of a provenance tree, indented by its
// distance from the traced one.
func printTraceNode(w io.Writer, n *types.TraceNode) {
	depth := int(n.Depth)
	if depth < 0 {
		depth = -depth
	}
	edge, marker := "", "▶"
	switch {
	case n.Depth < 0:
		marker, edge = "↑", fmt.Sprintf("  (%s drew %s ct from it)", n.Via, format.Hundredths(n.DrawnCarats))
	case n.Depth > 0:
		marker, edge = "↓", fmt.Sprintf("  (drew %s ct from %s)", format.Hundredths(n.DrawnCarats), n.Via)
	}
	fmt.Fprintf(w, "%s%s %s  %s→%s  origin %s  %s ct  %s%s\n", strings.Repeat("  ", depth), marker, n.Number, n.Issuer, n.Destination,
		originText(n.Origin, n.MixedOrigins), format.Hundredths(n.Carats), n.Status.Name(), edge)
}

// EmbargoesCommand lists the embargoes in force and those lifted — on origins
// and on issuers — with the references of the decisions that made them (`kpd
// query certificate embargoes`, `kpd query plenary embargoes`).
func EmbargoesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "embargoes",
		Short: "Origins and issuers under embargo, and lifted embargoes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryEmbargoesResponse
			return client.RunQuery(cmd, types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("KIND", "CODE", "IN FORCE", "IMPOSED", "LIFTED", "REFERENCE")
				for _, e := range resp.Embargoes {
					t.Columns(e.Kind().Name(), e.Code(), e.Active, format.Time(e.ImposedAt), format.Time(e.LiftedAt), e.Reference)
				}
				t.Flush()
			})
		},
	}
}

func paramsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "params",
		Short: "The certificate rules in force: maximum validity, confirmation deadline, late-confirmation grace, re-weighing tolerance",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryParamsResponse
			return client.RunQuery(cmd, types.QueryParams, &types.QueryParamsRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Row("maximum validity", fmt.Sprintf("%d days (%d s)", resp.Params.MaxValidity/types.Day, resp.Params.MaxValidity))
				t.Row("confirmation deadline", fmt.Sprintf("%d days (%d s)", resp.Params.ConfirmationDeadline/types.Day, resp.Params.ConfirmationDeadline))
				t.Row("late-confirmation grace", fmt.Sprintf("%s after expiry, for goods received by then (%d s)", types.DurationText(resp.Params.LateConfirmationGrace), resp.Params.LateConfirmationGrace))
				t.Row("re-weighing tolerance", fmt.Sprintf("%s%% of the certified carats", format.Hundredths(int64(resp.Params.ReweighToleranceBp))))
				t.Flush()
			})
		},
	}
}

func originText(origin string, mixed []string) string {
	if len(mixed) > 0 {
		return origin + " (" + strings.Join(mixed, ", ") + ")"
	}
	return origin
}

// lineText is an HS line for people.
func lineText(l types.HSLine) string {
	return fmt.Sprintf("HS %s: %s ct, US$ %s, %d parcels", l.HsCode, format.Hundredths(l.Carats), format.Hundredths(l.ValueUsd), l.Parcels)
}

// printCertificate prints a certificate and its history for people; names
// describes the addresses they hold.
func printCertificate(w io.Writer, c *types.Certificate, events []types.CertificateEvent, names map[string]string) {
	name := func(address string) string {
		if n := names[address]; n != "" {
			return address + " (" + n + ")"
		}
		return address
	}
	t := client.NewTable(w)
	status := c.Status.Name()
	if c.Overdue {
		status += " (confirmation overdue)"
	}
	t.Row("certificate", c.Number)
	t.Row("status", status)
	t.Row("issuer", c.Issuer)
	t.Row("origin", originText(c.Origin, c.MixedOrigins))
	t.Row("exporter", name(c.Exporter))
	if c.Importer != "" {
		t.Row("importer", name(c.Importer))
	} else {
		t.Row("importer", fmt.Sprintf("%s, %s (not registered by %s: its authority confirms)", c.ImporterName, c.ImporterAddress, c.Destination))
	}
	t.Row("destination", c.Destination)
	t.Row("carats", format.Hundredths(c.Carats))
	t.Row("value US$", format.Hundredths(c.ValueUsd))
	t.Row("parcels", c.Parcels)
	t.Row("HS code", types.HSCodeText(c))
	if lines := types.Lines(c); len(lines) > 1 {
		for i, l := range lines {
			t.Row(fmt.Sprintf("line %d", i+1), lineText(l))
		}
	}
	t.Row("issued", format.Time(c.IssuedAt))
	t.Row("expires", format.Time(c.ExpiresAt))
	optional := func(label, value string) {
		if value != "" {
			t.Row(label, value)
		}
	}
	optional("seal", c.Seal)
	if c.CurrentSeal != "" {
		t.Row("sealed now", c.CurrentSeal+" (re-sealed)")
	}
	optional("port of export", c.PortOfExport)
	optional("transit", strings.Join(c.Transit, ", "))
	optional("parents", draws(c.Parents))
	optional("from stock", stockDraws(c.StockDraws))
	if c.OwnProductionCarats > 0 {
		t.Row("own production", format.Hundredths(c.OwnProductionCarats)+" ct")
	}
	optional("re-exports", draws(c.Children))
	if c.DrawnCarats > 0 {
		t.Row("carats drawn", format.Hundredths(c.DrawnCarats))
	}
	t.Row("holder", name(c.Holder))
	optional("replaced by", c.ReplacedBy)
	optional("replaces", c.Replaces)
	if c.Status == types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED {
		received := fmt.Sprintf("%d parcels, %s ct, US$ %s on %s", c.ReceivedParcels, format.Hundredths(c.ReceivedCarats), format.Hundredths(c.ReceivedValueUsd), format.Time(c.ReceivedAt))
		if c.ReceivedReference != "" {
			received += ", reference " + c.ReceivedReference
		}
		if c.Discrepancy {
			received += " (with discrepancy: re-weighed)"
		}
		t.Row("received", received)
	}
	t.Flush()
	fmt.Fprintln(w, "\nhistory:")
	for _, ev := range events {
		fmt.Fprintf(w, "  height %d  %s  %s\n", ev.Height, format.Time(ev.Time), ev.Kind.Name())
		if ev.Signer == "" {
			fmt.Fprintln(w, "    block-time work (no transaction)")
		} else {
			fmt.Fprintf(w, "    signer  %s\n    tx      %X\n", signerText(ev, names), ev.TxHash)
		}
		if details := eventDetails(&ev, name); details != "" {
			fmt.Fprintf(w, "    %s\n", details)
		}
	}
}

// signerText names an event's signer with the role its key had, unless the
// description of the key already says it.
func signerText(ev types.CertificateEvent, names map[string]string) string {
	if n := names[ev.Signer]; n != "" {
		return ev.Signer + " (" + n + ")"
	}
	return ev.Signer + " (" + ev.SignerRole.Name() + ")"
}

func stockDraws(ds []types.StockDraw) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s ct of %s", format.Hundredths(d.Carats), strings.Join(d.Origins, "+"))
	}
	return strings.Join(parts, ", ")
}

func stockCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stock CODE",
		Short: "A participant's stock of rough diamonds by origin on the ledger, and the opening stocks it declared",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var resp types.QueryStockResponse
			return client.RunQuery(cmd, types.QueryStock, &types.QueryStockRequest{Participant: participanttypes.NormalizeCode(args[0])}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("ORIGINS", "ON HAND CT", "RECEIVED CT", "DECLARED CT", "DRAWN CT")
				for _, st := range resp.Stocks {
					t.Columns(strings.Join(st.Origins, "+"), format.Hundredths(st.Carats), format.Hundredths(st.Received), format.Hundredths(st.Declared), format.Hundredths(st.Drawn))
				}
				t.Flush()
				if len(resp.Declarations) > 0 {
					fmt.Fprintln(w, "\nopening stocks declared:")
					t := client.NewTable(w)
					t.Columns("DECLARED", "HEIGHT", "ORIGINS", "CARATS", "REFERENCE")
					for _, d := range resp.Declarations {
						t.Columns(format.Time(d.DeclaredAt), d.Height, strings.Join(d.Origins, "+"), format.Hundredths(d.Carats), d.Reference)
					}
					t.Flush()
				}
			})
		},
	}
}

func draws(ds []types.Draw) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s (%s ct)", d.Number, format.Hundredths(d.Carats))
	}
	return strings.Join(parts, ", ")
}

func eventDetails(ev *types.CertificateEvent, name func(string) string) string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	switch ev.Kind {
	case types.EventKind_EVENT_KIND_ISSUED:
		add("held by %s", name(ev.Holder))
	case types.EventKind_EVENT_KIND_TRANSFERRED:
		add("to %s", name(ev.Holder))
		if ev.Carrier != "" {
			add("carrier %s", ev.Carrier)
		}
	case types.EventKind_EVENT_KIND_ATTESTED:
		add("%s: arrived sealed, left unopened", ev.Participant)
	case types.EventKind_EVENT_KIND_RECEIVED, types.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY:
		add("%d parcels, %s ct, US$ %s, received %s", ev.Parcels, format.Hundredths(ev.Carats), format.Hundredths(ev.ValueUsd), format.Time(ev.ReceivedAt))
		if ev.Reference != "" {
			add("reference %s", ev.Reference)
		}
	case types.EventKind_EVENT_KIND_RESEALED:
		add("%s sealed it %s", ev.Participant, ev.Seal)
	case types.EventKind_EVENT_KIND_REJECTED:
		add("reason %s", ev.RejectionReason.Name())
	case types.EventKind_EVENT_KIND_VOIDED:
		add("reason %s", ev.VoidReason.Name())
		if ev.Related != "" {
			add("replaced by %s", ev.Related)
		}
	case types.EventKind_EVENT_KIND_DRAWN:
		add("%s drew %s ct", ev.Related, format.Hundredths(ev.Carats))
	case types.EventKind_EVENT_KIND_RELEASED:
		add("void %s gave back %s ct", ev.Related, format.Hundredths(ev.Carats))
	case types.EventKind_EVENT_KIND_REPLACES:
		add("replaces %s", ev.Related)
	}
	if ev.Note != "" {
		add("note: %s", ev.Note)
	}
	return strings.Join(parts, "; ")
}
