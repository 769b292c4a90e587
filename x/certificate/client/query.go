package client

import (
	"errors"
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
	cmd.AddCommand(showCmd(), listCmd(), traceCmd(), verifyCmd(), qrCmd(), EmbargoesCommand(), paramsCmd())
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
			height, err := c.Query(cmd.Context(), types.QueryCertificate, &types.QueryCertificateRequest{Number: strings.ToUpper(args[0])}, &resp)
			if err != nil {
				return err
			}
			cert := &resp.Certificate
			names := map[string]string{}
			if !c.JSON() {
				addresses := []string{cert.Exporter, cert.Importer, cert.Holder}
				for _, ev := range cert.Events {
					addresses = append(addresses, ev.Signer, ev.Holder)
				}
				if names, err = c.DescribeAddresses(cmd.Context(), height, addresses); err != nil {
					return err
				}
			}
			return c.Print(cert, func(w io.Writer) { printCertificate(w, cert, names) })
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
			req := &types.QueryCertificatesRequest{Issuer: strings.ToUpper(str("issuer")), Destination: strings.ToUpper(str("destination")), PageKey: str("page-key")}
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
			return client.RunQuery(cmd, types.QueryTrace, &types.QueryTraceRequest{Number: strings.ToUpper(args[0])}, &resp,
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

func verifyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify NUMBER|--qr PAYLOAD|--qr-image FILE [--carats X --parcels N --value Y --exporter A --importer A --destination C --origin O --hs H] [--registry FILE]",
		Short: "Check a paper certificate against the ledger; exits non-zero unless it is genuine, open and matches",
		Long: `Check a certificate presented at the border against the ledger: it must
exist, be issued or received (not void, rejected or expired), and every field
given as a flag must match. Prints one line per check; exits non-zero when a
check fails.

The answer is proved, not trusted: the record (or its absence) is checked with
its ICS23 proof against the app hash of a header signed by more than two thirds
of the authorities, verified by CometBFT's light client from a root of trust —
block 1 checked against --genesis (default HOME/config/genesis.json), or
--trust-height/--trust-hash — and confirmed by every --witness.

A scanned QR code (--qr PAYLOAD, or --qr-image FILE.png) names the certificate
and carries its issuing officer's signature of the issuance fields: online it
is checked against the proved certificate and the officer's proved key; with
--registry FILE (from 'kpd query participant export-keys') it is checked
offline, against officer keys proved earlier — the certificate's current
status is then unknown.`,
		Args: cobra.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			q, err := scannedQR(cmd)
			if err != nil {
				return err
			}
			var number string
			switch {
			case len(args) == 1 && q != nil && strings.ToUpper(args[0]) != q.Number:
				return fmt.Errorf("the QR code is of %s, not %s", q.Number, strings.ToUpper(args[0]))
			case len(args) == 1:
				number = strings.ToUpper(args[0])
			case q != nil:
				number = q.Number
			default:
				return errors.New("name the certificate: NUMBER, --qr PAYLOAD or --qr-image FILE")
			}
			if registry, _ := cmd.Flags().GetString("registry"); registry != "" {
				if q == nil {
					return errors.New("--registry checks a QR code offline: give --qr or --qr-image")
				}
				checks, err := checkQROffline(q, registry, c, cmd)
				if err != nil {
					return err
				}
				return printChecks(c, checks)
			}
			keys := [][]byte{append([]byte{types.StorePrefix}, types.CertificateKey(number)...)}
			if q != nil {
				signer, err := participanttypes.ParseAddress(q.Signer)
				if err != nil {
					return fmt.Errorf("QR payload: %w", err)
				}
				keys = append(keys, append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(signer)...))
			}
			set, err := c.ProveAll(cmd, keys)
			if err != nil {
				return fmt.Errorf("%s could not be proved: %w", number, err)
			}
			proved := &set.Proved[0]
			if proved.Value == nil {
				fmt.Fprintf(c.Out, "NOT FOUND  no certificate %s on the ledger; %s\n", number, client.ProvedLine(proved))
				return errors.New("the certificate does not verify")
			}
			cert := &types.Certificate{}
			if err := cert.Unmarshal(proved.Value); err != nil || cert.Number != number || len(cert.Events) == 0 {
				return fmt.Errorf("%s could not be proved: the proved record is not certificate %s (%v)", number, number, err)
			}
			fmt.Fprintln(c.Out, client.ProvedLine(proved))
			checks, err := verifyChecks(cmd, c, cert)
			if err != nil {
				return err
			}
			if q != nil {
				var signer *participanttypes.RegisteredKey
				if bz := set.Proved[1].Value; bz != nil {
					signer = &participanttypes.RegisteredKey{}
					if err := signer.Unmarshal(bz); err != nil {
						return fmt.Errorf("the QR signer's proved record: %w", err)
					}
				}
				chainID, err := c.ResolveChainID(cmd.Context())
				if err != nil {
					return err
				}
				checks = append(checks, checkQROnline(q, chainID, cert, signer)...)
			}
			return printChecks(c, checks)
		},
	}
	f := cmd.Flags()
	for _, name := range []string{"carats", "value", "exporter", "importer", "destination", "origin", "hs"} {
		f.String(name, "", "as printed on the paper certificate")
	}
	f.Uint32("parcels", 0, "as printed on the paper certificate")
	f.String("qr", "", "the payload of the certificate's QR code, as a scanner reads it (KP1:...)")
	f.String("qr-image", "", "a PNG image of the certificate's QR code")
	f.String("registry", "", "check the QR code offline against this registry of officer keys (kpd query participant export-keys)")
	client.AddProofFlags(cmd)
	return cmd
}

// printChecks prints one line per check and fails when one failed.
func printChecks(c *client.Context, checks []check) error {
	failed := false
	for _, ch := range checks {
		mark := "ok "
		if !ch.ok {
			mark, failed = "BAD", true
		}
		fmt.Fprintf(c.Out, "%s  %-12s %s\n", mark, ch.field, ch.detail)
	}
	if failed {
		return errors.New("the certificate does not verify")
	}
	return nil
}

type check struct {
	field, detail string
	ok            bool
}

func verifyChecks(cmd *cobra.Command, c *client.Context, cert *types.Certificate) ([]check, error) {
	f := cmd.Flags()
	open := cert.Status == types.CertificateStatus_CERTIFICATE_STATUS_ISSUED || cert.Status == types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED
	checks := []check{
		{"certificate", fmt.Sprintf("%s issued by %s on %s", cert.Number, cert.Issuer, format.Time(cert.IssuedAt)), true},
		{"status", cert.Status.Name(), open},
	}
	compare := func(field, given, recorded string) {
		if given != "" {
			checks = append(checks, check{field, fmt.Sprintf("given %s, recorded %s", given, recorded), given == recorded})
		}
	}
	str := func(name string) string { v, _ := f.GetString(name); return v }
	for _, amount := range []struct {
		flag     string
		recorded int64
	}{{"carats", cert.Carats}, {"value", cert.ValueUsd}} {
		if s := str(amount.flag); s != "" {
			n, err := parseAmount(amount.flag, s)
			if err != nil {
				return nil, err
			}
			compare(amount.flag, format.Hundredths(n), format.Hundredths(amount.recorded))
		}
	}
	if parcels, _ := f.GetUint32("parcels"); parcels != 0 {
		compare("parcels", fmt.Sprint(parcels), fmt.Sprint(cert.Parcels))
	}
	for _, party := range []struct{ flag, recorded string }{{"exporter", cert.Exporter}, {"importer", cert.Importer}} {
		if s := str(party.flag); s != "" {
			address, err := c.ResolveAddress(s)
			if err != nil {
				return nil, err
			}
			compare(party.flag, address, party.recorded)
		}
	}
	compare("destination", strings.ToUpper(str("destination")), cert.Destination)
	if s := str("origin"); s != "" {
		origin, mixed, err := parseOrigin(s)
		if err != nil {
			return nil, err
		}
		compare("origin", originText(origin, mixed), originText(cert.Origin, cert.MixedOrigins))
	}
	compare("hs", str("hs"), cert.HsCode)
	return checks, nil
}

// EmbargoesCommand lists the origins under embargo and the lifted embargoes,
// with the references of the decisions that made them (`kpd query
// certificate embargoes`, `kpd query plenary embargoes`).
func EmbargoesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "embargoes",
		Short: "Origins under embargo, and lifted embargoes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryEmbargoesResponse
			return client.RunQuery(cmd, types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("ORIGIN", "IN FORCE", "IMPOSED", "LIFTED", "REFERENCE")
				for _, e := range resp.Embargoes {
					t.Columns(e.Origin, e.Active, format.Time(e.ImposedAt), format.Time(e.LiftedAt), e.Reference)
				}
				t.Flush()
			})
		},
	}
}

func paramsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "params",
		Short: "The certificate rules in force: maximum validity, confirmation deadline",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryParamsResponse
			return client.RunQuery(cmd, types.QueryParams, &types.QueryParamsRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Row("maximum validity", fmt.Sprintf("%d days (%d s)", resp.Params.MaxValidity/types.Day, resp.Params.MaxValidity))
				t.Row("confirmation deadline", fmt.Sprintf("%d days (%d s)", resp.Params.ConfirmationDeadline/types.Day, resp.Params.ConfirmationDeadline))
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

// printCertificate prints a certificate for people; names describes the
// addresses it holds.
func printCertificate(w io.Writer, c *types.Certificate, names map[string]string) {
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
	t.Row("importer", name(c.Importer))
	t.Row("destination", c.Destination)
	t.Row("carats", format.Hundredths(c.Carats))
	t.Row("value US$", format.Hundredths(c.ValueUsd))
	t.Row("parcels", c.Parcels)
	t.Row("HS code", c.HsCode)
	t.Row("issued", format.Time(c.IssuedAt))
	t.Row("expires", format.Time(c.ExpiresAt))
	optional := func(label, value string) {
		if value != "" {
			t.Row(label, value)
		}
	}
	optional("seal", c.Seal)
	optional("port of export", c.PortOfExport)
	optional("transit", strings.Join(c.Transit, ", "))
	optional("parents", draws(c.Parents))
	optional("re-exports", draws(c.Children))
	if c.DrawnCarats > 0 {
		t.Row("carats drawn", format.Hundredths(c.DrawnCarats))
	}
	t.Row("holder", name(c.Holder))
	optional("replaced by", c.ReplacedBy)
	optional("replaces", c.Replaces)
	if c.Status == types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED {
		t.Row("received", fmt.Sprintf("%d parcels, %s ct, US$ %s", c.ReceivedParcels, format.Hundredths(c.ReceivedCarats), format.Hundredths(c.ReceivedValueUsd)))
	}
	t.Flush()
	fmt.Fprintln(w, "\nhistory:")
	for _, ev := range c.Events {
		fmt.Fprintf(w, "  height %d  %s  %s\n", ev.Height, format.Time(ev.Time), ev.Kind.Name())
		if ev.Signer == "" {
			fmt.Fprintln(w, "    block-time work (no transaction)")
		} else {
			fmt.Fprintf(w, "    signer  %s\n    tx      %X\n", name(ev.Signer), ev.TxHash)
		}
		if details := eventDetails(&ev, name); details != "" {
			fmt.Fprintf(w, "    %s\n", details)
		}
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
	case types.EventKind_EVENT_KIND_RECEIVED:
		add("%d parcels, %s ct, US$ %s", ev.Parcels, format.Hundredths(ev.Carats), format.Hundredths(ev.ValueUsd))
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
