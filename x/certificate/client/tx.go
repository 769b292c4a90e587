package client

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TxCommand is `kpd tx certificate`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "certificate",
		Short: "Issue, hand on, attest, confirm, reject and void KP certificates",
	}
	cmd.AddCommand(issueCmd(), transferCmd(), attestCmd(), resealCmd(), confirmCmd(), rejectCmd(), releaseCmd(), voidCmd(), declareStockCmd())
	return cmd
}

func issueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issue NUMBER --origin --destination --exporter --importer (--carats --value --parcels --hs | --line HS:CARATS:VALUE:PARCELS...) --expires",
		Short: "Validate a certificate as the exporting authority (signed by an issuer officer)",
		Long: `Validate a KP certificate (Annex I) as the exporting authority; --from is an
issuer officer. NUMBER starts with your participant's code. --origin is an ISO
code, MIXED, or MIXED:AO,CD when the origins are known. --exporter and
--importer are operators' addresses or keyring names. --carats and --value
(US$) take at most two decimals. --expires is a validity such as 60d or 720h,
counted from the ledger's latest block time (the clock the ledger checks the
maximum against), a date (valid to the end of that day in your participant's
time zone), or an RFC 3339 time. The number may be typed as printed ("BW 2005
0001", "KP-BW-2005-0001"); the ledger keeps BW-2005-0001. EC is accepted for
the European Community (EU).

Goods of several HS codes: one --line HS:CARATS:VALUE:PARCELS for each (at
most 8, distinct HS codes) instead of --hs, --carats, --value and --parcels;
the certificate's totals are the lines' sums.

Where the goods come from: --parent NUMBER:CARATS for each certificate your
participant received that it draws from, --stock AO+CD:CARATS for goods of its
stock (received earlier, or declared as opening stock), --own-production
CARATS for its own production. --carats is their sum (given, it must be); with
none of them, the goods are your own production when --origin is your own
code. --origin is the set of origins the goods carry: your code for your own
production, blended goods MIXED:BW,ZA.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			str := func(name string) string { v, _ := f.GetString(name); return v }
			msg := &types.MsgIssue{
				Number: types.NormalizeNumber(args[0]), Destination: participanttypes.NormalizeCode(str("destination")),
				HsCode: str("hs"), Seal: str("seal"), PortOfExport: str("port"), Transit: splitCodes(str("transit")),
			}
			if msg.Origin, msg.MixedOrigins, err = parseOrigin(str("origin")); err != nil {
				return err
			}
			if msg.Exporter, err = c.ResolveAddress(str("exporter")); err != nil {
				return err
			}
			msg.ImporterName, msg.ImporterAddress = str("importer-name"), str("importer-address")
			if importer := str("importer"); importer != "" {
				if msg.Importer, err = c.ResolveAddress(importer); err != nil {
					return err
				}
			} else if msg.ImporterName == "" {
				return errors.New("--importer KEY, or --importer-name and --importer-address for an importer the destination has not registered")
			}
			caratsGiven, err := issueGoods(cmd, msg)
			if err != nil {
				return err
			}
			latest, err := c.LatestLedgerTime(cmd.Context())
			if err != nil {
				return err
			}
			zone, err := participantZone(cmd, c, msg.Number[:min(2, len(msg.Number))])
			if err != nil {
				return err
			}
			if msg.ExpiresAt, err = parseExpiry(str("expires"), latest, zone); err != nil {
				return err
			}
			parents, _ := f.GetStringArray("parent")
			for _, p := range parents {
				draw, err := parseParent(p)
				if err != nil {
					return err
				}
				msg.Parents = append(msg.Parents, draw)
			}
			stocks, _ := f.GetStringArray("stock")
			for _, st := range stocks {
				draw, err := parseStockDraw(st)
				if err != nil {
					return err
				}
				msg.StockDraws = append(msg.StockDraws, draw)
			}
			if own := str("own-production"); own != "" {
				if msg.OwnProductionCarats, err = parseAmount("own-production", own); err != nil {
					return err
				}
			}
			if err := weighSources(msg, issuerOf(msg.Number), caratsGiven); err != nil {
				return err
			}
			return client.RunTx(cmd, msg)
		},
	}
	f := cmd.Flags()
	f.String("origin", "", "country of origin: an ISO code, MIXED, or MIXED:AO,CD")
	f.String("destination", "", "importing participant's code")
	f.String("exporter", "", "exporter: address or keyring name of an operator of your participant")
	f.String("importer", "", "importer: address or keyring name of an operator of the destination")
	f.String("importer-name", "", "an importer the destination has not registered: its name (then only the destination's authority confirms)")
	f.String("importer-address", "", "an importer the destination has not registered: its address")
	f.String("carats", "", "carat weight, e.g. 1523.40")
	f.String("value", "", "value in US$, e.g. 125000.00")
	f.Uint32("parcels", 0, "number of parcels")
	f.String("hs", "", "HS code: 7102.10, 7102.21 or 7102.31")
	f.StringArray("line", nil, "a line of goods of one HS code, instead of --hs, --carats, --value and --parcels: HS:CARATS:VALUE:PARCELS, e.g. 7102.31:523.40:132500.00:2 (repeatable, at most 8)")
	f.String("expires", "", "expiry: 60d (from the latest block), 2005-12-31 (the end of that day in your time zone), or an RFC 3339 time")
	f.String("seal", "", "container seal number")
	f.String("port", "", "port of export")
	f.String("transit", "", "transit participants, e.g. ZA,NA")
	f.StringArray("parent", nil, "a parent certificate of a re-export: NUMBER:CARATS (repeatable)")
	f.StringArray("stock", nil, "carats from your stock of goods of origins: AO:120.50 or AO+CD:300 (repeatable)")
	f.String("own-production", "", "carats of your own production (the default, for all the carats, when the origin is your own and nothing else is drawn)")
	for _, name := range []string{"origin", "destination", "exporter", "expires"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func transferCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "transfer NUMBER --to KEY [--seal SEAL] [--carrier TEXT]",
		Short: "Hand the shipment to the next holder (signed by the current holder)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			to, _ := cmd.Flags().GetString("to")
			address, err := c.ResolveAddress(to)
			if err != nil {
				return err
			}
			seal, _ := cmd.Flags().GetString("seal")
			carrier, _ := cmd.Flags().GetString("carrier")
			return client.RunTx(cmd, &types.MsgTransfer{Number: types.NormalizeNumber(args[0]), To: address, Seal: seal, Carrier: carrier})
		},
	}
	cmd.Flags().String("to", "", "next holder: address or keyring name")
	cmd.Flags().String("seal", "", "the container seal number, as on the certificate")
	cmd.Flags().String("carrier", "", "carrier (free text)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

func attestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "attest NUMBER [--note TEXT]",
		Short: "Attest, as a transit participant's customs, that the shipment passed sealed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			note, _ := cmd.Flags().GetString("note")
			return client.RunTx(cmd, &types.MsgAttest{Number: types.NormalizeNumber(args[0]), Note: note})
		},
	}
	cmd.Flags().String("note", "", "what was seen")
	return cmd
}

func confirmCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "confirm NUMBER --parcels N --carats X --value Y [--received DATE] [--reference REF] [--note TEXT]",
		Short: "Confirm receipt, quoting what arrived and when (the destination's customs, or its importer if it lets them)",
		Long: `Confirm receipt of a shipment, quoting the parcels, the carats as re-weighed
(within the re-weighing tolerance of the certificate's: "received with
discrepancy") and the value received. --received is the date the importing
authority received it (a date, in your participant's time zone, or an RFC 3339
time; default: now) and --reference its own reference. After the certificate's
expiry a confirmation is still accepted within the late-confirmation grace when
the date of receipt is on or before the expiry.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			r, err := readReceipt(cmd, c, types.NormalizeNumber(args[0]))
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgConfirm{Number: r.number, Parcels: r.parcels, Carats: r.carats, ValueUsd: r.value,
				ReceivedAt: r.receivedAt, Reference: r.reference, Note: r.note})
		},
	}
	receiptFlags(cmd)
	return cmd
}

func releaseCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "release NUMBER --parcels N --carats X --value Y [--received DATE] [--reference REF] [--note TEXT]",
		Short: "Release a detained shipment after remedy: the rejected certificate becomes received (the destination's customs)",
		Long: `Release a shipment your importing authority detained (rejected), once the
cause is remedied: the certificate becomes received, quoting what was received,
when (--received, default now) and the authority's reference.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			r, err := readReceipt(cmd, c, types.NormalizeNumber(args[0]))
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgRelease{Number: r.number, Parcels: r.parcels, Carats: r.carats, ValueUsd: r.value,
				ReceivedAt: r.receivedAt, Reference: r.reference, Note: r.note})
		},
	}
	receiptFlags(cmd)
	return cmd
}

// receipt is what a confirmation or a release quotes.
type receipt struct {
	number, reference, note string
	parcels                 uint32
	carats, value           int64
	receivedAt              int64
}

func receiptFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Uint32("parcels", 0, "parcels received")
	f.String("carats", "", "carats received (re-weighed), e.g. 1523.40")
	f.String("value", "", "value received in US$")
	f.String("received", "", "date of receipt by the importing authority: 2005-12-10 (your time zone) or an RFC 3339 time (default: now)")
	f.String("reference", "", "the importing authority's reference")
	f.String("note", "", "remarks")
	for _, name := range []string{"parcels", "carats", "value"} {
		_ = cmd.MarkFlagRequired(name)
	}
}

// readReceipt reads a confirmation's flags. A date of receipt is the start of
// that day in the destination's time zone, or the time of issue when the
// goods arrived the day they were certified.
func readReceipt(cmd *cobra.Command, c *client.Context, number string) (*receipt, error) {
	f := cmd.Flags()
	str := func(name string) string { v, _ := f.GetString(name); return v }
	r := &receipt{number: number, reference: str("reference"), note: str("note")}
	r.parcels, _ = f.GetUint32("parcels")
	var err error
	if r.carats, err = parseAmount("carats", str("carats")); err != nil {
		return nil, err
	}
	if r.value, err = parseAmount("value", str("value")); err != nil {
		return nil, err
	}
	if received := str("received"); received != "" {
		var cert types.QueryCertificateResponse
		if _, err := c.Query(cmd.Context(), types.QueryCertificate, &types.QueryCertificateRequest{Number: number}, &cert); err != nil {
			return nil, err
		}
		zone, err := participantZone(cmd, c, cert.Certificate.Destination)
		if err != nil {
			return nil, err
		}
		if r.receivedAt, err = parseReceived(received, zone, cert.Certificate.IssuedAt); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func rejectCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reject NUMBER --reason seal-broken|mismatch|forged|expired|other [--note TEXT]",
		Short: "Reject a shipment and detain it (the destination's importing authority)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reasonText, _ := cmd.Flags().GetString("reason")
			note, _ := cmd.Flags().GetString("note")
			reason, err := types.ParseRejectionReason(reasonText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgReject{Number: types.NormalizeNumber(args[0]), Reason: reason, Note: note})
		},
	}
	cmd.Flags().String("reason", "", "seal-broken, mismatch, forged, expired or other")
	cmd.Flags().String("note", "", "what was found")
	_ = cmd.MarkFlagRequired("reason")
	return cmd
}

func resealCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reseal NUMBER --seal NEW-SEAL [--note TEXT]",
		Short: "Record an inspection and the new seal put on the container (an authority on the route)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			seal, _ := cmd.Flags().GetString("seal")
			note, _ := cmd.Flags().GetString("note")
			return client.RunTx(cmd, &types.MsgReseal{Number: types.NormalizeNumber(args[0]), Seal: seal, Note: note})
		},
	}
	cmd.Flags().String("seal", "", "the new seal number")
	cmd.Flags().String("note", "", "what the inspection found")
	_ = cmd.MarkFlagRequired("seal")
	return cmd
}

func voidCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "void NUMBER --reason REASON [--replaced-by NUMBER] [--note TEXT]",
		Short: "Void a certificate before receipt (an issuer officer of the issuing participant)",
		Long: `Void a certificate before receipt. --reason is printer-error, lost-in-transit,
transposition-error, shipment-cancelled, shipment-returned, surrendered,
replaced or reissued; a replacement (issued first) is named with --replaced-by
and goes to the same destination, exporter and importer (reissued: to others).
Once custody reached the destination's side, only shipment-returned; a rejected
certificate is voided as shipment-returned when the goods come back (the export
is reversed, the carats drawn go back to the parents), an expired one as
surrendered.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reasonText, _ := cmd.Flags().GetString("reason")
			replacedBy, _ := cmd.Flags().GetString("replaced-by")
			note, _ := cmd.Flags().GetString("note")
			reason, err := types.ParseVoidReason(reasonText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgVoid{Number: types.NormalizeNumber(args[0]), Reason: reason, ReplacedBy: types.NormalizeNumber(replacedBy), Note: note})
		},
	}
	cmd.Flags().String("reason", "", "why the certificate is void")
	cmd.Flags().String("replaced-by", "", "the certificate that replaces it")
	cmd.Flags().String("note", "", "remarks")
	_ = cmd.MarkFlagRequired("reason")
	return cmd
}

func declareStockCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "declare-stock ORIGIN[+ORIGIN...] --carats X --reference TEXT",
		Short: "Declare an opening stock of rough diamonds your participant holds (an admin officer): recorded, visible, monitored",
		Long: `Declare that your participant holds a stock of goods of an origin (BW) or of
mixed origins (AO+CD), with the reference of the inventory or audit that says
so (an admin officer). The carats join your stock, which certificates then draw
from (--stock); the declaration stays on the ledger for anyone to see, and
monitoring counts it in your mass balance.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			caratsText, _ := cmd.Flags().GetString("carats")
			reference, _ := cmd.Flags().GetString("reference")
			draw, err := parseStockDraw(args[0] + ":" + caratsText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgDeclareStock{Origins: draw.Origins, Carats: draw.Carats, Reference: reference})
		},
	}
	cmd.Flags().String("carats", "", "carats held, e.g. 125000.00")
	cmd.Flags().String("reference", "", "the inventory or audit that establishes the stock")
	_ = cmd.MarkFlagRequired("carats")
	_ = cmd.MarkFlagRequired("reference")
	return cmd
}

// issueGoods reads the goods of an issue: the lines of --line, the
// certificate's totals their sums, or the one-line form's --hs, --carats,
// --value and --parcels. It reports whether the carats were given (by
// --carats or the lines), which the goods' sources must then add up to.
func issueGoods(cmd *cobra.Command, msg *types.MsgIssue) (bool, error) {
	f := cmd.Flags()
	specs, _ := f.GetStringArray("line")
	if len(specs) > 0 {
		for _, name := range []string{"hs", "carats", "value", "parcels"} {
			if f.Changed(name) {
				return false, fmt.Errorf("--%s with --line: each line gives its own, and the totals are the lines' sums", name)
			}
		}
		lines := make([]types.HSLine, 0, len(specs))
		for _, spec := range specs {
			l, err := types.ParseHSLine(spec)
			if err != nil {
				return false, err
			}
			lines = append(lines, l)
		}
		msg.SetLines(lines)
		return true, nil
	}
	for _, name := range []string{"hs", "value", "parcels"} {
		if !f.Changed(name) {
			return false, fmt.Errorf("--%s missing (or give the goods as --line HS:CARATS:VALUE:PARCELS)", name)
		}
	}
	var err error
	if f.Changed("carats") {
		v, _ := f.GetString("carats")
		if msg.Carats, err = parseAmount("carats", v); err != nil {
			return false, err
		}
	}
	v, _ := f.GetString("value")
	if msg.ValueUsd, err = parseAmount("value", v); err != nil {
		return false, err
	}
	msg.Parcels, _ = f.GetUint32("parcels")
	return f.Changed("carats"), nil
}
