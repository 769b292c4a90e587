package client

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// TxCommand is `kpd tx certificate`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "certificate",
		Short: "Issue, hand on, attest, confirm, reject and void KP certificates",
	}
	cmd.AddCommand(issueCmd(), transferCmd(), attestCmd(), confirmCmd(), rejectCmd(), voidCmd())
	return cmd
}

func issueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "issue NUMBER --origin --destination --exporter --importer --carats --value --parcels --hs --expires",
		Short: "Validate a certificate as the exporting authority (signed by an issuer officer)",
		Long: `Validate a KP certificate (Annex I) as the exporting authority; --from is an
issuer officer. NUMBER starts with your participant's code. --origin is an ISO
code, MIXED, or MIXED:AO,CD when the origins are known. --exporter and
--importer are operators' addresses or keyring names. --carats and --value
(US$) take at most two decimals. --expires is a date (valid to its end, UTC),
an RFC 3339 time, or a validity such as 30d. A re-export names its parents
with --parent NUMBER:CARATS, once per parent.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			f := cmd.Flags()
			str := func(name string) string { v, _ := f.GetString(name); return v }
			msg := &types.MsgIssue{
				Number: strings.ToUpper(args[0]), Destination: strings.ToUpper(str("destination")),
				HsCode: str("hs"), Seal: str("seal"), PortOfExport: str("port"), Transit: splitCodes(str("transit")),
			}
			if msg.Origin, msg.MixedOrigins, err = parseOrigin(str("origin")); err != nil {
				return err
			}
			if msg.Exporter, err = c.ResolveAddress(str("exporter")); err != nil {
				return err
			}
			if msg.Importer, err = c.ResolveAddress(str("importer")); err != nil {
				return err
			}
			if msg.Carats, err = parseAmount("carats", str("carats")); err != nil {
				return err
			}
			if msg.ValueUsd, err = parseAmount("value", str("value")); err != nil {
				return err
			}
			parcels, _ := f.GetUint32("parcels")
			msg.Parcels = parcels
			now, err := c.LedgerNow(cmd.Context())
			if err != nil {
				return err
			}
			if msg.ExpiresAt, err = parseExpiry(str("expires"), now); err != nil {
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
			return client.RunTx(cmd, msg)
		},
	}
	f := cmd.Flags()
	f.String("origin", "", "country of origin: an ISO code, MIXED, or MIXED:AO,CD")
	f.String("destination", "", "importing participant's code")
	f.String("exporter", "", "exporter: address or keyring name of an operator of your participant")
	f.String("importer", "", "importer: address or keyring name of an operator of the destination")
	f.String("carats", "", "carat weight, e.g. 1523.40")
	f.String("value", "", "value in US$, e.g. 125000.00")
	f.Uint32("parcels", 0, "number of parcels")
	f.String("hs", "", "HS code: 7102.10, 7102.21 or 7102.31")
	f.String("expires", "", "expiry: 2005-12-31, an RFC 3339 time, or 30d")
	f.String("seal", "", "container seal number")
	f.String("port", "", "port of export")
	f.String("transit", "", "transit participants, e.g. ZA,NA")
	f.StringArray("parent", nil, "a parent certificate of a re-export: NUMBER:CARATS (repeatable)")
	for _, name := range []string{"origin", "destination", "exporter", "importer", "carats", "value", "parcels", "hs", "expires"} {
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
			return client.RunTx(cmd, &types.MsgTransfer{Number: strings.ToUpper(args[0]), To: address, Seal: seal, Carrier: carrier})
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
			return client.RunTx(cmd, &types.MsgAttest{Number: strings.ToUpper(args[0]), Note: note})
		},
	}
	cmd.Flags().String("note", "", "what was seen")
	return cmd
}

func confirmCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "confirm NUMBER --parcels N --carats X --value Y [--note TEXT]",
		Short: "Confirm receipt, quoting what arrived (the importer or the destination's customs)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			caratsText, _ := f.GetString("carats")
			valueText, _ := f.GetString("value")
			parcels, _ := f.GetUint32("parcels")
			note, _ := f.GetString("note")
			carats, err := parseAmount("carats", caratsText)
			if err != nil {
				return err
			}
			value, err := parseAmount("value", valueText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgConfirm{Number: strings.ToUpper(args[0]), Parcels: parcels, Carats: carats, ValueUsd: value, Note: note})
		},
	}
	f := cmd.Flags()
	f.Uint32("parcels", 0, "parcels received")
	f.String("carats", "", "carats received, e.g. 1523.40")
	f.String("value", "", "value received in US$")
	f.String("note", "", "remarks")
	for _, name := range []string{"parcels", "carats", "value"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func rejectCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reject NUMBER --reason seal-broken|mismatch|forged|expired|other [--note TEXT]",
		Short: "Reject a shipment and detain it (the importer or the destination's customs)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reasonText, _ := cmd.Flags().GetString("reason")
			note, _ := cmd.Flags().GetString("note")
			reason, err := types.ParseRejectionReason(reasonText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgReject{Number: strings.ToUpper(args[0]), Reason: reason, Note: note})
		},
	}
	cmd.Flags().String("reason", "", "seal-broken, mismatch, forged, expired or other")
	cmd.Flags().String("note", "", "what was found")
	_ = cmd.MarkFlagRequired("reason")
	return cmd
}

func voidCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "void NUMBER --reason REASON [--replaced-by NUMBER] [--note TEXT]",
		Short: "Void a certificate before receipt (an issuer officer of the issuing participant)",
		Long: `Void a certificate before receipt. --reason is printer-error, lost-in-transit,
transposition-error, shipment-cancelled, shipment-returned, surrendered or
replaced; a replacement (issued first) is named with --replaced-by.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			reasonText, _ := cmd.Flags().GetString("reason")
			replacedBy, _ := cmd.Flags().GetString("replaced-by")
			note, _ := cmd.Flags().GetString("note")
			reason, err := types.ParseVoidReason(reasonText)
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgVoid{Number: strings.ToUpper(args[0]), Reason: reason, ReplacedBy: strings.ToUpper(replacedBy), Note: note})
		},
	}
	cmd.Flags().String("reason", "", "why the certificate is void")
	cmd.Flags().String("replaced-by", "", "the certificate that replaces it")
	cmd.Flags().String("note", "", "remarks")
	_ = cmd.MarkFlagRequired("reason")
	return cmd
}
