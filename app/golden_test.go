package app_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden-chain.txt (only with a new schema version)")

const goldenFile = "testdata/golden-chain.txt"

// TestGoldenAppHash replays a fixed chain that uses every message kind, every
// decision kind and every kind of block-time work, and compares the app hash
// and the transaction codes after every block with testdata/golden-chain.txt.
// A difference means the change alters the state an existing network holds:
// two nodes running the old and the new binary would fork.
func TestGoldenAppHash(t *testing.T) {
	got := goldenChain(t)
	if *updateGolden {
		header := fmt.Sprintf("# The golden chain of app/golden_test.go: height, app hash after the block, tx codes.\n"+
			"# State schema version %d. Regenerate only with a new schema version:\n"+
			"#   go test ./app -run TestGoldenAppHash -update-golden\n", app.SchemaVersion)
		if err := os.WriteFile(goldenFile, []byte(header+strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readGolden(t)
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("the golden chain diverges at line %d:\n got  %q\n want %q\n\n"+
				"This change alters the app hash or a transaction's code: a network running the previous binary "+
				"would fork from one running this one. If the change is meant to break state, raise app.SchemaVersion "+
				"(now %d), write an upgrade note in the README, and regenerate the golden chain with\n"+
				"  go test ./app -run TestGoldenAppHash -update-golden\n"+
				"Otherwise the change has a bug: a refactoring must keep every app hash.", i+1, g, w, app.SchemaVersion)
		}
	}
}

func readGolden(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(goldenFile)
	if err != nil {
		t.Fatalf("%v (create it with -update-golden)", err)
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if line := scanner.Text(); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// golden builds the golden chain's blocks on an apptest chain and records
// each one as "height app-hash codes".
type golden struct {
	t     *testing.T
	c     *apptest.Chain
	lines []string
}

// signed is one transaction of a block: a signer and its messages.
type signed struct {
	signer string
	msgs   []envelope.Message
}

func tx(signer string, msgs ...envelope.Message) signed { return signed{signer, msgs} }

func (g *golden) block(txs ...signed) {
	raw := make([][]byte, len(txs))
	for i, s := range txs {
		raw[i] = g.c.Tx(s.signer, s.msgs...)
	}
	resp := g.c.Block(raw...)
	codes := make([]string, len(resp.TxResults))
	for i, r := range resp.TxResults {
		codes[i] = fmt.Sprint(r.Code)
	}
	g.lines = append(g.lines, fmt.Sprintf("%d %X [%s]", g.c.Height, resp.AppHash, strings.Join(codes, " ")))
}

// vote has each participant's admin say yes to every proposal of ids, a
// transaction each, in one block.
func (g *golden) vote(option plenarytypes.VoteOption, ids []uint64, codes ...string) {
	var txs []signed
	for _, code := range codes {
		var msgs []envelope.Message
		for _, id := range ids {
			msgs = append(msgs, &plenarytypes.MsgVote{ProposalId: id, Option: option})
		}
		txs = append(txs, tx(apptest.KeyName(code, "admin"), msgs...))
	}
	g.block(txs...)
}

func goldenChain(t *testing.T) []string {
	c := apptest.New(t)
	g := &golden{t: t, c: c, lines: []string{fmt.Sprintf("0 %X []", c.AppHash)}}
	day := 24 * time.Hour
	const issuerRole, exporterRole = envelope.Role_ROLE_ISSUER, envelope.Role_ROLE_EXPORTER
	yes, no := plenarytypes.VoteOption_VOTE_OPTION_YES, plenarytypes.VoteOption_VOTE_OPTION_NO
	until := func(d time.Duration) int64 { return c.Time.Add(apptest.BlockInterval + d).Unix() }
	issue := func(number, issuer, destination string, carats int64, validFor time.Duration, change ...func(*certtypes.MsgIssue)) *certtypes.MsgIssue {
		m := &certtypes.MsgIssue{
			Number: number, Origin: issuer, Destination: destination,
			Exporter: c.Address(apptest.KeyName(issuer, "exporter")), Importer: c.Address(apptest.KeyName(destination, "importer")),
			Carats: carats, ValueUsd: carats * 120, Parcels: 3, HsCode: "7102.31", ExpiresAt: until(validFor),
		}
		for _, f := range change {
			f(m)
		}
		return m
	}
	propose := func(d plenarytypes.Decision) *plenarytypes.MsgPropose {
		return &plenarytypes.MsgPropose{Decision: d, Rationale: "Recommended by the Participation Committee."}
	}
	statistics := &plenarytypes.Body{Name: "Working Group on Statistics", Kind: plenarytypes.BodyKind_BODY_KIND_WORKING_GROUP,
		Mandate: "Collect and analyse the statistics of the trade in rough diamonds.",
		Composition: plenarytypes.Composition{
			Chairs:  []plenarytypes.Officer{{Holder: plenarytypes.Member{Code: "EU", Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT}, FromYear: 2005}},
			Members: []plenarytypes.Member{{Code: "BW", Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT}, {Code: "RU", Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT}},
		}}
	grown := statistics.Composition
	grown.Members = append(append([]plenarytypes.Member(nil), grown.Members...), plenarytypes.Member{Code: "ZA", Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT})
	resolution := &plenarytypes.TextDecision{Kind: plenarytypes.TextKind_TEXT_KIND_RESOLUTION, Title: "Resolution on Côte d'Ivoire", Language: "en",
		Text: "The Plenary resolves that rough diamonds from Côte d'Ivoire be kept out of legitimate trade."}
	embargo := func(origin string) plenarytypes.Decision {
		return plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: origin}}}
	}
	action := func(code string) *plenarytypes.ParticipantAction { return &plenarytypes.ParticipantAction{Code: code} }

	// The registry: officers and operators added, rotated and revoked.
	g.block()
	g.block(tx("bw-admin",
		&participanttypes.MsgAddOfficer{PubKey: c.PubKey("bw-issuer-2"), Role: issuerRole, Name: "Second issuing officer"},
		&participanttypes.MsgAddOperator{PubKey: c.PubKey("bw-exporter-2"), Role: exporterRole, Name: "Okavango Diamond Company"}))
	g.block(tx("bw-admin", &participanttypes.MsgRotateOfficer{Address: c.Address("bw-issuer-2"), NewPubKey: c.PubKey("bw-issuer-3")}),
		tx("bw-admin", &participanttypes.MsgRevokeOperator{Address: c.Address("bw-exporter-2")}))
	g.block(tx("bw-admin", &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-issuer-3")}))

	// Certificates: issued, handed over, attested in transit, confirmed,
	// rejected, voided, re-exported, left to go overdue and expire.
	g.block(tx("bw-issuer", issue("BW-2005-1", "BW", "EU", 152340, 30*day, func(m *certtypes.MsgIssue) {
		m.Transit, m.Seal, m.PortOfExport = []string{"ZA"}, "BW-SEAL-1", "Gaborone"
	})),
		tx("bw-issuer", issue("BW-2005-2", "BW", "ZA", 80000, 30*day)),
		tx("bw-issuer", issue("BW-2005-3", "BW", "RU", 50000, 30*day)),
		tx("bw-issuer", issue("BW-2005-4", "BW", "IN", 20000, 30*day)),
		tx("za-issuer", issue("ZA-2005-1", "ZA", "EU", 99900, 20*day)))
	g.block(tx("bw-exporter", &certtypes.MsgTransfer{Number: "BW-2005-1", To: c.Address("za-customs"), Seal: "BW-SEAL-1", Carrier: "Air Botswana Cargo"}),
		tx("za-customs", &certtypes.MsgReject{Number: "BW-2005-2", Reason: certtypes.RejectionReason_REJECTION_REASON_SEAL_BROKEN, Note: "shipment detained"}),
		tx("bw-issuer", &certtypes.MsgVoid{Number: "BW-2005-3", Reason: certtypes.VoidReason_VOID_REASON_SHIPMENT_CANCELLED, Note: "buyer withdrew"}))
	g.block(tx("za-customs", &certtypes.MsgAttest{Number: "BW-2005-1", Note: "arrived sealed, left unopened"}),
		tx("za-customs", &certtypes.MsgTransfer{Number: "BW-2005-1", To: c.Address("eu-importer"), Seal: "BW-SEAL-1", Carrier: "SAA Cargo"}))
	g.block(tx("eu-importer", &certtypes.MsgConfirm{Number: "BW-2005-1", Parcels: 3, Carats: 152341, ValueUsd: 152340 * 120, Note: "a hundredth short"}),
		tx("eu-importer", &certtypes.MsgConfirm{Number: "BW-2005-1", Parcels: 3, Carats: 152340, ValueUsd: 152340 * 120, Note: "counted at the diamond office"}),
		tx("eu-customs", &certtypes.MsgConfirm{Number: "ZA-2005-1", Parcels: 3, Carats: 99900, ValueUsd: 99900 * 30, Note: "valued far lower"}))
	g.block(tx("eu-issuer", issue("EU-2005-1", "EU", "RU", 50000, 30*day, func(m *certtypes.MsgIssue) {
		m.Origin, m.Parents = "BW", []certtypes.Draw{{Number: "BW-2005-1", Carats: 50000}}
	})),
		tx("stranger", issue("EU-2005-2", "EU", "RU", 100, 30*day)))
	g.block(tx("ru-importer", &certtypes.MsgConfirm{Number: "EU-2005-1", Parcels: 3, Carats: 50000, ValueUsd: 50000 * 120}))
	c.Skip(16 * day)
	g.block()
	c.Skip(15 * day)
	g.block()

	// Statistics: production reports and a correction.
	production := stattypes.Production{AlluvialCarats: 1200000, AlluvialValueUsd: 9000000000, KimberliteCarats: 31000000, KimberliteValueUsd: 250000000000}
	g.block(tx("bw-admin", &stattypes.MsgReportProduction{Year: 2005, Half: 1, Production: production, Note: "Department of Mines"}),
		tx("ru-admin", &stattypes.MsgReportProduction{Year: 2005, Half: 1, Production: production}))
	production.OtherCarats = 100
	g.block(tx("bw-admin", &stattypes.MsgReportProduction{Year: 2005, Half: 1, Production: production, Note: "corrected"}))

	// The plenary: every decision kind, unanimous, objected to, and one that
	// fails at execution.
	g.block(tx("bw-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Admit{Admit: &plenarytypes.Admit{
		Code: "ID", Name: "Indonesia", Kind: participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY,
		AdminPubKey: c.PubKey("id-admin"), AdminName: "id-admin", ValidatorPubKey: c.PubKey("id-node")}}})),
		tx("eu-admin", propose(embargo("CI"))),
		tx("ru-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_ElectChair{ElectChair: &plenarytypes.ChairTerm{Year: 2006, Chair: "BW", ViceChair: "EU"}}})),
		tx("za-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Text{Text: resolution}})))
	g.vote(yes, []uint64{1, 2, 3, 4}, "BW", "EU", "IN", "RU", "ZA")
	g.block(tx("eu-admin", &plenarytypes.MsgTranslate{ProposalId: 4, Language: "fr", Text: "La Plénière décide que les diamants bruts de Côte d'Ivoire soient tenus à l'écart du commerce légitime."}),
		tx("ru-admin", &plenarytypes.MsgTranslate{ProposalId: 4, Language: "ru", Text: "Пленарное заседание постановляет не допускать необработанные алмазы из Кот-д'Ивуара в законную торговлю."}),
		tx("za-admin", &plenarytypes.MsgTranslate{ProposalId: 4, Language: "pt", Text: "O Plenário decide que os diamantes em bruto da Côte d'Ivoire sejam mantidos fora do comércio legítimo."}),
		tx("bw-admin", &plenarytypes.MsgTranslate{ProposalId: 4, Language: "es", Text: "El Plenario resuelve que los diamantes en bruto de Côte d'Ivoire se mantengan fuera del comercio legítimo."}))
	g.block(tx("id-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Params{Params: &plenarytypes.ParamsChange{
		Certificate: &certtypes.Params{MaxValidity: 60 * certtypes.Day, ConfirmationDeadline: 10 * certtypes.Day}}}})),
		tx("bw-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_PeerReview{PeerReview: &plenarytypes.PeerReview{
			Reviewed: "ZA", StartAt: time.Date(2006, 3, 6, 0, 0, 0, 0, time.UTC).Unix(), EndAt: time.Date(2006, 3, 10, 0, 0, 0, 0, time.UTC).Unix(),
			Team: []string{"BW", "RU"}, Recommendations: "Strengthen internal controls over alluvial production."}}})),
		tx("eu-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_EstablishBody{EstablishBody: statistics}})),
		tx("ru-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Suspend{Suspend: action("IN")}})))
	g.vote(yes, []uint64{5, 6, 7}, "BW", "EU", "ID", "IN", "RU", "ZA")
	g.vote(no, []uint64{8}, "ZA")
	c.Skip(7 * day)
	g.block()
	g.block(tx("za-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_ReviewFollowUp{ReviewFollowUp: &plenarytypes.ReviewFollowUp{ReviewId: 1, Text: "South Africa reported the steps it took."}}})),
		tx("eu-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_ChangeBody{ChangeBody: &plenarytypes.BodyChange{Name: statistics.Name, Composition: grown}}})),
		tx("eu-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_ExtendMandate{ExtendMandate: &plenarytypes.MandateExtension{
			Name: statistics.Name, MandateUntil: time.Date(2007, 12, 31, 0, 0, 0, 0, time.UTC).Unix()}}})),
		tx("ru-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_RotateValidator{RotateValidator: &plenarytypes.RotateValidator{Code: "BW", ValidatorPubKey: c.PubKey("bw-node-2006")}}})),
		tx("za-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_LiftEmbargo{LiftEmbargo: &plenarytypes.OriginEmbargo{Origin: "CI"}}})),
		tx("bw-admin", propose(embargo("SL"))),
		tx("eu-admin", propose(embargo("SL"))))
	g.vote(yes, []uint64{9, 10, 11, 13, 14, 15}, "BW", "EU", "ID", "IN", "RU", "ZA")
	g.vote(yes, []uint64{12}, "EU", "ID", "IN", "RU", "ZA")
	g.block(tx("za-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_DissolveBody{DissolveBody: &plenarytypes.BodyName{Name: statistics.Name}}})),
		tx("ru-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Suspend{Suspend: action("TW")}})))
	g.vote(yes, []uint64{16, 17}, "BW", "EU", "ID", "IN", "RU", "ZA")
	g.block(tx("bw-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Reinstate{Reinstate: action("TW")}})),
		tx("eu-admin", propose(plenarytypes.Decision{Content: &plenarytypes.Decision_Expel{Expel: action("IN")}})))
	g.vote(yes, []uint64{18}, "BW", "EU", "ID", "IN", "RU", "ZA")
	g.vote(yes, []uint64{19}, "BW", "EU", "ID", "RU", "ZA")

	// Into 2006: the half-year's reporting deadline passes.
	lastVote := c.Height
	c.Skip(120 * day)
	g.block()
	g.block()

	// The chain went as told: every proposal closed as meant.
	want := map[uint64]plenarytypes.ProposalStatus{4: plenarytypes.ProposalStatus_PROPOSAL_STATUS_ADOPTED,
		8: plenarytypes.ProposalStatus_PROPOSAL_STATUS_REJECTED, 15: plenarytypes.ProposalStatus_PROPOSAL_STATUS_FAILED}
	for id := uint64(1); id <= 19; id++ {
		var resp plenarytypes.QueryProposalResponse
		if q := c.Query("/kpledger.plenary.v1.Query/Proposal", &plenarytypes.QueryProposalRequest{Id: id}, &resp); q.Code != 0 {
			t.Fatalf("proposal %d: %s", id, q.Log)
		}
		status, ok := want[id]
		if !ok {
			status = plenarytypes.ProposalStatus_PROPOSAL_STATUS_PASSED
		}
		if p := resp.Proposal; p.Status != status || p.ClosedHeight == 0 || p.ClosedHeight > lastVote {
			t.Errorf("proposal %d (%s): %s at height %d (%s), want %s by height %d", id, p.Decision.Kind(), p.Status.Name(), p.ClosedHeight, p.Outcome, status.Name(), lastVote)
		}
	}
	return g.lines
}
