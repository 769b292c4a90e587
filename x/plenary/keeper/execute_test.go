package keeper_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestAdmit: the plenary admits Indonesia (2005), active, with its admin
// officer, who may then propose; without a validator key the set is as it
// was.
func TestAdmit(t *testing.T) {
	c := newChain(t)
	resp := enact(t, c, admit(c, "ID", "Indonesia", ""))
	wantUpdates(t, c, resp)

	got := c.Participant("ID")
	if got.Participant != (participanttypes.Participant{Code: "ID", Name: "Indonesia", Kind: country, Status: active}) || got.Validator != nil {
		t.Fatalf("Indonesia %+v, validator %+v", got.Participant, got.Validator)
	}
	var officer participanttypes.QueryKeyResponse
	c.MustQuery(participanttypes.QueryOfficer, &participanttypes.QueryKeyRequest{Address: c.Address("id-admin")}, &officer)
	if k := officer.Key; k.Participant != "ID" || k.Role != envelope.Role_ROLE_ADMIN || k.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE {
		t.Errorf("Indonesia's admin key %+v", k)
	}
	p, _ := c.Proposal(propose(t, c, "ID", electChair(2006, "BW", "EU")))
	if p.Proposer != "ID" || !slices.Contains(p.Electorate, "ID") || len(p.Electorate) != 6 {
		t.Errorf("Indonesia's proposal: proposer %s electorate %v", p.Proposer, p.Electorate)
	}
}

// TestReadmitExpelled: Lebanon, expelled, is admitted again (2005) with a new
// admin officer.
func TestReadmitExpelled(t *testing.T) {
	c := newChain(t, withParticipant("LB", "Lebanon", false), withStatus("LB", expelled))
	c.Refused("lb-admin", proposeMsg(electChair(2006, "BW", "EU")), types.ErrNotVoting)
	p, _ := decide(t, c, admission("LB", "Republic of Lebanon", country, c.PubKey("lb-admin-2005"), nil))
	if p.Status != passed || p.Outcome != "LB admitted" || p.Subject != "LB" {
		t.Fatalf("%s %q subject %q", p.Status.Name(), p.Outcome, p.Subject)
	}
	if got := c.Participant("LB").Participant; got.Status != active || got.Name != "Republic of Lebanon" {
		t.Errorf("Lebanon %+v", got)
	}
	var officer participanttypes.QueryKeyResponse
	c.MustQuery(participanttypes.QueryOfficer, &participanttypes.QueryKeyRequest{Address: c.Address("lb-admin-2005")}, &officer)
	if officer.Key.Participant != "LB" || officer.Key.Role != envelope.Role_ROLE_ADMIN {
		t.Errorf("Lebanon's new admin key %+v", officer.Key)
	}
	c.DeliverOK("lb-admin-2005", proposeMsg(electChair(2006, "BW", "EU")))
}

// TestSuspendReinstateExpel: the plenary suspends the Republic of the Congo
// (2004): its validator leaves CometBFT's set (power 0 in the updates of the
// executing block, out of the set two blocks later); reinstated, it comes
// back; suspended again and then expelled, the expulsion sends no second
// removal.
func TestSuspendReinstateExpel(t *testing.T) {
	c := newChain(t, withCongo)
	all := []string{"bw-node", "cg-node", "eu-node", "ru-node", "za-node"}
	wantCometSet(t, c, all...)

	resp := enact(t, c, suspend("CG"))
	wantUpdates(t, c, resp, "cg-node=0")
	if action, _ := apptest.EventAttr(resp.Events, participanttypes.ModuleName, "action"); action != "participant_suspended" {
		t.Errorf("participant event of the executing block: %q", action)
	}
	if s := statusOf(c, "CG"); s != suspended {
		t.Fatalf("the Congo %s", s.Name())
	}
	wantCometSet(t, c, all...) // the update takes effect at the next height but one
	c.Block()
	wantCometSet(t, c, "bw-node", "eu-node", "ru-node", "za-node")
	if v := c.Participant("CG").Validator; v == nil || keyName(c, v.PubKey) != "cg-node" {
		t.Errorf("a suspended participant keeps its validator record: %+v", v)
	}
	c.Refused("cg-admin", proposeMsg(electChair(2006, "BW", "EU")), types.ErrNotVoting)

	resp = enact(t, c, reinstate("CG"))
	wantUpdates(t, c, resp, "cg-node=10")
	c.Block()
	wantCometSet(t, c, all...)
	if s := statusOf(c, "CG"); s != active {
		t.Fatalf("the Congo %s after reinstatement", s.Name())
	}

	enact(t, c, suspend("CG"))
	c.Block()
	resp = enact(t, c, expel("CG"))
	wantUpdates(t, c, resp)
	c.Block()
	wantCometSet(t, c, "bw-node", "eu-node", "ru-node", "za-node")
	if s := statusOf(c, "CG"); s != expelled {
		t.Fatalf("the Congo %s after expulsion", s.Name())
	}
}

// TestExpelActiveValidator: expelling an active validator's participant
// removes its key once.
func TestExpelActiveValidator(t *testing.T) {
	c := newChain(t, withCongo)
	resp := enact(t, c, expel("CG"))
	wantUpdates(t, c, resp, "cg-node=0")
	c.Block()
	wantCometSet(t, c, "bw-node", "eu-node", "ru-node", "za-node")
}

// TestRotateValidator: Botswana's new node replaces its old one in one
// block: the old key at power 0 and the new at full power.
func TestRotateValidator(t *testing.T) {
	c := newChain(t)
	resp := enact(t, c, rotate("BW", c.PubKey("bw-node-2006")))
	wantUpdates(t, c, resp, "bw-node=0", "bw-node-2006=10")
	c.Block()
	wantCometSet(t, c, "bw-node-2006", "eu-node", "ru-node", "za-node")
	want := []string{"BW:bw-node-2006", "EU:eu-node", "RU:ru-node", "ZA:za-node"}
	if got := appValidators(c); !slices.Equal(got, want) {
		t.Errorf("Validators query %v, want %v", got, want)
	}
	// The old key is free again: the Congo may be admitted with it.
	enact(t, c, admit(c, "CG", "Republic of the Congo", "bw-node"))
}

// TestEmbargo: the plenary puts Côte d'Ivoire's diamonds under embargo (the
// 2005 resolution): no certificate may cite that origin, nor may one issued
// before be confirmed; lifted, issuance works again; the Embargoes query
// keeps the history.
func TestEmbargo(t *testing.T) {
	c := newChain(t)
	embargoes := func() []certtypes.Embargo {
		t.Helper()
		var resp certtypes.QueryEmbargoesResponse
		c.MustQuery(certtypes.QueryEmbargoes, &certtypes.QueryEmbargoesRequest{}, &resp)
		return resp.Embargoes
	}
	c.DeliverOK("bw-admin", &certtypes.MsgDeclareStock{Origins: []string{"CI"}, Carats: 500000, Reference: "Ivorian goods held since 2004"})
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-0001", "BW", "EU", apptest.Origin("CI"))(c))

	resp := enact(t, c, imposeEmbargo("CI"))
	imposed := c.Height
	if got := embargoes(); len(got) != 1 || !got[0].Active || got[0].Origin != "CI" || got[0].ImposedHeight != imposed ||
		got[0].ImposedAt != c.Time.Unix() || got[0].Reference != "plenary proposal 1" {
		t.Fatalf("embargoes %+v", got)
	}
	if action, _ := apptest.EventAttr(resp.Events, certtypes.ModuleName, "action"); action != "embargo_imposed" {
		t.Errorf("certificate event of the executing block: %q", action)
	}
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-0002", "BW", "EU", apptest.Origin("CI"))(c), certtypes.ErrEmbargoedOrigin)
	mixed := apptest.Shipment("BW-2005-0002", "BW", "EU", apptest.Origin("MIXED", "BW", "CI"), apptest.Carats(100_00), apptest.Value(10_000_00), apptest.Parcels(1))
	c.Refused("bw-issuer", mixed(c), certtypes.ErrEmbargoedOrigin)
	c.Refused("eu-importer", apptest.ConfirmAsCertified("BW-2005-0001")(c), certtypes.ErrEmbargoedOrigin)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-0003", "BW", "EU")(c))

	enact(t, c, liftEmbargo("CI"))
	lifted := c.Height
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-0002", "BW", "EU", apptest.Origin("CI"))(c))
	c.DeliverOK("eu-importer", apptest.ConfirmAsCertified("BW-2005-0001")(c))

	enact(t, c, imposeEmbargo("CI"))
	got := embargoes()
	if len(got) != 2 {
		t.Fatalf("embargoes %+v, want the lifted one and the new one", got)
	}
	if e := got[0]; e.Active || e.ImposedHeight != imposed || e.LiftedHeight != lifted || e.Reference != "plenary proposal 1" {
		t.Errorf("the first embargo %+v", e)
	}
	if e := got[1]; !e.Active || e.ImposedHeight != c.Height || e.LiftedHeight != 0 || e.Reference != "plenary proposal 3" {
		t.Errorf("the second embargo %+v", e)
	}
}

// TestParamsChange: the plenary lets certificates run 90 days instead of 60.
// The change applies from the next block: an issue for 70 days in the block
// that carries the decision is still refused; in the next it is accepted.
// Monitoring and plenary parameters change the same way.
func TestParamsChange(t *testing.T) {
	c := newChain(t)
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-0001", "BW", "EU", apptest.ValidFor(70*certtypes.Day))(c), certtypes.ErrExpiryTooLate)

	longer := certtypes.Params{MaxValidity: 90 * 86400, ConfirmationDeadline: 15 * 86400}
	monitoring := stattypes.Params{ProductionDeadlineMonths: 3, MirrorToleranceBp: 500, PriceFactorPercent: 250, PriceMinCertificates: 3, PriceMinCarats: 500_00}
	plenary := types.Params{VotingPeriod: 14 * 86400, ExcludeSubject: true}
	id := propose(t, c, "EU", changeParams(types.ParamsChange{Certificate: &longer, Monitoring: &monitoring, Plenary: &plenary}))
	txs := [][]byte{}
	for _, code := range []string{"BW", "EU", "IN", "RU", "ZA"} {
		txs = append(txs, c.Tx(admin(code), voteMsg(id, join)))
	}
	txs = append(txs, c.Tx("bw-issuer", apptest.Shipment("BW-2005-0001", "BW", "EU", apptest.ValidFor(70*certtypes.Day))(c)))
	resp := c.Block(txs...)
	if last := resp.TxResults[len(txs)-1]; last.Code != certtypes.ErrExpiryTooLate.Code() {
		t.Errorf("an issue in the block of the decision: code %d (%s), want the old maximum", last.Code, last.Log)
	}
	if p, _ := c.Proposal(id); p.Status != passed || p.Outcome != "parameters changed from the next block" {
		t.Fatalf("%s %q", p.Status.Name(), p.Outcome)
	}
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-0001", "BW", "EU", apptest.ValidFor(70*certtypes.Day))(c))
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-0002", "BW", "EU", apptest.ValidFor(91*certtypes.Day))(c), certtypes.ErrExpiryTooLate)

	var cert certtypes.QueryParamsResponse
	c.MustQuery(certtypes.QueryParams, &certtypes.QueryParamsRequest{}, &cert)
	var stat stattypes.QueryParamsResponse
	c.MustQuery(stattypes.QueryParams, &stattypes.QueryParamsRequest{}, &stat)
	var plen types.QueryParamsResponse
	c.MustQuery(types.QueryParams, &types.QueryParamsRequest{}, &plen)
	if cert.Params != longer || stat.Params != monitoring || plen.Params != plenary {
		t.Errorf("params: certificate %+v monitoring %+v plenary %+v", cert.Params, stat.Params, plen.Params)
	}
	// The new plenary rules govern the next proposal: two weeks, and the
	// subject of a membership decision left out.
	p, _ := c.Proposal(propose(t, c, "BW", suspend("IN")))
	if p.VotingEndsAt-p.SubmittedAt != 14*86400 || slices.Contains(p.Electorate, "IN") || len(p.Electorate) != 4 {
		t.Errorf("written procedure %d s, electorate %v", p.VotingEndsAt-p.SubmittedAt, p.Electorate)
	}
}

// TestParamsChangeOneModule: a change carrying only the monitoring rules
// leaves the others as they were.
func TestParamsChangeOneModule(t *testing.T) {
	c := newChain(t)
	before := ledgerState(c)
	monitoring := stattypes.Params{ProductionDeadlineMonths: 6, MirrorToleranceBp: 1000, PriceFactorPercent: 300, PriceMinCertificates: 5, PriceMinCarats: 1000_00}
	enact(t, c, changeParams(types.ParamsChange{Monitoring: &monitoring}))
	var stat stattypes.QueryParamsResponse
	c.MustQuery(stattypes.QueryParams, &stattypes.QueryParamsRequest{}, &stat)
	if stat.Params != monitoring {
		t.Errorf("monitoring params %+v", stat.Params)
	}
	after := ledgerState(c)
	for _, line := range []string{"plenary params", "certificate params"} {
		if lineOf(before, line) != lineOf(after, line) {
			t.Errorf("%s changed: %s → %s", line, lineOf(before, line), lineOf(after, line))
		}
	}
}

func lineOf(state, label string) string {
	for _, l := range strings.Split(state, "\n") {
		if strings.HasPrefix(l, label+" ") {
			return l
		}
	}
	return ""
}

// TestElectChair: the plenary elects Botswana chair and the European
// Community vice-chair for 2006. Another election for 2006 is refused; an
// explicit replacement takes over and keeps the replaced term in history.
func TestElectChair(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	enact(t, c, electChair(2006, "BW", "EU"))
	elected := types.ChairTerm{Year: 2006, Chair: "BW", ViceChair: "EU", ProposalId: 1, RecordedAt: c.Time.Unix()}
	var chair types.QueryChairResponse
	c.MustQuery(types.QueryChair, &types.QueryChairRequest{Year: 2006}, &chair)
	if chair.Term != elected || len(chair.Replaced) != 0 {
		t.Errorf("2006: %+v, replaced %+v", chair.Term, chair.Replaced)
	}
	c.Refused("za-admin", proposeMsg(electChair(2006, "EU", "ZA")), types.ErrTermExists)
	c.Refused("za-admin", proposeMsg(replaceChair(2007, "EU", "ZA")), types.ErrNoChairTerm)

	enact(t, c, replaceChair(2006, "EU", "ZA"))
	chair = types.QueryChairResponse{}
	c.MustQuery(types.QueryChair, &types.QueryChairRequest{Year: 2006}, &chair)
	want := types.ChairTerm{Year: 2006, Chair: "EU", ViceChair: "ZA", ProposalId: 2, RecordedAt: c.Time.Unix()}
	if chair.Term != want || !slices.Equal(chair.Replaced, []types.ChairTerm{elected}) {
		t.Errorf("2006: %+v, replaced %+v", chair.Term, chair.Replaced)
	}
	var chairs types.QueryChairsResponse
	c.MustQuery(types.QueryChairs, &types.QueryChairsRequest{}, &chairs)
	if !slices.Equal(chairs.Terms, []types.ChairTerm{{Year: 2005, Chair: "RU", ViceChair: "BW"}, want}) {
		t.Errorf("chairs %+v", chairs.Terms)
	}
}

// TestPastTermsStay: probe PL5 — in December 2006 a decision re-electing
// 2005 as South Africa and India is refused: 2005 has ended, and the
// Participation Committee's "Vice-Chair (2005)" still resolves to Botswana.
// An adopted election of a year that has ended by the time it closes fails.
func TestPastTermsStay(t *testing.T) {
	committee := types.Body{Name: "Participation Committee", Kind: types.BodyKind_BODY_KIND_COMMITTEE, Composition: types.Composition{
		Chairs: []types.Officer{{Holder: participantMember("ZA"), FromYear: 2005}}, Members: []types.Member{role("KP_VICE_CHAIR_2005")}}}
	c := newChain(t, withChair(2005, "RU", "BW"), withChair(2006, "BW", "EU"), withBodies(committee))
	late := propose(t, c, "BW", replaceChair(2005, "RU", "ZA")) // proposed in 2005 ...
	c.Skip(400 * day)                                           // ... adopted in 2006
	c.Block()
	if p, _ := c.Proposal(late); p.Status != failed || p.FailureCode != types.ErrPastTerm.Code() {
		t.Errorf("a 2005 replacement closing in 2006: %s %q", p.Status.Name(), p.Outcome)
	}
	c.Refused("za-admin", proposeMsg(replaceChair(2005, "ZA", "IN")), types.ErrPastTerm)
	c.Refused("za-admin", proposeMsg(electChair(2004, "ZA", "IN")), types.ErrPastTerm)
	var chair types.QueryChairResponse
	c.MustQuery(types.QueryChair, &types.QueryChairRequest{Year: 2005}, &chair)
	if chair.Term != (types.ChairTerm{Year: 2005, Chair: "RU", ViceChair: "BW"}) {
		t.Errorf("2005: %+v", chair.Term)
	}
	var body types.QueryBodyResponse
	c.MustQuery(types.QueryBody, &types.QueryBodyRequest{Name: "Participation Committee", Year: 2006}, &body)
	if got := body.Body.Members[0].Holders; !slices.Equal(got, []string{"BW"}) {
		t.Errorf("Vice-Chair (2005) resolves to %v", got)
	}
}

// TestSuccession: the Vice-Chair succeeds the Chair — for the coming year
// (Botswana, Vice-Chair in 2005, Chair in 2006), and within the current
// year as a replacement, the Vice-Chair's office left vacant until filled.
func TestSuccession(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"))
	p, _ := decide(t, c, succession(2006, "EU", false))
	var chair types.QueryChairResponse
	c.MustQuery(types.QueryChair, &types.QueryChairRequest{Year: 2006}, &chair)
	if p.Status != passed || chair.Term.Chair != "BW" || chair.Term.ViceChair != "EU" {
		t.Fatalf("%s %q: %+v", p.Status.Name(), p.Outcome, chair.Term)
	}
	c.Refused("eu-admin", proposeMsg(succession(2008, "ZA", false)), types.ErrNoChairTerm)

	enact(t, c, succession(2005, "", true))
	chair = types.QueryChairResponse{}
	c.MustQuery(types.QueryChair, &types.QueryChairRequest{Year: 2005}, &chair)
	if chair.Term.Chair != "BW" || chair.Term.ViceChair != "" || len(chair.Replaced) != 1 || chair.Replaced[0].Chair != "RU" {
		t.Fatalf("2005 after the succession: %+v, replaced %+v", chair.Term, chair.Replaced)
	}
	c.Refused("eu-admin", proposeMsg(succession(2005, "ZA", true)), types.ErrInvalidDecision)
	// Botswana's admin officer is now the Chair's officer.
	c.DeliverOK("bw-admin", &types.MsgOpenSession{Title: "Extraordinary session", Attendance: []string{"BW", "EU"}})
	c.Refused("ru-admin", &types.MsgOpenSession{Title: "Extraordinary session", Attendance: []string{"BW", "EU"}}, types.ErrNotChairsOfficer)
}

// TestFailedExecution: a decision the state no longer allows when it closes
// fails, is recorded with the reason, and changes nothing.
func TestFailedExecution(t *testing.T) {
	cases := []struct {
		name   string
		first  func(c *apptest.Chain) types.Decision
		second func(c *apptest.Chain) types.Decision
		want   string // the refusal's reason in the outcome
	}{
		{"India suspended twice", fixed(suspend("IN")), fixed(suspend("IN")), participanttypes.ErrParticipantStatus.Reason()},
		{"India suspended after its expulsion", fixed(expel("IN")), fixed(suspend("IN")), participanttypes.ErrParticipantStatus.Reason()},
		{"Indonesia admitted twice", func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "") },
			func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "") }, participanttypes.ErrParticipantExists.Reason()},
		{"one validator key for Indonesia and the Congo", func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "id-node") },
			func(c *apptest.Chain) types.Decision {
				return admission("CG", "Republic of the Congo", country, c.PubKey("cg-admin"), c.PubKey("id-node"))
			}, participanttypes.ErrValidatorKeyTaken.Reason()},
		{"Côte d'Ivoire embargoed twice", fixed(imposeEmbargo("CI")), fixed(imposeEmbargo("CI")), certtypes.ErrEmbargoedOrigin.Reason()},
		{"Botswana's validator rotated twice to one key", func(c *apptest.Chain) types.Decision { return rotate("BW", c.PubKey("bw-node-2006")) },
			func(c *apptest.Chain) types.Decision { return rotate("BW", c.PubKey("bw-node-2006")) }, participanttypes.ErrValidatorKeyTaken.Reason()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t)
			second := propose(t, c, "BW", tc.second(c))
			// Every elector but the last says yes: the quorum is reached,
			// yet the proposal stays open until the end of the week.
			p, _ := c.Proposal(second)
			votes(t, c, join, []uint64{second}, p.Electorate[:len(p.Electorate)-1]...)
			enact(t, c, tc.first(c))
			before := ledgerState(c)
			resp := endVoting(c)
			p, _ = c.Proposal(second)
			if p.Status != failed || !strings.Contains(p.Outcome, tc.want) || p.ClosedHeight != c.Height {
				t.Fatalf("%s %q at height %d, want failed with %q at %d", p.Status.Name(), p.Outcome, p.ClosedHeight, tc.want, c.Height)
			}
			if after := ledgerState(c); withoutProposals(after) != withoutProposals(before) {
				t.Errorf("a failed decision changed the state:\nbefore: %s\nafter:  %s", before, after)
			}
			wantUpdates(t, c, resp)
			if status, _ := apptest.EventAttr(resp.Events, types.ModuleName, "status"); status != "failed" {
				t.Errorf("plenary event status %q", status)
			}
			if len(resp.Events) != 1 {
				t.Errorf("events of a failed execution: %+v", resp.Events)
			}
		})
	}
}

// TestReadmissionStartsAfresh: the Republic of the Congo, a validator
// expelled, is admitted again without a validator key: its old validator does
// not come back, and its old officer keys are revoked; re-admitted as a
// trading entity it could not validate either.
func TestReadmissionStartsAfresh(t *testing.T) {
	c := newChain(t, withCongo)
	c.Block()
	enact(t, c, suspend("CG"))
	enact(t, c, expel("CG"))
	_, resp := decide(t, c, admission("CG", "Republic of the Congo", country, c.PubKey("cg-admin-2006"), nil))
	if len(resp.ValidatorUpdates) != 0 {
		t.Fatalf("re-admission without a validator key sent updates %v", resp.ValidatorUpdates)
	}
	if got := c.Participant("CG"); got.Validator != nil {
		t.Fatalf("the expelled validator came back: %+v", got.Validator)
	}
	var old participanttypes.QueryKeyResponse
	c.MustQuery(participanttypes.QueryKey, &participanttypes.QueryKeyRequest{Address: c.Address(admin("CG"))}, &old)
	if old.Key.Status != participanttypes.KeyStatus_KEY_STATUS_REVOKED {
		t.Fatalf("the old admin key is %s", old.Key.Status.Name())
	}
	c.Refused(admin("CG"), proposeMsg(electChair(2006, "BW", "EU")), envelope.ErrRevokedSigner)
}

// TestChairIsAnActiveVotingParticipant: an expelled or suspended participant
// cannot be elected.
func TestChairIsAnActiveVotingParticipant(t *testing.T) {
	c := newChain(t, withParticipant("LB", "Lebanon", false), withStatus("LB", expelled))
	c.Block()
	c.Refused("bw-admin", proposeMsg(electChair(2006, "LB", "BW")), types.ErrNotVoting)
	c.Refused("bw-admin", proposeMsg(electChair(2006, "BW", "LB")), types.ErrNotVoting)
}
