package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Verdicts of `kpd query certificate verify`: the words of types.Judge, and
// the answer of an offline check, which knows the signature, not the status.
const (
	VerdictValidForEntry   = types.VerdictValidForEntry
	VerdictValidForTransit = types.VerdictValidForTransit
	VerdictReceived        = types.VerdictReceived
	VerdictAlreadyUsed     = types.VerdictAlreadyUsed
	VerdictVoid            = types.VerdictVoid
	VerdictExpired         = types.VerdictExpired
	VerdictRejected        = types.VerdictRejected
	VerdictNotFound        = types.VerdictNotFound
	VerdictMismatch        = types.VerdictMismatch
	VerdictSignatureOnly   = "SIGNATURE VALID, STATUS UNKNOWN OFFLINE"
)

// check is one line of a verification: a field, what was compared, and
// whether it holds.
type check struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
	OK     bool   `json:"ok"`
}

// verification is the answer of `verify`: the verdict, why, and each check;
// in JSON with the proof it rests on.
type verification struct {
	Verdict     string               `json:"verdict"`
	Valid       bool                 `json:"valid"`
	Number      string               `json:"number"`
	Detail      string               `json:"detail"`
	Status      string               `json:"status,omitempty"`
	Issuer      string               `json:"issuer,omitempty"`
	Destination string               `json:"destination,omitempty"`
	PresentedAt string               `json:"presented_at,omitempty"`
	Proved      string               `json:"-"`
	Proof       *client.ProofSummary `json:"proof,omitempty"`
	// Lines are the goods by HS code of a certificate of several lines.
	Lines  []types.HSLine `json:"lines,omitempty"`
	Checks []check        `json:"checks"`
}

func verifyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify NUMBER|--qr PAYLOAD|--qr-image FILE [--at CODE] [--carats X --parcels N --value Y --exporter A --importer A --destination C --origin O --hs H] [--after-receipt] [--registry FILE]",
		Short: "Check a paper certificate against the ledger: one verdict, VALID FOR ENTRY or why not; exits non-zero unless valid",
		Long: `Check a certificate presented at the border against the ledger. The first line
is the verdict:

  VALID FOR ENTRY     issued, not expired, presented at its destination, every
                      field given as a flag matches
  VALID FOR TRANSIT   the same, presented at a transit participant's border
  ALREADY USED        the destination has confirmed its receipt: a certificate
                      covers one shipment, and a copy does not cover another
  VOID, EXPIRED, REJECTED   the certificate's state (expired: past its expiry
                      at the block the answer is proved at)
  NOT FOUND           no such certificate on the ledger
  MISMATCH            a field, or where it is presented, differs from the record

then one line per check. --at is the participant where the paper is presented
(EC is the European Community). --after-receipt is the destination's own check
after the fact: a received certificate is then RECEIVED AS CERTIFIED.
--exporter and --importer take a key (keyring name or address) or the company
name as printed, compared with the name the ledger registered. The number may be
typed as printed ("ZA 012345", "KP-IN-0001"). -o json prints the verdict, the
checks and the proof as JSON.

The answer is proved, not trusted: the record (or its absence) and its history
(a scan of its key range, which also proves no event is left out) are checked
with their ICS23 proofs against the app hash of a header signed by more than two thirds
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
		RunE: runVerify,
	}
	f := cmd.Flags()
	for _, name := range []string{"carats", "value", "exporter", "importer", "destination", "origin", "hs"} {
		f.String(name, "", "as printed on the paper certificate")
	}
	f.Uint32("parcels", 0, "as printed on the paper certificate")
	f.String("at", "", "the participant where the certificate is presented (its destination, or a transit participant)")
	f.Bool("after-receipt", false, "the destination's own check of a certificate it received")
	f.String("qr", "", "the payload of the certificate's QR code, as a scanner reads it (KP1:...)")
	f.String("qr-image", "", "a PNG image of the certificate's QR code")
	f.String("registry", "", "check the QR code offline against this registry of officer keys (kpd query participant export-keys)")
	client.AddProofFlags(cmd)
	return cmd
}

func runVerify(cmd *cobra.Command, args []string) error {
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
	case len(args) == 1 && q != nil && types.NormalizeNumber(args[0]) != q.Number:
		return fmt.Errorf("the QR code is of %s, not %s", q.Number, types.NormalizeNumber(args[0]))
	case len(args) == 1:
		number = types.NormalizeNumber(args[0])
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
		v := &verification{Verdict: VerdictSignatureOnly, Valid: true, Number: number, Checks: checks,
			Detail: "the issuing officer's signature, checked offline; whether it was used, voided or expired is not known"}
		if failed(checks) {
			v.Verdict, v.Valid, v.Detail = VerdictMismatch, false, "the QR code does not check"
		}
		return printVerification(c, v)
	}
	// The clock is proved beside the record: a test network's ledger time
	// (its expiries) is not its block time.
	keys := [][]byte{module.ClockKey}
	if q != nil {
		signer, err := participanttypes.ParseAddress(q.Signer)
		if err != nil {
			return fmt.Errorf("QR payload: %w", err)
		}
		keys = append(keys, append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(signer)...))
	}
	cert, set, err := proveCertificate(cmd, c, number, keys...)
	if err != nil {
		return fmt.Errorf("%s could not be proved: %w", number, err)
	}
	proved := set[0]
	summary := client.Summarize(proved)
	v := &verification{Number: number, Proved: client.ProvedLine(proved), Proof: &summary}
	if cert == nil {
		v.Verdict, v.Detail = VerdictNotFound, "no certificate "+number+" on the ledger"
		return printVerification(c, v)
	}
	names, err := partyNames(cmd, c, cert.Certificate)
	if err != nil {
		return err
	}
	checks, err := verifyChecks(cmd, c, cert.Certificate, names)
	if err != nil {
		return err
	}
	if q != nil {
		var signer *participanttypes.RegisteredKey
		if bz := set[2].Value; bz != nil {
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
	at, _ := cmd.Flags().GetString("at")
	afterReceipt, _ := cmd.Flags().GetBool("after-receipt")
	now := time.Unix(module.DecodeClock(set[1].Value).At(proved.HeaderTime.Unix()), 0).UTC()
	judge(v, cert, now, participanttypes.NormalizeCode(at), afterReceipt, checks)
	return printVerification(c, v)
}

// judge gives the verdict on a proved certificate presented at a participant
// (empty: not said) when the ledger's clock reads now (types.Judge: its state
// first — void, rejected, expired, already used — then where it is presented
// and every field checked), and says why.
func judge(v *verification, cert *withHistory, now time.Time, at string, afterReceipt bool, checks []check) {
	v.Status, v.Issuer, v.Destination, v.PresentedAt = cert.Status.Name(), cert.Issuer, cert.Destination, at
	if lines := types.Lines(cert.Certificate); len(lines) > 1 {
		v.Lines = lines
	}
	p := types.Presentation{At: at, AfterReceipt: afterReceipt}
	placed, transit := p.Place(cert.Certificate)
	switch {
	case at == "":
		checks = append(checks, check{"presented at", fmt.Sprintf("not said (--at CODE): checked for entry into %s, its destination", cert.Destination), true})
	case !placed:
		checks = append(checks, check{"presented at", fmt.Sprintf("%s, but it is for %s (transit %s)", at, cert.Destination, transitText(cert.Transit)), false})
	case transit:
		checks = append(checks, check{"presented at", at + ", a transit participant on its way to " + cert.Destination, true})
	default:
		checks = append(checks, check{"presented at", at + ", its destination", true})
	}
	v.Checks = checks
	last := func(kind types.EventKind) *types.CertificateEvent {
		for i := len(cert.Events) - 1; i >= 0; i-- {
			if cert.Events[i].Kind == kind {
				return &cert.Events[i]
			}
		}
		return &types.CertificateEvent{}
	}
	v.Verdict, v.Valid = types.Judge(cert.Certificate, now.Unix(), p, failed(checks))
	switch v.Verdict {
	case VerdictVoid:
		ev := last(types.EventKind_EVENT_KIND_VOIDED)
		v.Detail = fmt.Sprintf("voided by %s on %s (%s)", cert.Issuer, format.Time(ev.Time), ev.VoidReason.Name())
		if cert.ReplacedBy != "" {
			v.Detail += "; replaced by " + cert.ReplacedBy
		}
	case VerdictRejected:
		ev := last(types.EventKind_EVENT_KIND_REJECTED)
		v.Detail = fmt.Sprintf("detained by %s on %s (%s)", cert.Destination, format.Time(ev.Time), ev.RejectionReason.Name())
	case VerdictExpired:
		v.Detail = fmt.Sprintf("expired %s, never confirmed", format.Time(cert.ExpiresAt))
	case VerdictAlreadyUsed:
		v.Detail = fmt.Sprintf("%s received it on %s: a certificate covers one shipment", cert.Destination, format.Time(cert.ReceivedAt))
	case VerdictMismatch:
		v.Detail = "the paper or where it is presented differs from the record"
	case VerdictReceived:
		v.Detail = fmt.Sprintf("received by %s on %s", cert.Destination, format.Time(cert.ReceivedAt))
		if cert.Discrepancy {
			v.Detail += fmt.Sprintf(", with discrepancy: %s ct re-weighed against %s ct certified", format.Hundredths(cert.ReceivedCarats), format.Hundredths(cert.Carats))
		}
	case VerdictValidForEntry, VerdictValidForTransit:
		v.Detail = fmt.Sprintf("%s → %s, expires %s", cert.Issuer, cert.Destination, format.Time(cert.ExpiresAt))
	default:
		v.Detail = "the record has a status this client does not know: " + cert.Status.Name()
	}
}

func transitText(transit []string) string {
	if len(transit) == 0 {
		return "none"
	}
	return strings.Join(transit, ",")
}

func failed(checks []check) bool {
	for _, ch := range checks {
		if !ch.OK {
			return true
		}
	}
	return false
}

// printVerification prints the verdict, what the proof rests on and every
// check, or all of it as JSON; it fails unless the verdict is a valid one.
func printVerification(c *client.Context, v *verification) error {
	if c.JSON() {
		if v.Checks == nil {
			v.Checks = []check{}
		}
		out, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, string(out))
	} else {
		printVerdict(c.Out, v)
	}
	if !v.Valid {
		return errors.New("the certificate does not verify: " + v.Verdict)
	}
	return nil
}

func printVerdict(w io.Writer, v *verification) {
	fmt.Fprintf(w, "%s  %s: %s\n", v.Verdict, v.Number, v.Detail)
	if v.Proved != "" {
		fmt.Fprintln(w, v.Proved)
	}
	for i, l := range v.Lines {
		fmt.Fprintf(w, "line %d  %s\n", i+1, lineText(l))
	}
	for _, ch := range v.Checks {
		mark := "ok "
		if !ch.OK {
			mark = "BAD"
		}
		fmt.Fprintf(w, "%s  %-12s %s\n", mark, ch.Field, ch.Detail)
	}
}

// partyNames proves the registered keys of the certificate's exporter and
// importer when --exporter or --importer names a company rather than a key:
// address → the name the ledger registered.
func partyNames(cmd *cobra.Command, c *client.Context, cert *types.Certificate) (map[string]string, error) {
	var keys [][]byte
	var addresses []string
	for _, party := range []struct{ flag, recorded string }{{"exporter", cert.Exporter}, {"importer", cert.Importer}} {
		given, _ := cmd.Flags().GetString(party.flag)
		if given == "" || party.recorded == "" {
			continue
		}
		if _, err := c.ResolveAddress(given); err == nil {
			continue
		}
		raw, err := participanttypes.ParseAddress(party.recorded)
		if err != nil {
			return nil, err
		}
		keys = append(keys, append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(raw)...))
		addresses = append(addresses, party.recorded)
	}
	names := map[string]string{}
	if len(keys) == 0 {
		return names, nil
	}
	set, err := c.ProveAll(cmd, keys)
	if err != nil {
		return nil, fmt.Errorf("the parties' registrations could not be proved: %w", err)
	}
	for i, p := range set.Proved {
		var k participanttypes.RegisteredKey
		if p.Value != nil && k.Unmarshal(p.Value) == nil {
			names[addresses[i]] = k.Name
		}
	}
	return names, nil
}

// sameName compares company names as printed: case, spacing and a final
// full stop aside.
func sameName(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimSuffix(strings.Join(strings.Fields(strings.ToLower(s)), " "), ".")
	}
	return norm(a) == norm(b)
}

// verifyChecks compares the fields given as flags with the proved record;
// names are the registered names of its parties (partyNames).
func verifyChecks(cmd *cobra.Command, c *client.Context, cert *types.Certificate, names map[string]string) ([]check, error) {
	f := cmd.Flags()
	checks := []check{
		{"certificate", fmt.Sprintf("%s issued by %s on %s", cert.Number, cert.Issuer, format.Time(cert.IssuedAt)), true},
		{"status", statusText(cert), true},
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
		given := str(party.flag)
		if given == "" {
			continue
		}
		if address, err := c.ResolveAddress(given); err == nil {
			compare(party.flag, address, party.recorded)
			continue
		}
		if party.recorded == "" {
			checks = append(checks, check{party.flag, fmt.Sprintf("given %q, certified %q (not registered)", given, cert.ImporterName), sameName(given, cert.ImporterName)})
			continue
		}
		recorded := names[party.recorded]
		checks = append(checks, check{party.flag, fmt.Sprintf("given %q, registered %q (%s)", given, recorded, party.recorded),
			recorded != "" && sameName(given, recorded)})
	}
	compare("destination", participanttypes.NormalizeCode(str("destination")), cert.Destination)
	if s := str("origin"); s != "" {
		origin, mixed, err := parseOrigin(s)
		if err != nil {
			return nil, err
		}
		compare("origin", originText(origin, mixed), originText(cert.Origin, cert.MixedOrigins))
	}
	if given := str("hs"); given != "" {
		compare("hs", types.SortedHSCodes(given), types.SortedHSCodes(types.HSCodeText(cert)))
	}
	return checks, nil
}

// statusText is a certificate's status with its expiry.
func statusText(cert *types.Certificate) string {
	return fmt.Sprintf("%s (expires %s)", cert.Status.Name(), format.Time(cert.ExpiresAt))
}
