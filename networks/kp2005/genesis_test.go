package kp2005_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/networks/kp2005"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestGenesisOf2005 starts a chain from the 2005 genesis with 45 validators
// and reads back what the plenary documents list.
func TestGenesisOf2005(t *testing.T) {
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		kp, err := kp2005.Genesis(apptest.ChainID, kp2005.GenesisTime)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range kp2005.Participants() {
			if err := kp.AddKey(key(p.Code+"-admin").PubKey().Bytes(), envelope.Role_ROLE_ADMIN, p.Code, "Admin of "+p.Name); err != nil {
				t.Fatal(err)
			}
			if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
				if err := kp.AddValidator(p.Code, key(p.Code+"-node").PubKey().Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		}
		*g = *kp
	}))
	c.Block()

	var participants participanttypes.QueryParticipantsResponse
	c.Query(participanttypes.QueryParticipants, &participanttypes.QueryParticipantsRequest{}, &participants)
	var voting, trading int
	for _, p := range participants.Participants {
		if p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
			t.Errorf("%s is %s", p.Code, p.Status.Name())
		}
		if p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			trading++
		} else {
			voting++
		}
	}
	if voting != 45 || trading != 1 {
		t.Fatalf("%d voting participants and %d trading entities, want 45 and 1", voting, trading)
	}
	var validators participanttypes.QueryValidatorsResponse
	c.Query(participanttypes.QueryValidators, &participanttypes.QueryValidatorsRequest{}, &validators)
	if len(validators.Validators) != 45 {
		t.Fatalf("%d validators, want 45", len(validators.Validators))
	}
	var observers participanttypes.QueryObserversResponse
	c.Query(participanttypes.QueryObservers, &participanttypes.QueryObserversRequest{}, &observers)
	if len(observers.Observers) != 3 {
		t.Fatalf("%d observers, want WDC, GW and PAC", len(observers.Observers))
	}
	for year, want := range map[uint32][2]string{2005: {"RU", "BW"}, 2006: {"BW", "EU"}} {
		var chair plenarytypes.QueryChairResponse
		if q := c.Query(plenarytypes.QueryChair, &plenarytypes.QueryChairRequest{Year: year}, &chair); q.Code != 0 {
			t.Fatalf("chair %d: %s", year, q.Log)
		}
		if chair.Term.Chair != want[0] || chair.Term.ViceChair != want[1] {
			t.Fatalf("%d: chair %s vice-chair %s, want %s and %s", year, chair.Term.Chair, chair.Term.ViceChair, want[0], want[1])
		}
	}
	if q := c.Query(plenarytypes.QueryChair, &plenarytypes.QueryChairRequest{Year: 2004}, nil); q.Code != plenarytypes.ErrNoChairTerm.Code() {
		t.Fatalf("2004 chair: code %d", q.Code)
	}
}

// TestBodiesOf2005: the 2005 network's genesis holds every body of Appendix
// II with its chair, vice-chair, coordinators and members as listed, role
// placeholders resolved: KP_CHAIR to the Russian Federation and KP_VICE_CHAIR
// to Botswana in 2005, to Botswana and the European Community in 2006.
func TestBodiesOf2005(t *testing.T) {
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		kp, err := kp2005.Genesis(apptest.ChainID, kp2005.GenesisTime)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range kp2005.Participants() {
			if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY && len(kp.Registry.Validators) < 4 {
				if err := kp.AddValidator(p.Code, key(p.Code+"-node").PubKey().Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		}
		*g = *kp
	}))
	c.Block()

	var listed struct {
		WorkingGroups []map[string]any `json:"working_groups"`
		Committees    []map[string]any `json:"committees"`
	}
	if err := json.Unmarshal(kp2005.BodiesJSON, &listed); err != nil {
		t.Fatal(err)
	}
	all := append(listed.WorkingGroups, listed.Committees...)
	var bodies plenarytypes.QueryBodiesResponse
	c.Query(plenarytypes.QueryBodies, &plenarytypes.QueryBodiesRequest{Year: 2005}, &bodies)
	if len(bodies.Bodies) != len(all) || len(all) != 8 {
		t.Fatalf("%d bodies in state, %d listed", len(bodies.Bodies), len(all))
	}
	resolve2005 := map[string][]string{"KP_CHAIR": {"RU"}, "KP_VICE_CHAIR": {"BW"}, "KP_VICE_CHAIR_2005": {"BW"}, "WG_CHAIRS": {"CA", "EU", "WDC", "ZA"},
		kp2005.ToBeNominated: nil}
	holders := func(code string) []string {
		if r, ok := resolve2005[code]; ok {
			return r
		}
		return []string{code}
	}
	for _, b := range all {
		name := b["name"].(string)
		var resp plenarytypes.QueryBodyResponse
		if q := c.Query(plenarytypes.QueryBody, &plenarytypes.QueryBodyRequest{Name: name, Year: 2005}, &resp); q.Code != 0 {
			t.Fatalf("%s: %s", name, q.Log)
		}
		v := resp.Body
		if chair, ok := b["chair"].(string); ok && fmt.Sprint(v.Chair.Holders) != fmt.Sprint(holders(chair)) {
			t.Errorf("%s: chair %v, listed %s", name, v.Chair.Holders, chair)
		}
		if vice, ok := b["vice_chair"].(string); ok && fmt.Sprint(v.ViceChair.Holders) != fmt.Sprint(holders(vice)) {
			t.Errorf("%s: vice-chair %v, listed %s", name, v.ViceChair.Holders, vice)
		} else if !ok && len(v.ViceChair.Holders) != 0 {
			t.Errorf("%s: vice-chair %v, none listed", name, v.ViceChair.Holders)
		}
		for field, got := range map[string][]plenarytypes.ResolvedMember{"coordinators": v.Coordinators, "members": v.Members} {
			want, _ := b[field].([]any)
			if len(got) != len(want) {
				t.Errorf("%s: %d %s, %d listed", name, len(got), field, len(want))
				continue
			}
			for i, w := range want {
				code := w.(string)
				if got[i].Entry.Code != code || fmt.Sprint(got[i].Holders) != fmt.Sprint(holders(code)) {
					t.Errorf("%s: %s %d is %s %v, listed %s", name, field, i, got[i].Entry.Code, got[i].Holders, code)
				}
				if (code == "WDC" || code == "GW" || code == "PAC") && got[i].Entry.Kind != plenarytypes.MemberKind_MEMBER_KIND_OBSERVER {
					t.Errorf("%s: %s is not an observer entry", name, code)
				}
			}
		}
	}

	// 2006: the chair passes to Botswana, the Participation Committee's to
	// the Russian Federation.
	var selection, participation plenarytypes.QueryBodyResponse
	c.Query(plenarytypes.QueryBody, &plenarytypes.QueryBodyRequest{Name: "Selection Committee", Year: 2006}, &selection)
	c.Query(plenarytypes.QueryBody, &plenarytypes.QueryBodyRequest{Name: "Participation Committee", Year: 2006}, &participation)
	if fmt.Sprint(selection.Body.Chair.Holders) != "[BW]" || fmt.Sprint(participation.Body.Chair.Holders) != "[RU]" {
		t.Fatalf("2006 chairs: selection %v, participation %v", selection.Body.Chair.Holders, participation.Body.Chair.Holders)
	}
	// The Rules and Procedures group's vice-chair stays "to be nominated".
	var rules plenarytypes.QueryBodyResponse
	c.Query(plenarytypes.QueryBody, &plenarytypes.QueryBodyRequest{Name: "Working Group on Rules and Procedures", Year: 2005}, &rules)
	if rules.Body.ViceChair.Entry.Code != plenarytypes.RoleToBeNominated || len(rules.Body.ViceChair.Holders) != 0 {
		t.Errorf("Rules and Procedures' vice-chair %+v", rules.Body.ViceChair)
	}
}

// start2005 starts a chain of a 2005 genesis with four validators (the
// first voting participants that are active).
func start2005(t *testing.T, build func(string, time.Time) (*genesis.Document, error)) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		kp, err := build(apptest.ChainID, kp2005.GenesisTime)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range kp.Registry.Participants {
			if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY && p.Status == participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE && len(kp.Registry.Validators) < 4 {
				if err := kp.AddValidator(p.Code, key(p.Code+"-node").PubKey().Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		}
		*g = *kp
	}))
	c.Block()
	return c
}

// TestAfterMoscow: the default 2005 network records the Moscow texts — one
// resolution, two administrative decisions (statistics; the review's terms
// of reference) and one declaration — as adopted decisions, Côte d'Ivoire
// under embargo by the resolution, and the 2004 figures as the statistics
// reported for 2004.
func TestAfterMoscow(t *testing.T) {
	c := start2005(t, kp2005.Genesis)
	var proposals plenarytypes.QueryProposalsResponse
	c.Query(plenarytypes.QueryProposals, &plenarytypes.QueryProposalsRequest{}, &proposals)
	var kinds []string
	for _, p := range proposals.Proposals {
		if p.Status != plenarytypes.ProposalStatus_PROPOSAL_STATUS_ADOPTED || p.AdoptedAt != kp2005.ClosingTime.Unix() {
			t.Errorf("proposal %d %s adopted at %d", p.Id, p.Status.Name(), p.AdoptedAt)
		}
		kinds = append(kinds, p.Decision.Kind())
	}
	if fmt.Sprint(kinds) != "[administrative-decision declaration administrative-decision resolution]" {
		t.Errorf("the Moscow texts, newest first: %v", kinds)
	}
	var ci plenarytypes.QueryDecisionResponse
	if q := c.Query(plenarytypes.QueryDecision, &plenarytypes.QueryDecisionRequest{Id: 1, Language: "en"}, &ci); q.Code != 0 || ci.Proposal.Decision.Summary() != "Resolution on Côte d'Ivoire" {
		t.Errorf("the resolution: %s %s", q.Log, ci.Proposal.Decision.Summary())
	}
	var annual stattypes.QueryAnnualResponse
	c.Query(stattypes.QueryAnnual, &stattypes.QueryAnnualRequest{Year: 2004}, &annual)
	if r := annual.Reported; r == nil || r.ProductionCarats != 160_000_000_00 || r.ImportsValueUsd != 32_000_000_000_00 || r.Certificates != 56791 {
		t.Errorf("2004 reported: %+v", annual.Reported)
	}
	var embargoes certtypes.QueryEmbargoesResponse
	c.Query(certtypes.QueryEmbargoes, &certtypes.QueryEmbargoesRequest{}, &embargoes)
	if len(embargoes.Embargoes) != 2 || embargoes.Embargoes[0].Origin != "CI" || embargoes.Embargoes[0].Reference != kp2005.CoteDIvoireResolution ||
		embargoes.Embargoes[1].Issuer != "CI" || embargoes.Embargoes[1].Reference != kp2005.CoteDIvoireResolution {
		t.Errorf("embargoes %+v", embargoes.Embargoes)
	}
}

// TestBeforeMoscow: the 2005 network as the plenary opened — Indonesia an
// applicant, Lebanon removed, no 2006 term, no Moscow text, no embargo yet,
// the Participation Committee chaired by Canada in 2006 too (the plenary
// chose the Russian Federation); the 2004 figures reported.
func TestBeforeMoscow(t *testing.T) {
	c := start2005(t, kp2005.GenesisBeforeMoscow)
	for code, want := range kp2005.Applicants {
		if got := c.Participant(code).Participant.Status; got != want {
			t.Errorf("%s %s, want %s", code, got.Name(), want.Name())
		}
	}
	if q := c.Query(plenarytypes.QueryChair, &plenarytypes.QueryChairRequest{Year: 2006}, nil); q.Code != plenarytypes.ErrNoChairTerm.Code() {
		t.Errorf("2006 chair: code %d", q.Code)
	}
	var proposals plenarytypes.QueryProposalsResponse
	c.Query(plenarytypes.QueryProposals, &plenarytypes.QueryProposalsRequest{}, &proposals)
	var embargoes certtypes.QueryEmbargoesResponse
	c.Query(certtypes.QueryEmbargoes, &certtypes.QueryEmbargoesRequest{}, &embargoes)
	if len(proposals.Proposals) != 0 || len(embargoes.Embargoes) != 0 {
		t.Errorf("proposals %d, embargoes %d", len(proposals.Proposals), len(embargoes.Embargoes))
	}
	var participation plenarytypes.QueryBodyResponse
	c.Query(plenarytypes.QueryBody, &plenarytypes.QueryBodyRequest{Name: "Participation Committee", Year: 2006}, &participation)
	if fmt.Sprint(participation.Body.Chair.Holders) != "[CA]" {
		t.Errorf("the Participation Committee's 2006 chair %v", participation.Body.Chair.Holders)
	}
	var annual stattypes.QueryAnnualResponse
	c.Query(stattypes.QueryAnnual, &stattypes.QueryAnnualRequest{Year: 2004}, &annual)
	if annual.Reported == nil {
		t.Error("2004 figures not reported")
	}
}

// TestValidatorOrder: the 2005 Chair and Vice-Chair and the largest
// producers validate first, not the first in alphabetical order.
func TestValidatorOrder(t *testing.T) {
	var voters []string
	for _, p := range kp2005.Participants() {
		if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			voters = append(voters, p.Code)
		}
	}
	if got := kp2005.ValidatorOrder(voters); fmt.Sprint(got[:4]) != "[RU BW ZA CA]" || len(got) != 45 {
		t.Errorf("order %v", got)
	}
}
