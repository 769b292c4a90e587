package keeper_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestWhoMayPropose: an admin officer of an active country or of the REIO
// proposes; a trading entity, a suspended or an expelled participant does
// not; observers and officers of other roles are stopped by the envelope.
func TestWhoMayPropose(t *testing.T) {
	cases := []struct {
		name  string
		edits []edit
		key   string
		want  *refusal.Error // nil: accepted
	}{
		{"Botswana's admin officer proposes", nil, "bw-admin", nil},
		{"the European Community's admin officer proposes", nil, "eu-admin", nil},
		{"Chinese Taipei, a trading entity, does not", nil, "tw-admin", types.ErrNotVoting},
		{"India, suspended, does not", []edit{withStatus("IN", suspended)}, "in-admin", types.ErrNotVoting},
		{"India, expelled, does not", []edit{withStatus("IN", expelled)}, "in-admin", types.ErrNotVoting},
		{"the World Diamond Council, an observer, does not", nil, "wdc-observer", envelope.ErrUnauthorized},
		{"Botswana's issuer officer does not", nil, "bw-issuer", envelope.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, tc.edits...)
			msg := proposeMsg(electChair(2006, "BW", "EU"))
			if tc.want != nil {
				c.Refused(tc.key, msg, tc.want)
				return
			}
			c.DeliverOK(tc.key, msg)
			p, _ := c.Proposal(1)
			code := strings.ToUpper(tc.key[:2])
			if p.Proposer != code || p.ProposerSigner != c.Address(tc.key) || p.Status != voting ||
				p.SubmittedHeight != c.Height || p.SubmittedAt != c.Time.Unix() || p.VotingEndsAt != c.Time.Add(votingPeriod).Unix() {
				t.Errorf("proposal %+v", p)
			}
		})
	}
}

// TestElectorateFixedAtSubmission: the electorate is the active voting
// participants at submission, in code order, the subject of a membership
// decision included (the Core Document: India takes part in the consensus
// on its own suspension, probe PL1).
func TestElectorateFixedAtSubmission(t *testing.T) {
	cases := []struct {
		name       string
		edits      []edit
		decision   types.Decision
		electorate []string
		subject    string
	}{
		{"a chair election: the five voting participants", nil,
			electChair(2006, "BW", "EU"), []string{"BW", "EU", "IN", "RU", "ZA"}, ""},
		{"India's suspension: India is part of the consensus", nil,
			suspend("IN"), []string{"BW", "EU", "IN", "RU", "ZA"}, "IN"},
		{"with India suspended: four electors", []edit{withStatus("IN", suspended)},
			imposeEmbargo("CI"), []string{"BW", "EU", "RU", "ZA"}, ""},
		{"Lebanon's re-admission: the expelled subject is no elector", []edit{withParticipant("LB", "Lebanon", false), withStatus("LB", expelled)},
			admission("LB", "Lebanon", country, make32(7), nil), []string{"BW", "EU", "IN", "RU", "ZA"}, "LB"},
		{"a seventh participant: six electors", []edit{withParticipant("CG", "Republic of the Congo", false)},
			electChair(2006, "BW", "EU"), []string{"BW", "CG", "EU", "IN", "RU", "ZA"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, tc.edits...)
			p, _ := c.Proposal(propose(t, c, "BW", tc.decision))
			if !slices.Equal(p.Electorate, tc.electorate) || p.Subject != tc.subject || p.Procedure != types.Procedure_PROCEDURE_WRITTEN {
				t.Errorf("electorate %v subject %q procedure %s, want %v %q written", p.Electorate, p.Subject, p.Procedure.Name(), tc.electorate, tc.subject)
			}
		})
	}
}

// TestExcludeSubjectParameter: with the plenary's exclude_subject parameter
// (a departure from the Core Document) the subject of a membership decision
// is left out; other decisions are unaffected.
func TestExcludeSubjectParameter(t *testing.T) {
	c := newChain(t)
	enact(t, c, changeParams(types.ParamsChange{Plenary: &types.Params{VotingPeriod: 7 * types.Day, ExcludeSubject: true}}))
	p, _ := c.Proposal(propose(t, c, "BW", suspend("IN")))
	if want := []string{"BW", "EU", "RU", "ZA"}; !slices.Equal(p.Electorate, want) {
		t.Errorf("suspension of India: electorate %v, want %v", p.Electorate, want)
	}
	c.Refused("in-admin", voteMsg(p.Id, object), types.ErrNotElector)
	p, _ = c.Proposal(propose(t, c, "BW", electChair(2006, "IN", "EU")))
	if want := []string{"BW", "EU", "IN", "RU", "ZA"}; !slices.Equal(p.Electorate, want) {
		t.Errorf("a chair election: electorate %v, want %v", p.Electorate, want)
	}
}

// TestElectorateKeepsItsShape: a participant suspended after submission is
// still an elector but may take no position; one admitted after submission
// is no elector.
func TestElectorateKeepsItsShape(t *testing.T) {
	c := newChain(t)
	chair := propose(t, c, "BW", electChair(2006, "BW", "EU"))
	enact(t, c, suspend("IN"))
	enact(t, c, admit(c, "ID", "Indonesia", ""))

	p, _ := c.Proposal(chair)
	if want := []string{"BW", "EU", "IN", "RU", "ZA"}; !slices.Equal(p.Electorate, want) {
		t.Fatalf("electorate %v after India's suspension and Indonesia's admission, want %v", p.Electorate, want)
	}
	c.Refused("in-admin", voteMsg(chair, join), types.ErrNotVoting)
	c.Refused("id-admin", voteMsg(chair, join), types.ErrNotElector)

	// The four who can still take a position join; it is adopted at its
	// deadline (India silent), though not at once: India might have objected.
	votes(t, c, join, []uint64{chair}, "BW", "EU", "RU", "ZA")
	if p, _ := c.Proposal(chair); p.Status != voting {
		t.Fatalf("closed before the deadline with India silent: %s", p.Status.Name())
	}
	endVoting(c)
	p, tally := c.Proposal(chair)
	if p.Status != passed || tally != (types.Tally{Join: 4, Silent: 1}) {
		t.Errorf("%s %q, tally %+v", p.Status.Name(), p.Outcome, tally)
	}
}

// make32 is a well-formed key of 32 bytes, b repeated.
func make32(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// TestProposalRefusals: each decision is checked at submission, without
// state (by the envelope, which consumes no sequence) and against the state;
// a refused proposal records nothing.
func TestProposalRefusals(t *testing.T) {
	short := make([]byte, 31)
	copy(short, make32(9))
	zeros := make([]byte, 32)
	cases := []struct {
		name     string
		edits    []edit
		decision func(c *apptest.Chain) types.Decision
		want     *refusal.Error
	}{
		// Membership.
		{name: "suspend India, already suspended", edits: []edit{withStatus("IN", suspended)},
			decision: fixed(suspend("IN")), want: participanttypes.ErrParticipantStatus},
		{name: "reinstate South Africa, active", decision: fixed(reinstate("ZA")), want: participanttypes.ErrParticipantStatus},
		{name: "expel India, already expelled", edits: []edit{withStatus("IN", expelled)},
			decision: fixed(expel("IN")), want: participanttypes.ErrParticipantStatus},
		{name: "suspend Namibia, not a participant", decision: fixed(suspend("NA")), want: participanttypes.ErrUnknownParticipant},
		{name: "suspend a lower-case code", decision: fixed(suspend("in")), want: participanttypes.ErrInvalidCode},
		{name: "admit Botswana, active", decision: func(c *apptest.Chain) types.Decision { return admit(c, "BW", "Botswana", "") },
			want: participanttypes.ErrParticipantExists},
		{name: "admit Indonesia with Botswana's issuer key as its admin", want: participanttypes.ErrKeyRegistered,
			decision: func(c *apptest.Chain) types.Decision {
				return admission("ID", "Indonesia", country, c.PubKey("bw-issuer"), nil)
			}},
		{name: "admit a trading entity with a validator", want: participanttypes.ErrInvalidKind,
			decision: func(c *apptest.Chain) types.Decision {
				return admission("HK", "Hong Kong", tradingEntity, c.PubKey("hk-admin"), c.PubKey("hk-node"))
			}},
		{name: "admit Indonesia of no kind", want: participanttypes.ErrInvalidKind,
			decision: func(c *apptest.Chain) types.Decision {
				return admission("ID", "Indonesia", participanttypes.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED, c.PubKey("id-admin"), nil)
			}},
		// Validator keys: 32 bytes, not zero, held by nobody else.
		{name: "admit Indonesia with a validator key of 31 bytes", want: participanttypes.ErrInvalidPubKey,
			decision: func(c *apptest.Chain) types.Decision {
				return admission("ID", "Indonesia", country, c.PubKey("id-admin"), short)
			}},
		{name: "admit Indonesia with an all-zero validator key", want: participanttypes.ErrInvalidPubKey,
			decision: func(c *apptest.Chain) types.Decision {
				return admission("ID", "Indonesia", country, c.PubKey("id-admin"), zeros)
			}},
		{name: "admit Indonesia with an admin key of 31 bytes", want: participanttypes.ErrInvalidPubKey,
			decision: fixed(admission("ID", "Indonesia", country, short, nil))},
		{name: "admit Indonesia with Russia's validator key", want: participanttypes.ErrValidatorKeyTaken,
			decision: func(c *apptest.Chain) types.Decision { return admit(c, "ID", "Indonesia", "ru-node") }},
		{name: "rotate South Africa's validator to a key of 31 bytes", decision: fixed(rotate("ZA", short)),
			want: participanttypes.ErrInvalidPubKey},
		{name: "rotate South Africa's validator to all zeros", decision: fixed(rotate("ZA", zeros)),
			want: participanttypes.ErrInvalidPubKey},
		{name: "rotate South Africa's validator to Botswana's key", want: participanttypes.ErrValidatorKeyTaken,
			decision: func(c *apptest.Chain) types.Decision { return rotate("ZA", c.PubKey("bw-node")) }},
		{name: "rotate South Africa's validator to its current key", want: participanttypes.ErrValidatorKeyTaken,
			decision: func(c *apptest.Chain) types.Decision { return rotate("ZA", c.PubKey("za-node")) }},
		{name: "rotate India's validator: it runs none", want: participanttypes.ErrNoValidator,
			decision: func(c *apptest.Chain) types.Decision { return rotate("IN", c.PubKey("in-node")) }},
		{name: "a reinstatement that grandfathers goods", want: types.ErrInvalidDecision,
			decision: fixed(types.Decision{Content: &types.Decision_Reinstate{Reinstate: &types.ParticipantAction{Code: "IN", GrandfatherCertified: true}}})},
		// Embargoes.
		{name: "lift an embargo on Côte d'Ivoire not in force", decision: fixed(liftEmbargo("CI")), want: types.ErrInvalidDecision},
		{name: "impose an embargo on Côte d'Ivoire already in force", edits: []edit{withEmbargo("CI")},
			decision: fixed(imposeEmbargo("CI")), want: types.ErrInvalidDecision},
		{name: "impose an embargo on a malformed origin", decision: fixed(imposeEmbargo("CIV")), want: participanttypes.ErrInvalidCode},
		// The chair.
		{name: "elect Chinese Taipei, a trading entity, chair", decision: fixed(electChair(2006, "TW", "BW")), want: types.ErrNotVoting},
		{name: "elect Namibia, not a participant, vice-chair", decision: fixed(electChair(2006, "BW", "NA")), want: participanttypes.ErrUnknownParticipant},
		{name: "elect Botswana chair and vice-chair", decision: fixed(electChair(2006, "BW", "BW")), want: types.ErrInvalidDecision},
		{name: "elect a chair for the year 1999", decision: fixed(electChair(1999, "BW", "EU")), want: types.ErrInvalidYear},
		// Parameters.
		{name: "a written procedure of more than a year", want: types.ErrInvalidParams,
			decision: fixed(changeParams(types.ParamsChange{Plenary: &types.Params{VotingPeriod: 366 * types.Day}}))},
		{name: "a written procedure of no time", want: types.ErrInvalidParams,
			decision: fixed(changeParams(types.ParamsChange{Plenary: &types.Params{ExcludeSubject: true}}))},
		{name: "certificates valid for no time", want: certtypes.ErrInvalidParams,
			decision: fixed(changeParams(types.ParamsChange{Certificate: &certtypes.Params{MaxValidity: 0, ConfirmationDeadline: 15 * 86400}}))},
		{name: "a mirror tolerance of zero", want: stattypes.ErrInvalidParams,
			decision: fixed(changeParams(types.ParamsChange{Monitoring: &stattypes.Params{ProductionDeadlineMonths: 2, PriceFactorPercent: 300}}))},
		{name: "a parameter change that changes nothing", decision: fixed(changeParams(types.ParamsChange{})), want: types.ErrInvalidDecision},
		{name: "an empty decision", decision: fixed(types.Decision{}), want: types.ErrInvalidDecision},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, tc.edits...)
			c.Refused("bw-admin", proposeMsg(tc.decision(c)), tc.want)
		})
	}
}

func fixed(d types.Decision) func(*apptest.Chain) types.Decision {
	return func(*apptest.Chain) types.Decision { return d }
}

// TestRationale: a rationale is optional, at most 4 KiB of printable UTF-8.
func TestRationale(t *testing.T) {
	c := newChain(t)
	msg := proposeMsg(electChair(2006, "BW", "EU"))
	msg.Rationale = "Proposed by\tBotswana"
	c.Refused("bw-admin", msg, types.ErrInvalidRationale)
	msg.Rationale = ""
	c.DeliverOK("bw-admin", msg)
	var resp types.QueryProposalsResponse
	c.MustQuery(types.QueryProposals, &types.QueryProposalsRequest{}, &resp)
	if len(resp.Proposals) != 1 {
		t.Fatalf("%d proposals", len(resp.Proposals))
	}
}

// TestEmptyElectorate: with every other voting participant suspended and
// the subject excluded by the plenary's parameters, Botswana cannot put its
// own expulsion to a plenary of nobody; a decision about another has
// Botswana as its one elector.
func TestEmptyElectorate(t *testing.T) {
	c := newChain(t, onlyValidator("BW"), excludingSubject,
		withStatus("EU", suspended), withStatus("ZA", suspended), withStatus("RU", suspended), withStatus("IN", suspended))
	c.Refused("bw-admin", proposeMsg(expel("BW")), types.ErrEmptyElectorate)
	id := propose(t, c, "BW", reinstate("EU"))
	if p, _ := c.Proposal(id); !slices.Equal(p.Electorate, []string{"BW"}) {
		t.Fatalf("electorate %v", p.Electorate)
	}
	vote(t, c, "BW", id, join)
	if p, _ := c.Proposal(id); p.Status != passed || statusOf(c, "EU") != active {
		t.Errorf("%s %q", p.Status.Name(), p.Outcome)
	}
}
