package apptest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// scriptQueries are the queries of scenario scripts: what the ledger holds,
// as an officer would read it.
var scriptQueries = map[string]func(c *Chain, a *args) (string, error){
	"show":        scriptShow,
	"trace":       scriptTrace,
	"proposal":    scriptProposal,
	"participant": scriptParticipant,
	"validators":  scriptValidators,
	"embargoes":   scriptEmbargoes,
	"reviews":     scriptReviews,
	"stock":       scriptStock,
	"balance":     scriptBalance,
}

// balance YEAR [CODE]: mass balances of a year, with their figures, flag and
// follow-up.
func scriptBalance(c *Chain, a *args) (string, error) {
	year, err := a.next("year")
	if err != nil {
		return "", err
	}
	y, err := strconv.ParseUint(year, 10, 32)
	if err != nil {
		return "", fmt.Errorf("year %q", year)
	}
	code, _ := a.next("participant code")
	var resp stattypes.QueryMassBalanceResponse
	c.MustQuery(stattypes.QueryMassBalance, &stattypes.QueryMassBalanceRequest{Year: uint32(y), Participant: code}, &resp)
	var out []string
	for _, b := range resp.Balances {
		line := fmt.Sprintf("%s %d %s: carried %s; H1 declared %s imports %s exports %s; H2 declared %s imports %s exports %s; checked to H%d: exported %s of %s available (production %s)",
			b.Participant, b.Year, strings.Join(b.Origins, "+"), format.Hundredths(b.Carried),
			format.Hundredths(b.FirstHalf.Declared), format.Hundredths(b.FirstHalf.Imports), format.Hundredths(b.FirstHalf.Exports),
			format.Hundredths(b.SecondHalf.Declared), format.Hundredths(b.SecondHalf.Imports), format.Hundredths(b.SecondHalf.Exports),
			b.CheckedHalf, format.Hundredths(b.Exported), format.Hundredths(b.Available), format.Hundredths(b.Production))
		if b.FlaggedAt != 0 {
			line += fmt.Sprintf("; flagged at %s, exceeded now %v, follow-up %s", format.Time(b.FlaggedAt), b.Exceeded, b.FollowUp.Status.Name())
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return "none", nil
	}
	return strings.Join(out, "\n"), nil
}

// stock CODE: a participant's stock by origins, and its declarations.
func scriptStock(c *Chain, a *args) (string, error) {
	code, err := a.next("participant code")
	if err != nil {
		return "", err
	}
	var resp certtypes.QueryStockResponse
	c.MustQuery(certtypes.QueryStock, &certtypes.QueryStockRequest{Participant: code}, &resp)
	var out []string
	for _, st := range resp.Stocks {
		out = append(out, fmt.Sprintf("%s %s: %s ct (received %s, declared %s, drawn %s)", st.Participant, strings.Join(st.Origins, "+"),
			format.Hundredths(st.Carats), format.Hundredths(st.Received), format.Hundredths(st.Declared), format.Hundredths(st.Drawn)))
	}
	for _, d := range resp.Declarations {
		out = append(out, fmt.Sprintf("declared at h%d: %s ct of %s (%s)", d.Height, format.Hundredths(d.Carats), strings.Join(d.Origins, "+"), d.Reference))
	}
	if len(out) == 0 {
		return "none", nil
	}
	return strings.Join(out, "\n"), nil
}

// Named is a value with an address replaced by its key's name in the
// fixture ("bw-exporter"); other values as they are.
func (c *Chain) Named(value string) string {
	if c.names == nil || len(c.names) != len(c.keys) {
		c.names = make(map[string]string, len(c.keys))
		for name, k := range c.keys {
			c.names[envelope.AddressHex(k.PubKey().Address())] = name
		}
	}
	if name, ok := c.names[value]; ok {
		return name
	}
	return value
}

// NamedIn is text with every address of a fixture key replaced by its name.
func (c *Chain) NamedIn(text string) string {
	c.Named("")
	for address, name := range c.names {
		text = strings.ReplaceAll(text, address, name)
	}
	return text
}

// show NUMBER: a certificate, its parties and its history.
func scriptShow(c *Chain, a *args) (string, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return "", err
	}
	var resp certtypes.QueryCertificateResponse
	if q := c.Query(certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number}, &resp); q.Code != 0 {
		return fmt.Sprintf("refused %d (%s): %s", q.Code, q.Codespace, q.Log), nil
	}
	cert := resp.Certificate
	route := cert.Issuer + " → " + cert.Destination
	if len(cert.Transit) > 0 {
		route += " via " + strings.Join(cert.Transit, ",")
	}
	origin := cert.Origin
	if len(cert.MixedOrigins) > 0 {
		origin += " (" + strings.Join(cert.MixedOrigins, ",") + ")"
	}
	status := cert.Status.Name()
	if cert.Discrepancy {
		status += " with discrepancy"
	}
	importer := c.Named(cert.Importer)
	if cert.Importer == "" {
		importer = fmt.Sprintf("%q (%s, not registered)", cert.ImporterName, cert.ImporterAddress)
	}
	lines := []string{
		fmt.Sprintf("%s %s: %s, origin %s, %s ct in %d parcels, US$%s, HS %s", cert.Number, status, route, origin,
			format.Hundredths(cert.Carats), cert.Parcels, format.Hundredths(cert.ValueUsd), certtypes.HSCodeText(&cert)),
		fmt.Sprintf("exporter %s, importer %s, holder %s, expires %s", c.Named(cert.Exporter), importer, c.Named(cert.Holder), format.Time(cert.ExpiresAt)),
	}
	if len(cert.Lines) > 1 || cert.HsCode == "" {
		for _, l := range cert.Lines {
			lines = append(lines, fmt.Sprintf("line HS %s: %s ct in %d parcels, US$%s", l.HsCode, format.Hundredths(l.Carats), l.Parcels, format.Hundredths(l.ValueUsd)))
		}
	}
	for _, p := range cert.Parents {
		lines = append(lines, fmt.Sprintf("draws %s ct from %s", format.Hundredths(p.Carats), p.Number))
	}
	for _, ev := range resp.Events {
		line := fmt.Sprintf("h%d %s", ev.Height, ev.Kind.Name())
		if ev.Signer != "" {
			line += " by " + c.Named(ev.Signer)
		}
		if ev.Holder != "" {
			line += " to " + c.Named(ev.Holder)
		}
		if ev.Participant != "" {
			line += " (" + ev.Participant + ")"
		}
		if ev.Kind == certtypes.EventKind_EVENT_KIND_RECEIVED || ev.Kind == certtypes.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY {
			line += fmt.Sprintf(": %d parcels, %s ct, US$%s", ev.Parcels, format.Hundredths(ev.Carats), format.Hundredths(ev.ValueUsd))
			if ev.ReceivedAt != ev.Time {
				line += ", received " + format.Time(ev.ReceivedAt)
			}
			if ev.Reference != "" {
				line += ", ref " + ev.Reference
			}
		}
		if ev.Seal != "" {
			line += " seal " + ev.Seal
		}
		if ev.RejectionReason != 0 {
			line += ": " + ev.RejectionReason.Name()
		}
		if ev.VoidReason != 0 {
			line += ": " + ev.VoidReason.Name()
		}
		if ev.Related != "" {
			line += " " + ev.Related
		}
		if ev.Carats != 0 && ev.Kind != certtypes.EventKind_EVENT_KIND_RECEIVED && ev.Kind != certtypes.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY {
			line += " " + format.Hundredths(ev.Carats) + " ct"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), nil
}

// trace NUMBER: where a certificate's goods came from and went.
func scriptTrace(c *Chain, a *args) (string, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return "", err
	}
	var resp certtypes.QueryTraceResponse
	c.MustQuery(certtypes.QueryTrace, &certtypes.QueryTraceRequest{Number: number}, &resp)
	node := func(n certtypes.TraceNode) string {
		line := fmt.Sprintf("%s%s %s → %s, origin %s, %s ct, %s", strings.Repeat("  ", int(max(n.Depth, 0))), n.Number, n.Issuer, n.Destination,
			n.Origin, format.Hundredths(n.Carats), n.Status.Name())
		if n.Via != "" {
			line += fmt.Sprintf(", %s ct drawn via %s", format.Hundredths(n.DrawnCarats), n.Via)
		}
		return line
	}
	lines := []string{node(resp.Root)}
	for _, n := range resp.Ancestors {
		lines = append(lines, "from "+node(n))
	}
	for _, n := range resp.Descendants {
		lines = append(lines, "to "+node(n))
	}
	return strings.Join(lines, "\n"), nil
}

// proposal ID: a plenary proposal, its outcome and who said what.
func scriptProposal(c *Chain, a *args) (string, error) {
	id, err := a.next("proposal id")
	if err != nil {
		return "", err
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return "", fmt.Errorf("proposal id %q", id)
	}
	p, _ := c.Proposal(n)
	procedure := p.Procedure.Name()
	if p.SessionId != 0 {
		procedure = fmt.Sprintf("in session %d", p.SessionId)
	}
	line := fmt.Sprintf("proposal %d %s by %s (%s): %s", p.Id, p.Decision.Kind(), p.Proposer, procedure, p.Status.Name())
	if p.Outcome != "" {
		line += " (" + p.Outcome + ")"
	}
	joined, objecting, stoodAside, withdrew, silent := p.Positions()
	return fmt.Sprintf("%s\njoined %v, objecting %v, stood aside %v, withdrew %v, silent %v", line,
		joined, objecting, stoodAside, withdrew, silent), nil
}

// participant CODE: its status and validator.
func scriptParticipant(c *Chain, a *args) (string, error) {
	code, err := a.next("participant code")
	if err != nil {
		return "", err
	}
	var resp participanttypes.QueryParticipantResponse
	if q := c.Query(participanttypes.QueryParticipant, &participanttypes.QueryParticipantRequest{Code: code}, &resp); q.Code != 0 {
		return fmt.Sprintf("refused %d (%s): %s", q.Code, q.Codespace, q.Log), nil
	}
	line := fmt.Sprintf("%s %s (%s): %s", resp.Participant.Code, resp.Participant.Name, resp.Participant.Kind.Name(), resp.Participant.Status.Name())
	if resp.Validator != nil {
		line += ", validator " + c.Named(envelope.AddressHex(envelope.AddressOf(resp.Validator.PubKey)))
	}
	return line, nil
}

// validators: the validator set the state holds.
func scriptValidators(c *Chain, _ *args) (string, error) {
	var resp participanttypes.QueryValidatorsResponse
	c.MustQuery(participanttypes.QueryValidators, &participanttypes.QueryValidatorsRequest{}, &resp)
	var out []string
	for _, v := range resp.Validators {
		out = append(out, v.Participant+"="+c.Named(envelope.AddressHex(envelope.AddressOf(v.PubKey))))
	}
	return strings.Join(out, " "), nil
}

// embargoes: the origins under embargo, and those lifted.
func scriptEmbargoes(c *Chain, _ *args) (string, error) {
	var resp certtypes.QueryEmbargoesResponse
	c.MustQuery(certtypes.QueryEmbargoes, &certtypes.QueryEmbargoesRequest{}, &resp)
	var out []string
	for _, e := range resp.Embargoes {
		state := "in force"
		if !e.Active {
			state = "lifted"
		}
		out = append(out, fmt.Sprintf("%s %s %s (%s)", e.Kind().Name(), e.Code(), state, e.Reference))
	}
	if len(out) == 0 {
		return "none", nil
	}
	return strings.Join(out, "\n"), nil
}

// reviews [CODE]: peer reviews — stage, visits, recommendations and their
// status, steps reported.
func scriptReviews(c *Chain, a *args) (string, error) {
	var resp plenarytypes.QueryReviewsResponse
	c.MustQuery(plenarytypes.QueryReviews, &plenarytypes.QueryReviewsRequest{Reviewed: a.str("of", "")}, &resp)
	var lines []string
	for _, r := range resp.Reviews {
		lines = append(lines, fmt.Sprintf("review %d of %s: %s", r.Id, r.Reviewed, r.Stage()))
		for i, v := range r.Visits {
			line := fmt.Sprintf("visit %d %s %s..%s team %s by %s", i+1, v.Kind.Name(), format.Time(v.StartAt)[:10], format.Time(v.EndAt)[:10],
				strings.Join(v.Team, ","), v.ScheduledBy)
			if v.ReportedAt != 0 {
				line += ", reported by " + v.ReportedBy + ": " + v.Report
			}
			lines = append(lines, line)
		}
		for _, rec := range r.Recommendations {
			lines = append(lines, fmt.Sprintf("recommendation %d: %s — %s", rec.Number, rec.Text, rec.Status.Name()))
		}
		for _, st := range r.Steps {
			lines = append(lines, fmt.Sprintf("steps on %v: %s", st.Recommendations, st.Text))
		}
	}
	if len(lines) == 0 {
		return "none", nil
	}
	return strings.Join(lines, "\n"), nil
}
