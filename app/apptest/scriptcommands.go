package apptest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// messageBuilder builds a script command's messages; the signer's key name
// was taken off the positional arguments.
type messageBuilder func(c *Chain, signer string, a *args) ([]envelope.Message, error)

// scriptMessages are the transaction commands of scenario scripts, after the
// CLI's verbs (`kpd tx ...`), the signer's key name first.
var scriptMessages map[string]messageBuilder

func init() {
	scriptMessages = map[string]messageBuilder{
		"issue": one(scriptIssue), "transfer": one(scriptTransfer), "attest": one(scriptAttest),
		"confirm": one(scriptConfirm), "reject": one(scriptReject), "void": one(scriptVoid),
		"release": one(scriptRelease), "reseal": one(scriptReseal), "declare-stock": one(scriptDeclareStock),
		"add-officer": one(scriptAddKey(true)), "add-operator": one(scriptAddKey(false)),
		"rotate-officer": one(scriptRotateOfficer), "revoke-officer": one(scriptRevoke(true)), "revoke-operator": one(scriptRevoke(false)),
		"settings":          one(scriptSettings),
		"report-production": one(scriptReportProduction),
		"follow-up":         one(scriptFollowUp),
		"propose":           one(scriptPropose), "vote": scriptVote, "translate": one(scriptTranslate),
		"withdraw-objection": one(scriptProposalMsg(func(id uint64) envelope.Message { return &plenarytypes.MsgWithdrawObjection{ProposalId: id} })),
		"declare-consensus":  one(scriptProposalMsg(func(id uint64) envelope.Message { return &plenarytypes.MsgDeclareConsensus{ProposalId: id} })),
		"close-session":      one(scriptProposalMsg(func(id uint64) envelope.Message { return &plenarytypes.MsgCloseSession{SessionId: id} })),
		"open-session":       one(scriptOpenSession),
		"invite-review":      one(scriptInviteReview), "schedule-visit": one(scriptScheduleVisit), "report-visit": one(scriptReportVisit),
		"report-steps": one(scriptReportSteps), "track-recommendation": one(scriptTrackRecommendation),
	}
}

func one(build func(c *Chain, signer string, a *args) (envelope.Message, error)) messageBuilder {
	return func(c *Chain, signer string, a *args) ([]envelope.Message, error) {
		m, err := build(c, signer, a)
		if err != nil {
			return nil, err
		}
		return []envelope.Message{m}, nil
	}
}

// participantOf is the participant of a fixture key name: "bw-issuer" → BW.
func participantOf(key string) string {
	code, _, _ := strings.Cut(key, "-")
	return strings.ToUpper(code)
}

// issue SIGNER NUMBER to=DEST [origin=BW] [mixed=A,B] [carats=1523.40]
// [value=182500.00] [parcels=3] [hs=7102.31] [valid=30d] [seal=S] [port=P]
// [transit=ZA,...] [parents=NUMBER:CARATS,...] [stock=AO+CD:CARATS,...]
// [own=CARATS] [exporter=KEY] [importer=KEY | importer-name=N
// importer-address=A] [lines=HS:CARATS:VALUE:PARCELS,...]. Lines replace hs,
// carats, value and parcels (the totals are their sums). With parents, stock or own, the carats are their sum
// unless carats= says otherwise; without, the goods are the issuer's own
// production (origin its own) or come from its stock of the declared origins.
func scriptIssue(c *Chain, signer string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return nil, err
	}
	issuer, destination := participantOf(signer), a.str("to", "")
	if destination == "" {
		return nil, fmt.Errorf("to=DESTINATION missing")
	}
	m := &certtypes.MsgIssue{
		Number: number, Origin: a.str("origin", issuer), MixedOrigins: a.list("mixed"), Destination: destination,
		Exporter:     c.Address(a.str("exporter", KeyName(issuer, "exporter"))),
		ImporterName: a.str("importer-name", ""), ImporterAddress: a.str("importer-address", ""),
		HsCode: a.str("hs", StdHSCode), Seal: a.str("seal", ""), PortOfExport: a.str("port", ""), Transit: a.list("transit"),
	}
	if m.ImporterName == "" {
		m.Importer = c.Address(a.str("importer", KeyName(destination, "importer")))
	}
	if m.Carats, err = a.hundredths("carats", StdCarats); err != nil {
		return nil, err
	}
	if m.ValueUsd, err = a.hundredths("value", StdValue); err != nil {
		return nil, err
	}
	parcels, err := a.uint("parcels", uint64(StdParcels))
	if err != nil {
		return nil, err
	}
	m.Parcels = uint32(parcels)
	if specs := a.list("lines"); len(specs) > 0 {
		var lines []certtypes.HSLine
		for _, spec := range specs {
			l, err := certtypes.ParseHSLine(spec)
			if err != nil {
				return nil, err
			}
			lines = append(lines, l)
		}
		m.SetLines(lines)
	}
	valid, err := a.duration("valid", time.Duration(StdValidity)*time.Second)
	if err != nil {
		return nil, err
	}
	m.ExpiresAt = c.NextBlockTime() + int64(valid/time.Second)
	for _, p := range a.list("parents") {
		number, carats, ok := strings.Cut(p, ":")
		n, err := format.ParseHundredths(carats)
		if !ok || err != nil {
			return nil, fmt.Errorf("parents: NUMBER:CARATS, got %q", p)
		}
		m.Parents = append(m.Parents, certtypes.Draw{Number: number, Carats: n})
	}
	for _, d := range a.list("stock") {
		origins, carats, ok := strings.Cut(d, ":")
		n, err := format.ParseHundredths(carats)
		if !ok || err != nil {
			return nil, fmt.Errorf("stock: ORIGIN+ORIGIN:CARATS, got %q", d)
		}
		m.StockDraws = append(m.StockDraws, certtypes.StockDraw{Origins: strings.Split(origins, "+"), Carats: n})
	}
	if m.OwnProductionCarats, err = a.hundredths("own", 0); err != nil {
		return nil, err
	}
	sources := len(m.Parents) > 0 || len(m.StockDraws) > 0 || m.OwnProductionCarats > 0
	if !sources {
		if origins := certtypes.OriginSet(m.Origin, m.MixedOrigins); len(origins) == 1 && origins[0] == issuer {
			m.OwnProductionCarats = m.Carats
		} else {
			m.StockDraws = []certtypes.StockDraw{{Origins: origins, Carats: m.Carats}}
		}
	} else if !a.has("carats") {
		m.Carats = m.OwnProductionCarats
		for _, p := range m.Parents {
			m.Carats += p.Carats
		}
		for _, d := range m.StockDraws {
			m.Carats += d.Carats
		}
	}
	return m, nil
}

// declare-stock SIGNER ORIGIN[+ORIGIN...] carats=C reference=R
func scriptDeclareStock(_ *Chain, _ string, a *args) (envelope.Message, error) {
	origins, err := a.next("origins")
	if err != nil {
		return nil, err
	}
	m := &certtypes.MsgDeclareStock{Origins: strings.Split(origins, "+"), Reference: a.str("reference", "")}
	m.Carats, err = a.hundredths("carats", 0)
	return m, err
}

// transfer SIGNER NUMBER to=KEY [seal=S (the certificate's)] [carrier=C]
func scriptTransfer(c *Chain, _ string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return nil, err
	}
	seal := a.str("seal", "")
	if !a.has("seal") {
		seal = c.Certificate(number).Seal
	}
	return &certtypes.MsgTransfer{Number: number, To: c.Address(a.str("to", "")), Seal: seal, Carrier: a.str("carrier", "Air Botswana Cargo")}, nil
}

// attest SIGNER NUMBER [note=N]
func scriptAttest(_ *Chain, _ string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	return &certtypes.MsgAttest{Number: number, Note: a.str("note", "arrived sealed, left unopened")}, err
}

// confirm SIGNER NUMBER [parcels=N] [carats=C] [value=V] [received=DATE]
// [reference=R] [note=N], by default as certified and received at the block
// time.
func scriptConfirm(c *Chain, _ string, a *args) (envelope.Message, error) {
	r, err := scriptReceipt(c, a)
	if err != nil {
		return nil, err
	}
	return &certtypes.MsgConfirm{Number: r.Number, Parcels: r.Parcels, Carats: r.Carats, ValueUsd: r.ValueUsd,
		ReceivedAt: r.ReceivedAt, Reference: r.Reference, Note: r.Note}, nil
}

// release SIGNER NUMBER [parcels=N] [carats=C] [value=V] [received=DATE]
// [reference=R] [note=N], like confirm.
func scriptRelease(c *Chain, _ string, a *args) (envelope.Message, error) {
	r, err := scriptReceipt(c, a)
	if err != nil {
		return nil, err
	}
	r.Note = a.str("note", "released after remedy")
	return r, nil
}

// scriptReceipt reads what a confirmation or a release quotes; received is a
// date (midnight UTC) or an RFC 3339 time.
func scriptReceipt(c *Chain, a *args) (*certtypes.MsgRelease, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return nil, err
	}
	m := &certtypes.MsgRelease{Number: number, Note: a.str("note", "counted at the diamond office"), Reference: a.str("reference", "")}
	var certified certtypes.Certificate
	if q := c.Query(certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number}, nil); q.Code == 0 {
		certified = c.Certificate(number).Certificate
	}
	parcels, err := a.uint("parcels", uint64(certified.Parcels))
	if err != nil {
		return nil, err
	}
	m.Parcels = uint32(parcels)
	if m.Carats, err = a.hundredths("carats", certified.Carats); err != nil {
		return nil, err
	}
	if m.ValueUsd, err = a.hundredths("value", certified.ValueUsd); err != nil {
		return nil, err
	}
	if a.has("received") {
		if m.ReceivedAt, err = a.time("received"); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// reseal SIGNER NUMBER seal=S [note=N]
func scriptReseal(_ *Chain, _ string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	return &certtypes.MsgReseal{Number: number, Seal: a.str("seal", ""), Note: a.str("note", "inspected and re-sealed")}, err
}

// reject SIGNER NUMBER reason=R [note=N]
func scriptReject(_ *Chain, _ string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return nil, err
	}
	reason, err := certtypes.ParseRejectionReason(a.str("reason", ""))
	return &certtypes.MsgReject{Number: number, Reason: reason, Note: a.str("note", "shipment detained")}, err
}

// void SIGNER NUMBER reason=R [replaced-by=NUMBER] [note=N]
func scriptVoid(_ *Chain, _ string, a *args) (envelope.Message, error) {
	number, err := a.next("certificate number")
	if err != nil {
		return nil, err
	}
	reason, err := certtypes.ParseVoidReason(a.str("reason", ""))
	return &certtypes.MsgVoid{Number: number, Reason: reason, ReplacedBy: a.str("replaced-by", ""), Note: a.str("note", "")}, err
}

// add-officer|add-operator SIGNER KEY role=R name=N
func scriptAddKey(officer bool) func(*Chain, string, *args) (envelope.Message, error) {
	return func(c *Chain, _ string, a *args) (envelope.Message, error) {
		key, err := a.next("key name")
		if err != nil {
			return nil, err
		}
		role, err := envelope.ParseRole(a.str("role", ""))
		if err != nil {
			return nil, err
		}
		if officer {
			return &participanttypes.MsgAddOfficer{PubKey: c.PubKey(key), Role: role, Name: a.str("name", key)}, nil
		}
		return &participanttypes.MsgAddOperator{PubKey: c.PubKey(key), Role: role, Name: a.str("name", key)}, nil
	}
}

// settings SIGNER [time-zone=ZONE] [authority-confirms-only=yes]
func scriptSettings(_ *Chain, _ string, a *args) (envelope.Message, error) {
	return &participanttypes.MsgSetSettings{TimeZone: a.str("time-zone", ""), AuthorityConfirmsOnly: a.str("authority-confirms-only", "") == "yes"}, nil
}

// rotate-officer SIGNER OLD-KEY NEW-KEY
func scriptRotateOfficer(c *Chain, _ string, a *args) (envelope.Message, error) {
	old, err := a.next("the old key's name")
	if err != nil {
		return nil, err
	}
	key, err := a.next("the new key's name")
	return &participanttypes.MsgRotateOfficer{Address: c.Address(old), NewPubKey: c.PubKey(key)}, err
}

// revoke-officer|revoke-operator SIGNER KEY
func scriptRevoke(officer bool) func(*Chain, string, *args) (envelope.Message, error) {
	return func(c *Chain, _ string, a *args) (envelope.Message, error) {
		key, err := a.next("key name")
		if officer {
			return &participanttypes.MsgRevokeOfficer{Address: c.Address(key)}, err
		}
		return &participanttypes.MsgRevokeOperator{Address: c.Address(key)}, err
	}
}

// report-production SIGNER YEAR HALF [alluvial-carats=C] [alluvial-usd=V]
// [kimberlite-carats=C] [kimberlite-usd=V] [other-carats=C] [other-usd=V] [note=N]
func scriptReportProduction(_ *Chain, _ string, a *args) (envelope.Message, error) {
	year, err := a.next("year")
	if err != nil {
		return nil, err
	}
	half, err := a.next("half (1 or 2)")
	if err != nil {
		return nil, err
	}
	y, err1 := strconv.ParseUint(year, 10, 32)
	h, err2 := strconv.ParseUint(half, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("year and half: numbers, got %q %q", year, half)
	}
	m := &stattypes.MsgReportProduction{Year: uint32(y), Half: uint32(h), Note: a.str("note", "")}
	p := &m.Production
	for _, f := range []struct {
		key  string
		into *int64
	}{{"alluvial-carats", &p.AlluvialCarats}, {"alluvial-usd", &p.AlluvialValueUsd}, {"kimberlite-carats", &p.KimberliteCarats},
		{"kimberlite-usd", &p.KimberliteValueUsd}, {"other-carats", &p.OtherCarats}, {"other-usd", &p.OtherValueUsd}} {
		if *f.into, err = a.hundredths(f.key, 0); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// follow-up SIGNER discrepancy NUMBER rule=R | overdue NUMBER | mass-balance
// YEAR origins=A,B — status=acknowledged|explained|closed [note=N]
func scriptFollowUp(_ *Chain, _ string, a *args) (envelope.Message, error) {
	kind, err := a.next("kind (discrepancy, overdue, mass-balance)")
	if err != nil {
		return nil, err
	}
	k, ok := stattypes.ParseFlagKind(kind)
	if !ok {
		return nil, fmt.Errorf("kind %q: discrepancy, overdue or mass-balance", kind)
	}
	name, err := a.next("certificate number or year")
	if err != nil {
		return nil, err
	}
	m := &stattypes.MsgFollowUpFlag{Kind: k, Note: a.str("note", "")}
	if k == stattypes.FlagKind_FLAG_KIND_MASS_BALANCE {
		y, err := strconv.ParseUint(name, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("year %q", name)
		}
		m.Year, m.Origins = uint32(y), a.list("origins")
	} else {
		m.Number = name
		m.Rule, _ = stattypes.ParseRule(a.str("rule", ""))
	}
	status := a.str("status", "")
	for _, st := range []stattypes.FlagStatus{stattypes.FlagStatus_FLAG_STATUS_ACKNOWLEDGED, stattypes.FlagStatus_FLAG_STATUS_EXPLAINED, stattypes.FlagStatus_FLAG_STATUS_CLOSED} {
		if st.Name() == status {
			m.Status = st
		}
	}
	return m, nil
}

// vote SIGNER ID... join|object|stand-aside: a position on each proposal,
// one transaction (yes, no and abstain are accepted too).
func scriptVote(_ *Chain, _ string, a *args) ([]envelope.Message, error) {
	if len(a.positional) < 2 {
		return nil, fmt.Errorf("vote SIGNER ID... join|object|stand-aside")
	}
	words := a.positional
	option, ok := plenarytypes.ParseVoteOption(words[len(words)-1])
	if !ok {
		return nil, fmt.Errorf("position %q: join, object or stand-aside", words[len(words)-1])
	}
	var msgs []envelope.Message
	for _, w := range words[:len(words)-1] {
		id, err := strconv.ParseUint(w, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("proposal id %q", w)
		}
		msgs = append(msgs, &plenarytypes.MsgVote{ProposalId: id, Option: option})
	}
	a.positional = nil
	return msgs, nil
}

// withdraw-objection SIGNER ID, declare-consensus SIGNER ID, close-session
// SIGNER ID: a message naming one proposal or session.
func scriptProposalMsg(build func(id uint64) envelope.Message) func(*Chain, string, *args) (envelope.Message, error) {
	return func(_ *Chain, _ string, a *args) (envelope.Message, error) {
		w, err := a.next("id")
		if err != nil {
			return nil, err
		}
		id, err := strconv.ParseUint(w, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id %q", w)
		}
		return build(id), nil
	}
}

// open-session SIGNER title=T attendance=A,B,...
func scriptOpenSession(_ *Chain, _ string, a *args) (envelope.Message, error) {
	return &plenarytypes.MsgOpenSession{Title: a.str("title", "Plenary session"), Attendance: a.list("attendance")}, nil
}

// invite-review SIGNER [text=T]
func scriptInviteReview(_ *Chain, _ string, a *args) (envelope.Message, error) {
	return &plenarytypes.MsgInviteReview{Invitation: a.str("text", "")}, nil
}

// schedule-visit SIGNER REVIEW from=DATE to=DATE team=A,B [follow-up=true]
func scriptScheduleVisit(_ *Chain, _ string, a *args) (envelope.Message, error) {
	id, err := a.next("review id")
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("review id %q", id)
	}
	m := &plenarytypes.MsgScheduleVisit{ReviewId: n, Team: a.list("team"), FollowUp: a.str("follow-up", "") == "true"}
	if m.StartAt, err = a.date("from"); err != nil {
		return nil, err
	}
	m.EndAt, err = a.date("to")
	return m, err
}

// report-visit SIGNER REVIEW VISIT report=R [recommendations="R1; R2"]
func scriptReportVisit(_ *Chain, _ string, a *args) (envelope.Message, error) {
	ids := [2]uint64{}
	for i, what := range []string{"review id", "visit"} {
		w, err := a.next(what)
		if err != nil {
			return nil, err
		}
		if ids[i], err = strconv.ParseUint(w, 10, 32); err != nil {
			return nil, fmt.Errorf("%s %q", what, w)
		}
	}
	m := &plenarytypes.MsgReportVisit{ReviewId: ids[0], Visit: uint32(ids[1]), Report: a.str("report", "")}
	for _, r := range strings.Split(a.str("recommendations", ""), ";") {
		if r = strings.TrimSpace(r); r != "" {
			m.Recommendations = append(m.Recommendations, r)
		}
	}
	return m, nil
}

// report-steps SIGNER REVIEW text=T [recommendations=1,2]
func scriptReportSteps(_ *Chain, _ string, a *args) (envelope.Message, error) {
	id, err := a.next("review id")
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("review id %q", id)
	}
	m := &plenarytypes.MsgReportSteps{ReviewId: n, Text: a.str("text", "")}
	for _, r := range a.list("recommendations") {
		k, err := strconv.ParseUint(r, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("recommendation %q", r)
		}
		m.Recommendations = append(m.Recommendations, uint32(k))
	}
	return m, nil
}

// track-recommendation SIGNER REVIEW NUMBER STATUS [note=N]
func scriptTrackRecommendation(_ *Chain, _ string, a *args) (envelope.Message, error) {
	ids := [2]uint64{}
	for i, what := range []string{"review id", "recommendation"} {
		w, err := a.next(what)
		if err != nil {
			return nil, err
		}
		if ids[i], err = strconv.ParseUint(w, 10, 32); err != nil {
			return nil, fmt.Errorf("%s %q", what, w)
		}
	}
	word, err := a.next("status")
	if err != nil {
		return nil, err
	}
	status, ok := plenarytypes.ParseRecommendationStatus(word)
	if !ok {
		return nil, fmt.Errorf("status %q", word)
	}
	return &plenarytypes.MsgTrackRecommendation{ReviewId: ids[0], Number: uint32(ids[1]), Status: status, Note: a.str("note", "")}, nil
}

// translate SIGNER ID LANG text=T
func scriptTranslate(_ *Chain, _ string, a *args) (envelope.Message, error) {
	id, err := a.next("proposal id")
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("proposal id %q", id)
	}
	lang, err := a.next("language")
	return &plenarytypes.MsgTranslate{ProposalId: n, Language: lang, Text: a.str("text", "")}, err
}

// propose SIGNER KIND ... [rationale=R] [session=ID]: the decision kinds of
// `kpd tx plenary propose`.
func scriptPropose(c *Chain, _ string, a *args) (envelope.Message, error) {
	kind, err := a.next("decision kind")
	if err != nil {
		return nil, err
	}
	build, ok := scriptDecisions[kind]
	if !ok {
		return nil, fmt.Errorf("unknown decision kind %q", kind)
	}
	d, err := build(c, a)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	session, err := a.uint("session", 0)
	if err != nil {
		return nil, err
	}
	return &plenarytypes.MsgPropose{Decision: d, Rationale: a.str("rationale", "Recommended by the Participation Committee."), SessionId: session}, nil
}

var scriptDecisions = map[string]func(c *Chain, a *args) (plenarytypes.Decision, error){
	// admit CODE name=N admin=KEY [node=KEY] [kind=country]
	"admit": func(c *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant code")
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		kind, err := participanttypes.ParseParticipantKind(a.str("kind", "country"))
		admit := &plenarytypes.Admit{Code: code, Name: a.str("name", code), Kind: kind, AdminName: a.str("admin", KeyName(code, "admin"))}
		admit.AdminPubKey = c.PubKey(admit.AdminName)
		if node := a.str("node", ""); node != "" {
			admit.ValidatorPubKey = c.PubKey(node)
		}
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Admit{Admit: admit}}, err
	},
	"suspend": participantAction(func(p *plenarytypes.ParticipantAction) plenarytypes.Decision {
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Suspend{Suspend: p}}
	}),
	"reinstate": participantAction(func(p *plenarytypes.ParticipantAction) plenarytypes.Decision {
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Reinstate{Reinstate: p}}
	}),
	"expel": participantAction(func(p *plenarytypes.ParticipantAction) plenarytypes.Decision {
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Expel{Expel: p}}
	}),
	// rotate-validator CODE node=KEY
	"rotate-validator": func(c *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant code")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_RotateValidator{RotateValidator: &plenarytypes.RotateValidator{
			Code: code, ValidatorPubKey: c.PubKey(a.str("node", ""))}}}, err
	},
	"impose-embargo": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		origin, err := a.next("origin")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: origin}}}, err
	},
	"lift-embargo": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		origin, err := a.next("origin")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_LiftEmbargo{LiftEmbargo: &plenarytypes.OriginEmbargo{Origin: origin}}}, err
	},
	// set-producer CODE [non-producer=yes]
	"set-producer": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_SetProducer{SetProducer: &plenarytypes.ProducerStatus{
			Participant: code, NonProducer: a.str("non-producer", "") == "yes"}}}, err
	},
	"impose-issuer-embargo": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeIssuerEmbargo{ImposeIssuerEmbargo: &plenarytypes.IssuerEmbargo{Participant: code}}}, err
	},
	"lift-issuer-embargo": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_LiftIssuerEmbargo{LiftIssuerEmbargo: &plenarytypes.IssuerEmbargo{Participant: code}}}, err
	},
	// params [max-validity=60d] [confirmation-deadline=15d]
	"params": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		p := certtypes.DefaultParams()
		validity, err := a.duration("max-validity", time.Duration(p.MaxValidity)*time.Second)
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		deadline, err := a.duration("confirmation-deadline", time.Duration(p.ConfirmationDeadline)*time.Second)
		p.MaxValidity, p.ConfirmationDeadline = int64(validity/time.Second), int64(deadline/time.Second)
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Params{Params: &plenarytypes.ParamsChange{Certificate: &p}}}, err
	},
	// elect-chair YEAR [chair=CODE] [vice=CODE] [replace=true] [succession=true]
	"elect-chair": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		year, err := a.next("year")
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		y, err := strconv.ParseUint(year, 10, 32)
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ElectChair{ElectChair: &plenarytypes.ChairElection{
			Year: uint32(y), Chair: a.str("chair", ""), ViceChair: a.str("vice", ""),
			Replacement: a.str("replace", "") == "true", Succession: a.str("succession", "") == "true"}}}, err
	},
	// vigilance CODE [remove=true]
	"vigilance": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant code")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Vigilance{Vigilance: &plenarytypes.Listing{Code: code, Remove: a.str("remove", "") == "true"}}}, err
	},
	// illicit-operator KEY [remove=true]
	"illicit-operator": func(c *Chain, a *args) (plenarytypes.Decision, error) {
		key, err := a.next("operator key")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_IllicitOperator{IllicitOperator: &plenarytypes.Listing{
			Code: c.Address(key), Remove: a.str("remove", "") == "true"}}}, err
	},
	// establish-body NAME kind=working-group|ad-hoc-working-group|committee
	// mandate=M chair=CODE@YEAR members=A,B
	"establish-body": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		name, err := a.next("body name")
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		kind, ok := map[string]plenarytypes.BodyKind{"working-group": plenarytypes.BodyKind_BODY_KIND_WORKING_GROUP,
			"ad-hoc-working-group": plenarytypes.BodyKind_BODY_KIND_AD_HOC_WORKING_GROUP, "committee": plenarytypes.BodyKind_BODY_KIND_COMMITTEE}[a.str("kind", "")]
		if !ok {
			return plenarytypes.Decision{}, fmt.Errorf("kind: working-group, ad-hoc-working-group or committee")
		}
		composition, err := scriptComposition(a)
		return plenarytypes.Decision{Content: &plenarytypes.Decision_EstablishBody{EstablishBody: &plenarytypes.Body{
			Name: name, Kind: kind, Mandate: a.str("mandate", ""), Composition: composition}}}, err
	},
	// change-body NAME chair=CODE@YEAR members=A,B
	"change-body": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		name, err := a.next("body name")
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		composition, err := scriptComposition(a)
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ChangeBody{ChangeBody: &plenarytypes.BodyChange{Name: name, Composition: composition}}}, err
	},
	// extend-mandate NAME until=DATE [mandate=M]
	"extend-mandate": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		name, err := a.next("body name")
		if err != nil {
			return plenarytypes.Decision{}, err
		}
		until, err := a.date("until")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ExtendMandate{ExtendMandate: &plenarytypes.MandateExtension{
			Name: name, MandateUntil: until, Mandate: a.str("mandate", "")}}}, err
	},
	"dissolve-body": func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		name, err := a.next("body name")
		return plenarytypes.Decision{Content: &plenarytypes.Decision_DissolveBody{DissolveBody: &plenarytypes.BodyName{Name: name}}}, err
	},
	"resolution":              textDecision(plenarytypes.TextKind_TEXT_KIND_RESOLUTION),
	"administrative-decision": textDecision(plenarytypes.TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION),
	"declaration":             textDecision(plenarytypes.TextKind_TEXT_KIND_DECLARATION),
}

// participantAction: CODE [grandfather=yes]
func participantAction(decision func(*plenarytypes.ParticipantAction) plenarytypes.Decision) func(*Chain, *args) (plenarytypes.Decision, error) {
	return func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		code, err := a.next("participant code")
		return decision(&plenarytypes.ParticipantAction{Code: code, GrandfatherCertified: a.str("grandfather", "") == "yes"}), err
	}
}

// textDecision: KIND title=T lang=en text=T
func textDecision(kind plenarytypes.TextKind) func(*Chain, *args) (plenarytypes.Decision, error) {
	return func(_ *Chain, a *args) (plenarytypes.Decision, error) {
		return plenarytypes.Decision{Content: &plenarytypes.Decision_Text{Text: &plenarytypes.TextDecision{
			Kind: kind, Title: a.str("title", ""), Language: a.str("lang", "en"), Text: a.str("text", "")}}}, nil
	}
}

// scriptComposition reads chair=CODE@YEAR and members=A,B (participant codes).
func scriptComposition(a *args) (plenarytypes.Composition, error) {
	var c plenarytypes.Composition
	if chair := a.str("chair", ""); chair != "" {
		code, year, _ := strings.Cut(chair, "@")
		y, err := strconv.ParseUint(year, 10, 32)
		if err != nil {
			return c, fmt.Errorf("chair: CODE@YEAR, got %q", chair)
		}
		c.Chairs = []plenarytypes.Officer{{Holder: plenarytypes.Member{Code: code, Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT}, FromYear: uint32(y)}}
	}
	for _, code := range a.list("members") {
		c.Members = append(c.Members, plenarytypes.Member{Code: code, Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT})
	}
	return c, nil
}
