package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// maxLineage bounds the certificates shown on each side of a lineage tree.
const maxLineage = 64

// lookup is what an officer asks of a certificate: its number or its
// scanned QR code, and the fields printed on the paper to compare.
type lookup struct {
	Number string
	QR     *certtypes.QRCode
	// At is the participant whose border the paper is presented at (empty:
	// its destination): a transit participant's is VALID FOR TRANSIT.
	At string
	// Given are the paper's fields, by name (carats, value, parcels,
	// exporter, importer, destination, origin, hs), as typed.
	Given map[string]string
}

// comparable are the fields a lookup may give, in the order checked.
var comparable = []string{"carats", "value", "parcels", "exporter", "importer", "destination", "origin", "hs"}

// parseLookup reads a lookup from a query string (number=, qr=, at=, and
// the fields) and, when given, a number from the path. A number is read as
// printed ("ZA 012345", "KP-IN-0001"); at takes EC for the European
// Community.
func parseLookup(q url.Values, pathNumber string) (*lookup, error) {
	l := &lookup{Number: certtypes.NormalizeNumber(strings.TrimSpace(q.Get("number"))), Given: map[string]string{}}
	if pathNumber != "" {
		l.Number = certtypes.NormalizeNumber(pathNumber)
	}
	if at := strings.TrimSpace(q.Get("at")); at != "" {
		l.At = participanttypes.NormalizeCode(at)
		if err := participanttypes.ValidateParticipantCode(l.At); err != nil {
			return nil, fmt.Errorf("at: %w", err)
		}
	}
	if payload := strings.TrimSpace(q.Get("qr")); payload != "" {
		code, err := certtypes.ParseQRPayload(payload)
		if err != nil {
			return nil, err
		}
		if l.Number != "" && l.Number != code.Number {
			return nil, fmt.Errorf("the QR code is of %s, not %s", code.Number, l.Number)
		}
		l.QR, l.Number = code, code.Number
	}
	if l.Number == "" {
		return nil, fmt.Errorf("name the certificate: its number or its QR code")
	}
	if err := certtypes.ValidateNumber(l.Number); err != nil {
		return nil, err
	}
	for _, field := range comparable {
		if v := strings.TrimSpace(q.Get(field)); v != "" {
			canonical, err := canonicalField(field, v)
			if err != nil {
				return nil, err
			}
			l.Given[field] = canonical
		}
	}
	return l, nil
}

// certificateView is a certificate as the server shows it: the verdict on
// what was presented, the checks behind it, the record, the parties named,
// custody and lineage. Record is nil when the certificate is proved absent.
type certificateView struct {
	Number  string  `json:"number"`
	Verdict string  `json:"verdict"`
	Checks  []check `json:"checks,omitempty"`
	// Certificate is the record in the ledger's JSON (DESIGN §4).
	Certificate json.RawMessage `json:"certificate,omitempty"`
	// Events is its history in the ledger's JSON, in order (the ledger
	// keeps it apart from the record).
	Events      []json.RawMessage               `json:"events,omitempty"`
	Record      *certtypes.Certificate          `json:"-"`
	Status      string                          `json:"status,omitempty"`
	Parties     map[string]party                `json:"parties,omitempty"`
	Custody     []custodyStep                   `json:"custody,omitempty"`
	History     []historyStep                   `json:"-"`
	Ancestors   []*lineageNode                  `json:"ancestors,omitempty"`
	Descendants []*lineageNode                  `json:"descendants,omitempty"`
	Truncated   bool                            `json:"lineage_truncated,omitempty"`
	Signer      *participanttypes.RegisteredKey `json:"-"`
}

// check compares a field of the paper (or of its QR code) with the ledger.
type check struct {
	Field    string `json:"field"`
	Given    string `json:"given"`
	Recorded string `json:"recorded"`
	OK       bool   `json:"ok"`
}

// party is a registered key the certificate names.
type party struct {
	Address     string `json:"address"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Participant string `json:"participant"`
	Status      string `json:"status"`
}

// custodyStep is who held the shipment from a block on.
type custodyStep struct {
	Height  int64  `json:"height"`
	Time    string `json:"time"`
	Holder  string `json:"holder"`
	Carrier string `json:"carrier,omitempty"`
}

// historyStep is one event of the history, with its details as label keys
// (translated on the page) and values.
type historyStep struct {
	Kind    string
	Height  int64
	Time    string
	Signer  string
	TxHash  string
	Details []detail
}

type detail struct{ Label, Value string }

// lineageNode is a certificate of a lineage tree and the carats drawn along
// the edge that reached it; Next are the certificates further up (parents)
// or down (re-exports).
type lineageNode struct {
	Number      string         `json:"number"`
	Issuer      string         `json:"issuer"`
	Destination string         `json:"destination"`
	Origin      string         `json:"origin"`
	Carats      string         `json:"carats"`
	Drawn       string         `json:"drawn"`
	Status      string         `json:"status"`
	Next        []*lineageNode `json:"next,omitempty"`
}

// readCertificate proves a certificate (and, for a QR code, its signer's
// key) and builds its view; a proof failure is an error, an absence the
// verdict NOT FOUND.
func readCertificate(ctx context.Context, s *proof.Session, chainID string, l *lookup) (*certificateView, error) {
	v := &certificateView{Number: l.Number}
	var cert certtypes.Certificate
	found, err := get(ctx, s, certificateKey(l.Number), &cert)
	if err != nil {
		return nil, err
	}
	if found && cert.Number != l.Number {
		return nil, fmt.Errorf("%w: the record proved at certificate %s's key is not that certificate", proof.ErrProof, l.Number)
	}
	if !found {
		v.Verdict = verdictOf(nil, 0, l.At, 0)
		return v, nil
	}
	events, err := provedHistory(ctx, s, &cert)
	if err != nil {
		return nil, err
	}
	now, err := ledgerNow(ctx, s)
	if err != nil {
		return nil, err
	}
	v.Record, v.Status = &cert, cert.Status.Name()
	if v.Certificate, err = format.MarshalJSON(&cert); err != nil {
		return nil, err
	}
	for i := range events {
		bz, err := format.MarshalJSON(&events[i])
		if err != nil {
			return nil, err
		}
		v.Events = append(v.Events, bz)
	}
	v.Checks = compare(&cert, l.Given)
	if l.At != "" {
		placed, _ := certtypes.Presentation{At: l.At}.Place(&cert)
		route := cert.Destination
		if len(cert.Transit) > 0 {
			route = strings.Join(cert.Transit, ", ") + " → " + cert.Destination
		}
		v.Checks = append(v.Checks, check{Field: "at", Given: l.At, Recorded: route, OK: placed})
	}
	if l.QR != nil {
		qrChecks, err := checkQR(ctx, s, chainID, &cert, events[0], l.QR)
		if err != nil {
			return nil, err
		}
		v.Checks = append(v.Checks, qrChecks...)
	}
	mismatches := 0
	for _, c := range v.Checks {
		if !c.OK {
			mismatches++
		}
	}
	v.Verdict = verdictOf(&cert, now, l.At, mismatches)
	if v.Parties, err = parties(ctx, s, &cert, events); err != nil {
		return nil, err
	}
	v.Custody, v.History = custody(events), history(events)
	budget := maxLineage
	if v.Ancestors, err = lineage(ctx, s, &cert, true, &budget); err != nil {
		return nil, err
	}
	truncated := budget < 0
	budget = maxLineage
	if v.Descendants, err = lineage(ctx, s, &cert, false, &budget); err != nil {
		return nil, err
	}
	v.Truncated = truncated || budget < 0
	return v, nil
}

// provedHistory proves a certificate's whole history: a scan of its key
// range, which proves that no event is left out (the store keeps the history
// apart from the record, one key per event).
func provedHistory(ctx context.Context, s *proof.Session, cert *certtypes.Certificate) ([]certtypes.CertificateEvent, error) {
	number := cert.Number
	records, more, err := s.Scan(ctx, append([]byte{certtypes.StorePrefix}, certtypes.HistoryPrefix(number)...), certtypes.MaxHistoryScan)
	if err != nil {
		return nil, err
	}
	if more {
		return nil, fmt.Errorf("%w: the history of %s has more than %d events", proof.ErrProof, number, certtypes.MaxHistoryScan)
	}
	keys, values := make([][]byte, len(records)), make([][]byte, len(records))
	for i, r := range records {
		keys[i], values[i] = r.Key, r.Value
	}
	events, err := certtypes.ProvedHistory(cert, keys, values)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", proof.ErrProof, err)
	}
	return events, nil
}

func certificateKey(number string) []byte {
	return append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey(number)...)
}

func registeredKeyKey(address []byte) []byte {
	return append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(address)...)
}

// canonicalField is a field of the paper as the ledger writes it: amounts
// with two decimals, addresses in upper-case hex, codes in capitals.
func canonicalField(field, s string) (string, error) {
	switch field {
	case "carats", "value":
		n, err := format.ParseHundredths(s)
		if err != nil {
			return "", fmt.Errorf("%s %q: %v", field, s, err)
		}
		return format.Hundredths(n), nil
	case "parcels":
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return "", fmt.Errorf("parcels %q: a whole number", s)
		}
		return fmt.Sprint(n), nil
	case "exporter", "importer":
		address, err := participanttypes.ParseAddress(s)
		if err != nil {
			return "", fmt.Errorf("%s %q: %v", field, s, err)
		}
		return envelope.AddressHex(address), nil
	case "destination", "origin":
		return strings.ToUpper(s), nil
	case "hs":
		return certtypes.SortedHSCodes(s), nil
	}
	return s, nil
}

// compare checks the fields given (canonical) against the record.
func compare(cert *certtypes.Certificate, given map[string]string) []check {
	recorded := map[string]string{
		"carats": format.Hundredths(cert.Carats), "value": format.Hundredths(cert.ValueUsd), "parcels": fmt.Sprint(cert.Parcels),
		"exporter": cert.Exporter, "importer": cert.Importer, "destination": cert.Destination, "origin": cert.Origin, "hs": certtypes.SortedHSCodes(certtypes.HSCodeText(cert)),
	}
	var checks []check
	for _, field := range comparable {
		if g, ok := given[field]; ok {
			checks = append(checks, check{Field: field, Given: g, Recorded: recorded[field], OK: g == recorded[field]})
		}
	}
	return checks
}

// checkQR checks a scanned QR code against the proved certificate and the
// proved key of its signer: the same chain, the issuance it vouches for, and
// the signature of the officer who issued the certificate.
func checkQR(ctx context.Context, s *proof.Session, chainID string, cert *certtypes.Certificate, issued certtypes.CertificateEvent, q *certtypes.QRCode) ([]check, error) {
	address, err := participanttypes.ParseAddress(q.Signer)
	if err != nil {
		return nil, fmt.Errorf("QR payload: %w", err)
	}
	var signer participanttypes.RegisteredKey
	registered, err := get(ctx, s, registeredKeyKey(address), &signer)
	if err != nil {
		return nil, err
	}
	signedBy := "-"
	if registered {
		signedBy = fmt.Sprintf("%s, %s of %s", signer.Name, signer.Role.Name(), signer.Participant)
	}
	return []check{
		{Field: "qr.chain", Given: q.ChainId, Recorded: chainID, OK: q.ChainId == chainID},
		{Field: "qr.issuance", Given: fmt.Sprintf("%d %X", q.IssuedHeight, q.IssuanceHash[:8]),
			Recorded: fmt.Sprintf("%d %X", issued.Height, certtypes.IssuanceHash(cert)[:8]),
			OK:       q.IssuedHeight == issued.Height && bytes.Equal(q.IssuanceHash, certtypes.IssuanceHash(cert))},
		{Field: "qr.signature", Given: q.Signer, Recorded: signedBy,
			OK: registered && issued.Signer == q.Signer && q.VerifySignature(signer.PubKey) == nil},
	}, nil
}

// parties proves the registered keys the certificate names: its exporter,
// importer, holders and the signers of its history.
func parties(ctx context.Context, s *proof.Session, cert *certtypes.Certificate, events []certtypes.CertificateEvent) (map[string]party, error) {
	seen := map[string]bool{}
	addresses := []string{cert.Exporter, cert.Importer, cert.Holder}
	for _, ev := range events {
		addresses = append(addresses, ev.Signer, ev.Holder)
	}
	out := map[string]party{}
	sort.Strings(addresses)
	for _, a := range addresses {
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		address, err := participanttypes.ParseAddress(a)
		if err != nil {
			continue // not an address: shown as it is
		}
		var k participanttypes.RegisteredKey
		found, err := get(ctx, s, registeredKeyKey(address), &k)
		if err != nil {
			return nil, err
		}
		if found {
			out[a] = party{Address: a, Name: k.Name, Role: k.Role.Name(), Participant: k.Participant + k.Observer, Status: k.Status.Name()}
		}
	}
	return out, nil
}

// custody is who held the shipment: the exporter's holder at issue, then
// every transfer.
func custody(events []certtypes.CertificateEvent) []custodyStep {
	var steps []custodyStep
	for _, ev := range events {
		switch ev.Kind {
		case certtypes.EventKind_EVENT_KIND_ISSUED, certtypes.EventKind_EVENT_KIND_TRANSFERRED:
			steps = append(steps, custodyStep{Height: ev.Height, Time: format.Time(ev.Time), Holder: ev.Holder, Carrier: ev.Carrier})
		}
	}
	return steps
}

// history is the certificate's events with their details.
func history(events []certtypes.CertificateEvent) []historyStep {
	steps := make([]historyStep, len(events))
	for i, ev := range events {
		step := historyStep{Kind: ev.Kind.Name(), Height: ev.Height, Time: format.Time(ev.Time), Signer: ev.Signer}
		if len(ev.TxHash) > 0 {
			step.TxHash = fmt.Sprintf("%X", ev.TxHash)
		}
		add := func(label, value string) {
			if value != "" {
				step.Details = append(step.Details, detail{label, value})
			}
		}
		switch ev.Kind {
		case certtypes.EventKind_EVENT_KIND_ISSUED, certtypes.EventKind_EVENT_KIND_TRANSFERRED:
			add("detail.holder", ev.Holder)
			add("detail.carrier", ev.Carrier)
		case certtypes.EventKind_EVENT_KIND_ATTESTED:
			add("detail.transit", ev.Participant)
		case certtypes.EventKind_EVENT_KIND_RECEIVED:
			add("detail.parcels", fmt.Sprint(ev.Parcels))
			add("detail.carats", format.Hundredths(ev.Carats))
			add("detail.value", format.Hundredths(ev.ValueUsd))
		case certtypes.EventKind_EVENT_KIND_REJECTED:
			add("detail.reason", ev.RejectionReason.Name())
		case certtypes.EventKind_EVENT_KIND_VOIDED:
			add("detail.reason", ev.VoidReason.Name())
			add("detail.replaced_by", ev.Related)
		case certtypes.EventKind_EVENT_KIND_DRAWN, certtypes.EventKind_EVENT_KIND_RELEASED, certtypes.EventKind_EVENT_KIND_REPLACES:
			add("detail.related", ev.Related)
			if ev.Carats != 0 {
				add("detail.carats", format.Hundredths(ev.Carats))
			}
		}
		add("detail.note", ev.Note)
		steps[i] = step
	}
	return steps
}

// lineage proves the certificates a certificate drew from (up) or that drew
// from it (down), recursively, at most *budget of them (*budget is -1 when
// some were left out).
func lineage(ctx context.Context, s *proof.Session, cert *certtypes.Certificate, up bool, budget *int) ([]*lineageNode, error) {
	draws := cert.Children
	if up {
		draws = cert.Parents
	}
	var nodes []*lineageNode
	for _, d := range draws {
		if *budget <= 0 {
			*budget = -1 // cut: a draw is left out
			return nodes, nil
		}
		*budget--
		var next certtypes.Certificate
		found, err := get(ctx, s, certificateKey(d.Number), &next)
		if err != nil {
			return nil, err
		}
		if !found || next.Number != d.Number {
			// The ledger keeps both ends of a draw: a proof that one is
			// missing shows records that disagree, not a tree to draw.
			return nil, fmt.Errorf("the ledger's records disagree: %s names %s, which is proved absent", cert.Number, d.Number)
		}
		n := &lineageNode{Number: next.Number, Issuer: next.Issuer, Destination: next.Destination, Origin: originText(&next),
			Carats: format.Hundredths(next.Carats), Drawn: format.Hundredths(d.Carats), Status: next.Status.Name()}
		if n.Next, err = lineage(ctx, s, &next, up, budget); err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

func originText(c *certtypes.Certificate) string {
	if len(c.MixedOrigins) > 0 {
		return c.Origin + " (" + strings.Join(c.MixedOrigins, ", ") + ")"
	}
	return c.Origin
}
