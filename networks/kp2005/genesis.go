package kp2005

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kpledger/kpledger/genesis"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// GenesisTime is the opening of the 2005 Moscow plenary.
var GenesisTime = time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)

// bodies is the part of bodies.json the genesis needs.
type bodies struct {
	Chair         map[string]string `json:"chair"`
	ViceChair     map[string]string `json:"vice_chair"`
	WorkingGroups []bodyEntry       `json:"working_groups"`
	Committees    []bodyEntry       `json:"committees"`
}

// bodyEntry is a body as bodies.json lists it.
type bodyEntry struct {
	Name         string   `json:"name"`
	Chair        *string  `json:"chair"`
	Chair2006    *string  `json:"chair_2006"`
	ViceChair    *string  `json:"vice_chair"`
	Coordinators []string `json:"coordinators"`
	Members      []string `json:"members"`
}

// Year is the year of the composition bodies.json records.
const Year = 2005

// CoteDIvoireResolution is the reference of the 2005 embargo on Côte d'Ivoire.
const CoteDIvoireResolution = "KP plenary, Moscow, November 2005: measures on rough diamonds from Côte d'Ivoire"

// Genesis is the 2005 network's genesis without keys or validators: every
// participant of the 2005 list active (45 voting participants and Chinese
// Taipei as a trading entity), the three observers, and the KP Chair and
// Vice-Chair of each year bodies.json names (2005: the Russian Federation and
// Botswana; 2006: Botswana and the European Community), and Côte d'Ivoire
// under embargo as an origin and as an issuer. Callers add officer,
// operator and observer keys and the validators.
func Genesis(chainID string, genesisTime time.Time) (*genesis.Document, error) {
	g := genesis.New(chainID, genesisTime)
	for _, p := range Participants() {
		if err := g.AddParticipant(p.Code, p.Name, p.Kind); err != nil {
			return nil, err
		}
		if err := g.SetTimeZone(p.Code, p.TimeZone); err != nil {
			return nil, err
		}
	}
	for _, o := range Observers() {
		if err := g.AddObserver(o.Code, o.Name, o.Kind); err != nil {
			return nil, err
		}
	}
	// The 2005 plenary's measures to keep Côte d'Ivoire's rough diamonds out of
	// legitimate trade (figures.json: resolutions).
	if err := g.AddEmbargo("CI", CoteDIvoireResolution); err != nil {
		return nil, err
	}
	// ... and keep Ivorian goods out whatever origin they are declared with:
	// Côte d'Ivoire's own certificates (UNSC 1643 bans imports from it).
	if err := g.AddIssuerEmbargo("CI", CoteDIvoireResolution); err != nil {
		return nil, err
	}
	var b bodies
	var err error
	if err = json.Unmarshal(BodiesJSON, &b); err != nil {
		return nil, fmt.Errorf("kp2005 bodies.json: %w", err)
	}
	years := make([]string, 0, len(b.Chair))
	for y := range b.Chair {
		years = append(years, y)
	}
	sort.Strings(years)
	if g.Plenary.Bodies, err = Bodies(b); err != nil {
		return nil, err
	}
	for _, y := range years {
		year, err := strconv.ParseUint(y, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: chair year %q", y)
		}
		if err := g.SetChair(uint32(year), b.Chair[y], b.ViceChair[y]); err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: %s: %w", y, err)
		}
	}
	return g, nil
}

// Bodies turns bodies.json's working groups and committees into the plenary's
// bodies: kinds from their names, observers and role placeholders told apart
// from participants, the Participation Committee's 2006 chair as an officer
// from 2006.
func Bodies(b bodies) ([]plenarytypes.Body, error) {
	observers := map[string]bool{}
	for _, o := range Observers() {
		observers[o.Code] = true
	}
	member := func(code string) plenarytypes.Member {
		switch {
		case plenarytypes.ValidRole(code):
			return plenarytypes.Member{Code: code, Kind: plenarytypes.MemberKind_MEMBER_KIND_ROLE}
		case observers[code]:
			return plenarytypes.Member{Code: code, Kind: plenarytypes.MemberKind_MEMBER_KIND_OBSERVER}
		}
		return plenarytypes.Member{Code: code, Kind: plenarytypes.MemberKind_MEMBER_KIND_PARTICIPANT}
	}
	var out []plenarytypes.Body
	for _, e := range append(append([]bodyEntry(nil), b.WorkingGroups...), b.Committees...) {
		body := plenarytypes.Body{Name: e.Name, Kind: kindOf(e.Name)}
		c := &body.Composition
		if e.Chair != nil {
			c.Chairs = append(c.Chairs, plenarytypes.Officer{Holder: member(*e.Chair), FromYear: Year})
		}
		if e.Chair2006 != nil {
			c.Chairs = append(c.Chairs, plenarytypes.Officer{Holder: member(*e.Chair2006), FromYear: 2006})
		}
		if e.ViceChair != nil {
			c.ViceChairs = append(c.ViceChairs, plenarytypes.Officer{Holder: member(*e.ViceChair), FromYear: Year})
		}
		for _, code := range e.Coordinators {
			c.Coordinators = append(c.Coordinators, member(code))
		}
		for _, code := range e.Members {
			c.Members = append(c.Members, member(code))
		}
		if err := body.Validate(); err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: %s: %w", e.Name, err)
		}
		out = append(out, body)
	}
	return out, nil
}

func kindOf(name string) plenarytypes.BodyKind {
	switch {
	case strings.HasPrefix(name, "Ad hoc"):
		return plenarytypes.BodyKind_BODY_KIND_AD_HOC_WORKING_GROUP
	case strings.Contains(name, "Committee"):
		return plenarytypes.BodyKind_BODY_KIND_COMMITTEE
	}
	return plenarytypes.BodyKind_BODY_KIND_WORKING_GROUP
}
