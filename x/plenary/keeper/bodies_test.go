package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

func participantMember(code string) types.Member {
	return types.Member{Code: code, Kind: types.MemberKind_MEMBER_KIND_PARTICIPANT}
}

func role(code string) types.Member {
	return types.Member{Code: code, Kind: types.MemberKind_MEMBER_KIND_ROLE}
}

// selectionCommittee is chaired by whoever is KP Chair.
func selectionCommittee() types.Body {
	return types.Body{Name: "Selection Committee", Kind: types.BodyKind_BODY_KIND_COMMITTEE, Composition: types.Composition{
		Chairs:  []types.Officer{{Holder: role(types.RoleKPChair), FromYear: 2005}},
		Members: []types.Member{participantMember("BW"), participantMember("ZA"), role(types.RoleKPViceChair), {Code: "WDC", Kind: types.MemberKind_MEMBER_KIND_OBSERVER}},
	}}
}

func withBodies(bodies ...types.Body) edit {
	return func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		g.Plenary.Bodies = append(g.Plenary.Bodies, bodies...)
	}
}

// TestRolesFollowTheChair: the Selection Committee's chair is KP_CHAIR; it
// resolves to the Russian Federation in 2005 and to whoever the plenary
// elects for 2007.
func TestRolesFollowTheChair(t *testing.T) {
	c := newChain(t, withChair(2005, "RU", "BW"), withBodies(selectionCommittee()))
	c.Block()
	view := func(year uint32) types.BodyView {
		var resp types.QueryBodyResponse
		c.MustQuery(types.QueryBody, &types.QueryBodyRequest{Name: "Selection Committee", Year: year}, &resp)
		return resp.Body
	}
	if v := view(2005); fmt.Sprint(v.Chair.Holders) != "[RU]" || fmt.Sprint(v.Members[2].Holders) != "[BW]" {
		t.Fatalf("2005: chair %v, vice-chair member %v", v.Chair.Holders, v.Members[2].Holders)
	}
	if v := view(2007); len(v.Chair.Holders) != 0 {
		t.Fatalf("2007 before the election: chair %v", v.Chair.Holders)
	}
	enact(t, c, electChair(2007, "ZA", "EU"))
	if v := view(2007); fmt.Sprint(v.Chair.Holders) != "[ZA]" || fmt.Sprint(v.Members[2].Holders) != "[EU]" || v.Members[3].Entry.Kind != types.MemberKind_MEMBER_KIND_OBSERVER {
		t.Fatalf("2007: chair %v, vice-chair member %v", v.Chair.Holders, v.Members[2].Holders)
	}
}

// TestBodyDecisions: establish a body, change its composition, extend its
// mandate, dissolve it; each by a plenary decision.
func TestBodyDecisions(t *testing.T) {
	c := newChain(t)
	c.Block()
	alluvial := types.Body{Name: "Ad hoc Working Group on Alluvial Production", Kind: types.BodyKind_BODY_KIND_AD_HOC_WORKING_GROUP,
		Mandate: "Effective internal controls over alluvial production", MandateUntil: c.Time.Add(365 * 24 * time.Hour).Unix(),
		Composition: types.Composition{Chairs: []types.Officer{{Holder: participantMember("EU"), FromYear: 2005}},
			Members: []types.Member{participantMember("BW"), participantMember("ZA")}}}
	enact(t, c, types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: &alluvial}})
	get := func() types.Body {
		var resp types.QueryBodyResponse
		c.MustQuery(types.QueryBody, &types.QueryBodyRequest{Name: alluvial.Name, Year: 2005}, &resp)
		return resp.Body.Body
	}
	if b := get(); b.EstablishedAt == 0 || len(b.Composition.Members) != 2 || b.ProposalId == 0 {
		t.Fatalf("established %+v", b)
	}

	changed := alluvial.Composition
	changed.Members = append(changed.Members, participantMember("RU"))
	changed.Coordinators = []types.Member{participantMember("ZA")}
	enact(t, c, types.Decision{Content: &types.Decision_ChangeBody{ChangeBody: &types.BodyChange{Name: alluvial.Name, Composition: changed}}})
	if b := get(); len(b.Composition.Members) != 3 || len(b.Composition.Coordinators) != 1 {
		t.Fatalf("after the change %+v", b.Composition)
	}

	until := c.Time.Add(2 * 365 * 24 * time.Hour).Unix()
	enact(t, c, types.Decision{Content: &types.Decision_ExtendMandate{ExtendMandate: &types.MandateExtension{Name: alluvial.Name, MandateUntil: until}}})
	if b := get(); b.MandateUntil != until {
		t.Fatalf("mandate until %d, want %d", b.MandateUntil, until)
	}

	enact(t, c, types.Decision{Content: &types.Decision_DissolveBody{DissolveBody: &types.BodyName{Name: alluvial.Name}}})
	if b := get(); !b.Dissolved {
		t.Fatal("not dissolved")
	}
	var live, all types.QueryBodiesResponse
	c.MustQuery(types.QueryBodies, &types.QueryBodiesRequest{Year: 2005}, &live)
	c.MustQuery(types.QueryBodies, &types.QueryBodiesRequest{Year: 2005, IncludeDissolved: true}, &all)
	if len(live.Bodies) != 0 || len(all.Bodies) != 1 {
		t.Fatalf("listings: %d live, %d in all", len(live.Bodies), len(all.Bodies))
	}
}

func TestBodyRefusals(t *testing.T) {
	c := newChain(t, withBodies(selectionCommittee()))
	c.Block()
	unknownMember := selectionCommittee()
	unknownMember.Name = "Committee of Nowhere"
	unknownMember.Composition.Members = []types.Member{participantMember("NA")}
	noChair := selectionCommittee()
	noChair.Name = "Committee without a Chair"
	noChair.Composition.Chairs = nil
	badRole := selectionCommittee()
	badRole.Name = "Committee of Kings"
	badRole.Composition.Members = []types.Member{role("KP_KING")}
	cases := []struct {
		name string
		d    types.Decision
		want *refusal.Error
	}{
		{"a second Selection Committee", types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: ptr(selectionCommittee())}}, types.ErrBodyExists},
		{"a member that is no participant", types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: &unknownMember}}, participanttypes.ErrUnknownParticipant},
		{"a body without a chair", types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: &noChair}}, types.ErrInvalidBody},
		{"a role that does not exist", types.Decision{Content: &types.Decision_EstablishBody{EstablishBody: &badRole}}, types.ErrInvalidBody},
		{"dissolving an unknown body", types.Decision{Content: &types.Decision_DissolveBody{DissolveBody: &types.BodyName{Name: "Working Group on Nothing"}}}, types.ErrUnknownBody},
		{"extending a mandate to no date", types.Decision{Content: &types.Decision_ExtendMandate{ExtendMandate: &types.MandateExtension{Name: "Selection Committee"}}}, types.ErrInvalidBody},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.SetT(t)
			c.Refused(admin("BW"), proposeMsg(tc.d), tc.want)
		})
	}
}

func ptr[T any](v T) *T { return &v }
