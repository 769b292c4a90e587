package keeper_test

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// day is a day of block time; votingPeriod is the plenary's default week.
const (
	day          = 24 * time.Hour
	votingPeriod = 7 * day
)

const (
	join       = types.VoteOption_VOTE_OPTION_JOIN
	object     = types.VoteOption_VOTE_OPTION_OBJECT
	standAside = types.VoteOption_VOTE_OPTION_STAND_ASIDE

	voting   = types.ProposalStatus_PROPOSAL_STATUS_VOTING
	passed   = types.ProposalStatus_PROPOSAL_STATUS_PASSED
	rejected = types.ProposalStatus_PROPOSAL_STATUS_REJECTED
	failed   = types.ProposalStatus_PROPOSAL_STATUS_FAILED

	active    = participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE
	suspended = participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED
	expelled  = participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED

	country       = participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY
	tradingEntity = participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY
)

// power is every validator's voting power.
const power = participanttypes.ValidatorPower

// ---- the network ----

// edit changes the fixture's genesis; key(name) is the chain's deterministic
// key of that name.
type edit func(g *genesis.Document, key func(name string) ed25519.PrivKey)

// newChain starts the fixture network (BW, EU, ZA and RU validating, IN
// voting without a node, the trading entity TW, the observer WDC) with the
// edits, and commits an empty first block so that queries read saved state.
func newChain(t testing.TB, edits ...edit) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		for _, e := range edits {
			e(g, key)
		}
	}))
	c.Block()
	return c
}

// withStatus gives a participant another status at genesis (genesis refuses
// validators of non-active participants: use it on India or a newcomer).
func withStatus(code string, s participanttypes.ParticipantStatus) edit {
	return func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		for i := range g.Registry.Participants {
			if g.Registry.Participants[i].Code == code {
				g.Registry.Participants[i].Status = s
				return
			}
		}
		panic("withStatus: no participant " + code)
	}
}

// withParticipant adds a country at genesis with an admin officer
// "<code>-admin" and, when it runs a node, the validator key "<code>-node".
func withParticipant(code, name string, node bool) edit {
	return func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		must(g.AddParticipant(code, name, country))
		must(g.AddKey(key(admin(code)).PubKey().Bytes(), envelope.Role_ROLE_ADMIN, code, admin(code)))
		if node {
			must(g.AddValidator(code, key(nodeOf(code)).PubKey().Bytes()))
		}
	}
}

// withCongo adds the Republic of the Congo as a fifth validator, so that one
// validator can leave while four remain.
var withCongo = withParticipant("CG", "Republic of the Congo", true)

// withEmbargo puts an origin under embargo at genesis.
func withEmbargo(origin string) edit {
	return func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		must(g.AddEmbargo(origin, "KP plenary resolution on "+origin+", 2005"))
	}
}

// onlyValidator keeps one fixture participant's validator at genesis, so
// that the others may be given another status.
func onlyValidator(code string) edit {
	return func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		for _, v := range g.Registry.Validators {
			if v.Participant == code {
				g.Registry.Validators = []participanttypes.Validator{v}
				return
			}
		}
		panic("onlyValidator: no validator of " + code)
	}
}

// excludingSubject sets the plenary's exclude_subject parameter at genesis.
func excludingSubject(g *genesis.Document, _ func(string) ed25519.PrivKey) {
	g.Plenary.Params.ExcludeSubject = true
}

// withChair records a year's chair and vice-chair at genesis.
func withChair(year uint32, chair, viceChair string) edit {
	return func(g *genesis.Document, _ func(string) ed25519.PrivKey) { must(g.SetChair(year, chair, viceChair)) }
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// admin is the name of a participant's admin officer key ("bw-admin").
func admin(code string) string { return apptest.KeyName(code, "admin") }

// nodeOf is the name of a participant's validator key ("bw-node").
func nodeOf(code string) string { return apptest.KeyName(code, "node") }

// nodeNames are the validator keys the tests use, to name the keys of
// CometBFT's set and of validator updates.
var nodeNames = []string{"bw-node", "eu-node", "za-node", "ru-node", "in-node", "cg-node", "id-node", "bw-node-2006", "cg-node-2006"}

// ---- decisions ----

func suspend(code string) types.Decision {
	return types.Decision{Content: &types.Decision_Suspend{Suspend: &types.ParticipantAction{Code: code}}}
}

func reinstate(code string) types.Decision {
	return types.Decision{Content: &types.Decision_Reinstate{Reinstate: &types.ParticipantAction{Code: code}}}
}

func expel(code string) types.Decision {
	return types.Decision{Content: &types.Decision_Expel{Expel: &types.ParticipantAction{Code: code}}}
}

// admission admits a participant with raw keys (validatorKey may be nil).
func admission(code, name string, kind participanttypes.ParticipantKind, adminKey, validatorKey []byte) types.Decision {
	return types.Decision{Content: &types.Decision_Admit{Admit: &types.Admit{
		Code: code, Name: name, Kind: kind, AdminPubKey: adminKey, AdminName: admin(code), ValidatorPubKey: validatorKey,
	}}}
}

// admit admits a country with the admin key "<code>-admin" and, unless node
// is empty, the validator key of that name.
func admit(c *apptest.Chain, code, name, node string) types.Decision {
	var validator []byte
	if node != "" {
		validator = c.PubKey(node)
	}
	return admission(code, name, country, c.PubKey(admin(code)), validator)
}

func rotate(code string, key []byte) types.Decision {
	return types.Decision{Content: &types.Decision_RotateValidator{RotateValidator: &types.RotateValidator{Code: code, ValidatorPubKey: key}}}
}

func imposeEmbargo(origin string) types.Decision {
	return types.Decision{Content: &types.Decision_ImposeEmbargo{ImposeEmbargo: &types.OriginEmbargo{Origin: origin}}}
}

func liftEmbargo(origin string) types.Decision {
	return types.Decision{Content: &types.Decision_LiftEmbargo{LiftEmbargo: &types.OriginEmbargo{Origin: origin}}}
}

func changeParams(p types.ParamsChange) types.Decision {
	return types.Decision{Content: &types.Decision_Params{Params: &p}}
}

func electChair(year uint32, chair, viceChair string) types.Decision {
	return types.Decision{Content: &types.Decision_ElectChair{ElectChair: &types.ChairElection{Year: year, Chair: chair, ViceChair: viceChair}}}
}

// replaceChair replaces the term recorded for a year.
func replaceChair(year uint32, chair, viceChair string) types.Decision {
	return types.Decision{Content: &types.Decision_ElectChair{ElectChair: &types.ChairElection{Year: year, Chair: chair, ViceChair: viceChair, Replacement: true}}}
}

// succession has the Vice-Chair succeed the Chair for a year.
func succession(year uint32, viceChair string, replacement bool) types.Decision {
	return types.Decision{Content: &types.Decision_ElectChair{ElectChair: &types.ChairElection{Year: year, ViceChair: viceChair, Succession: true, Replacement: replacement}}}
}

// ---- transactions ----

func proposeMsg(d types.Decision) *types.MsgPropose {
	return &types.MsgPropose{Decision: d, Rationale: "Recommended by the Participation Committee."}
}

func voteMsg(id uint64, o types.VoteOption) *types.MsgVote {
	return &types.MsgVote{ProposalId: id, Option: o}
}

// propose puts d to the plenary, signed by code's admin officer in a block
// of its own, and returns the new proposal's id.
func propose(t testing.TB, c *apptest.Chain, code string, d types.Decision) uint64 {
	t.Helper()
	res := c.DeliverOK(admin(code), proposeMsg(d))
	v, ok := apptest.EventAttr(res.Events, types.ModuleName, "proposal_id")
	if !ok {
		t.Fatalf("%s proposes %s: no plenary.proposal_id event", code, d.Kind())
	}
	var id uint64
	if _, err := fmt.Sscan(v, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// vote casts code's vote on a proposal in a block of its own.
func vote(t testing.TB, c *apptest.Chain, code string, id uint64, o types.VoteOption) *abci.FinalizeBlockResponse {
	t.Helper()
	return votes(t, c, o, []uint64{id}, code)
}

// votes puts, in one block, one transaction per participant casting its
// vote o on every proposal of ids; each must be accepted. It returns the
// block's response.
func votes(t testing.TB, c *apptest.Chain, o types.VoteOption, ids []uint64, codes ...string) *abci.FinalizeBlockResponse {
	t.Helper()
	var txs [][]byte
	for _, code := range codes {
		var msgs []envelope.Message
		for _, id := range ids {
			msgs = append(msgs, voteMsg(id, o))
		}
		txs = append(txs, c.Tx(admin(code), msgs...))
	}
	resp := c.Block(txs...)
	for i, res := range resp.TxResults {
		if res.Code != 0 {
			t.Fatalf("%s votes %s on %v: code %d (%s)", codes[i], o.Name(), ids, res.Code, res.Log)
		}
	}
	return resp
}

// decide puts d to the plenary (proposed by the first active voting
// participant other than its subject) and has every elector vote yes in the
// next block, where it closes. It returns the closed proposal and that
// block's response (its validator updates).
func decide(t testing.TB, c *apptest.Chain, d types.Decision) (types.Proposal, *abci.FinalizeBlockResponse) {
	t.Helper()
	id := propose(t, c, proposerFor(t, c, d.Subject()), d)
	p, _ := c.Proposal(id)
	resp := votes(t, c, join, []uint64{id}, p.Electorate...)
	p, _ = c.Proposal(id)
	if p.Status == voting {
		t.Fatalf("proposal %d (%s) still voting after every elector said yes", id, d.Kind())
	}
	return p, resp
}

// enact is decide for a decision that must pass.
func enact(t testing.TB, c *apptest.Chain, d types.Decision) *abci.FinalizeBlockResponse {
	t.Helper()
	p, resp := decide(t, c, d)
	if p.Status != passed {
		t.Fatalf("proposal %d (%s) %s: %s", p.Id, d.Kind(), p.Status.Name(), p.Outcome)
	}
	return resp
}

// proposerFor is the first active voting participant other than subject.
func proposerFor(t testing.TB, c *apptest.Chain, subject string) string {
	t.Helper()
	var resp participanttypes.QueryParticipantsResponse
	c.MustQuery(participanttypes.QueryParticipants, &participanttypes.QueryParticipantsRequest{}, &resp)
	for _, p := range resp.Participants {
		if p.Code != subject && p.Status == active && p.Kind != tradingEntity {
			return p.Code
		}
	}
	t.Fatal("no participant may propose")
	return ""
}

// endVoting lets the voting period pass and commits the block that closes
// what was open, returning its response.
func endVoting(c *apptest.Chain) *abci.FinalizeBlockResponse {
	c.Skip(votingPeriod)
	return c.Block()
}

// ---- outcomes ----

// failureOf is the detail of a proposal's failure at execution, from the
// "closed" event of the block that closed it (the state keeps only the code).
func failureOf(resp *abci.FinalizeBlockResponse, id uint64) string {
	for _, e := range resp.Events {
		if e.Type != types.ModuleName {
			continue
		}
		var thisOne, closed bool
		var failure string
		for _, a := range e.Attributes {
			switch {
			case a.Key == "proposal_id":
				thisOne = a.Value == fmt.Sprint(id)
			case a.Key == "action":
				closed = a.Value == "closed"
			case a.Key == "failure":
				failure = a.Value
			}
		}
		if thisOne && closed {
			return failure
		}
	}
	return ""
}

// statusOf is a participant's status.
func statusOf(c *apptest.Chain, code string) participanttypes.ParticipantStatus {
	c.T().Helper()
	return c.Participant(code).Participant.Status
}

// ledgerState renders, as queries show it, what plenary decisions change:
// proposals (with their votes), the plenary's parameters, chair terms and
// reviews; participants and validators; embargoes and the certificate and
// monitoring parameters. Two equal renderings are two equal states. (A
// refusal changes no module's state, which Chain.Refused checks; a failed
// decision changes its proposal and nothing else, which withoutProposals
// lets a test check.)
func ledgerState(c *apptest.Chain) string {
	c.T().Helper()
	var b strings.Builder
	render := func(label, path string, req apptest.Request, resp interface {
		apptest.Response
		proto.Message
	}) {
		c.MustQuery(path, req, resp)
		b.WriteString(label + " " + proto.CompactTextString(resp) + "\n")
	}
	render("proposals", types.QueryProposals, &types.QueryProposalsRequest{Limit: types.MaxPageSize}, &types.QueryProposalsResponse{})
	render("plenary params", types.QueryParams, &types.QueryParamsRequest{}, &types.QueryParamsResponse{})
	render("chairs", types.QueryChairs, &types.QueryChairsRequest{}, &types.QueryChairsResponse{})
	render("reviews", types.QueryReviews, &types.QueryReviewsRequest{}, &types.QueryReviewsResponse{})
	render("participants", participanttypes.QueryParticipants, &participanttypes.QueryParticipantsRequest{}, &participanttypes.QueryParticipantsResponse{})
	render("validators", participanttypes.QueryValidators, &participanttypes.QueryValidatorsRequest{}, &participanttypes.QueryValidatorsResponse{})
	render("embargoes", certtypes.QueryEmbargoes, &certtypes.QueryEmbargoesRequest{}, &certtypes.QueryEmbargoesResponse{})
	render("certificate params", certtypes.QueryParams, &certtypes.QueryParamsRequest{}, &certtypes.QueryParamsResponse{})
	render("monitoring params", stattypes.QueryParams, &stattypes.QueryParamsRequest{}, &stattypes.QueryParamsResponse{})
	return b.String()
}

// withoutProposals is a rendering of ledgerState less its proposals line:
// what a decision changes besides its own record.
func withoutProposals(state string) string {
	_, rest, _ := strings.Cut(state, "\n")
	return rest
}

// ---- the validator set ----

// keyName names a validator key by its bytes (or shows them in hex).
func keyName(c *apptest.Chain, pubKey []byte) string {
	for _, n := range nodeNames {
		if string(c.PubKey(n)) == string(pubKey) {
			return n
		}
	}
	return hex.EncodeToString(pubKey)
}

// updatesOf renders a block's validator updates as "key=power", sorted by
// name; it fails the test if a key has two updates.
func updatesOf(t testing.TB, c *apptest.Chain, resp *abci.FinalizeBlockResponse) []string {
	t.Helper()
	seen := map[string]bool{}
	out := []string{}
	for _, u := range resp.ValidatorUpdates {
		name := keyName(c, u.PubKeyBytes)
		if seen[name] {
			t.Errorf("two updates of %s in one block: %v", name, resp.ValidatorUpdates)
		}
		seen[name] = true
		out = append(out, fmt.Sprintf("%s=%d", name, u.Power))
	}
	sort.Strings(out)
	return out
}

// wantUpdates checks a block's validator updates ("cg-node=0").
func wantUpdates(t testing.TB, c *apptest.Chain, resp *abci.FinalizeBlockResponse, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := updatesOf(t, c, resp); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("validator updates %v, want %v", got, want)
	}
}

// cometSet is CometBFT's validator set of the next block as "key=power",
// sorted.
func cometSet(c *apptest.Chain) []string {
	names := map[string]string{}
	for _, n := range nodeNames {
		names[string(c.Key(n).PubKey().Address())] = n
	}
	out := []string{}
	for address, p := range c.Validators() {
		name, ok := names[address]
		if !ok {
			name = hex.EncodeToString([]byte(address))
		}
		out = append(out, fmt.Sprintf("%s=%d", name, p))
	}
	sort.Strings(out)
	return out
}

// wantCometSet checks CometBFT's validator set of the next block: each
// named key at full power.
func wantCometSet(t testing.TB, c *apptest.Chain, names ...string) {
	t.Helper()
	want := make([]string, len(names))
	for i, n := range names {
		want[i] = fmt.Sprintf("%s=%d", n, power)
	}
	sort.Strings(want)
	if got := cometSet(c); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("CometBFT's validator set %v, want %v", got, want)
	}
}

// appValidators is the participant module's Validators query as
// "participant:key", in participant order.
func appValidators(c *apptest.Chain) []string {
	c.T().Helper()
	var resp participanttypes.QueryValidatorsResponse
	c.MustQuery(participanttypes.QueryValidators, &participanttypes.QueryValidatorsRequest{}, &resp)
	out := []string{}
	for _, v := range resp.Validators {
		out = append(out, v.Participant+":"+keyName(c, v.PubKey))
	}
	return out
}
