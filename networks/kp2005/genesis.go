package kp2005

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// GenesisTime is the opening of the 2005 Moscow plenary, the ledger time of
// the network before it (--before-moscow).
var GenesisTime = time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)

// ClosingTime is the close of the Moscow plenary, the ledger time of the
// network after it (the default) and when its texts were adopted.
var ClosingTime = time.Date(2005, 11, 17, 18, 0, 0, 0, time.UTC)

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

// figures is the part of figures.json the genesis needs.
type figures struct {
	Source   string `json:"source"`
	Year2004 struct {
		ProductionCarats int64  `json:"rough_production_carats"`
		ImportsValueUSD  int64  `json:"rough_imports_value_usd"`
		Certificates     uint64 `json:"kp_certificates_issued"`
	} `json:"year_2004"`
	Texts []struct {
		Kind  string `json:"kind"`
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"moscow_texts"`
}

// ToBeNominated is how bodies.json writes an office the source leaves "to be
// nominated".
const ToBeNominated = "to be nominated"

// Year is the year of the composition bodies.json records.
const Year = 2005

// CoteDIvoireResolution is the reference of the 2005 embargo on Côte d'Ivoire.
const CoteDIvoireResolution = "KP plenary resolution on Côte d'Ivoire, Moscow, 17 November 2005 (and UN Security Council resolution 1643, 15 December 2005)"

// Applicants are the participants admitted at Moscow: Indonesia joined,
// Lebanon re-joined after its removal. Before the plenary Indonesia is an
// applicant (candidate) and Lebanon removed (expelled), neither with keys.
var Applicants = map[string]participanttypes.ParticipantStatus{
	"ID": participanttypes.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE,
	"LB": participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED,
}

// Genesis is the 2005 network after the Moscow plenary, without keys or
// validators: every participant of the 2005 list active (45 voting
// participants, the European Community among them, and Chinese Taipei as a
// trading entity), the three observers, the KP Chair and Vice-Chair of 2005
// (the Russian Federation and Botswana) and 2006 (Botswana and the European
// Community), the bodies of Appendix II, Côte d'Ivoire under embargo as an
// origin and as an issuer, the Moscow texts as adopted decisions and the 2004 figures as the
// statistics reported for 2004. Callers add officer, operator and observer
// keys and the validators.
func Genesis(chainID string, genesisTime time.Time) (*genesis.Document, error) {
	return build(chainID, genesisTime, false)
}

// GenesisBeforeMoscow is the 2005 network as the Moscow plenary opens:
// Indonesia an applicant and Lebanon removed (Applicants), the 2006 Chair and
// Vice-Chair (and the Participation Committee's 2006 chair) not yet elected,
// the Moscow texts not yet adopted and Côte d'Ivoire not yet under embargo;
// the 2004 figures reported. The plenary's decisions can then be replayed.
func GenesisBeforeMoscow(chainID string, genesisTime time.Time) (*genesis.Document, error) {
	return build(chainID, genesisTime, true)
}

func build(chainID string, genesisTime time.Time, beforeMoscow bool) (*genesis.Document, error) {
	g := genesis.New(chainID, genesisTime)
	for _, p := range Participants() {
		if err := g.AddParticipant(p.Code, p.Name, p.Kind); err != nil {
			return nil, err
		}
		if err := g.SetTimeZone(p.Code, p.TimeZone); err != nil {
			return nil, err
		}
		if err := g.SetNonProducer(p.Code, p.NonProducer); err != nil {
			return nil, err
		}
		if status, ok := Applicants[p.Code]; ok && beforeMoscow {
			g.Registry.Participants[len(g.Registry.Participants)-1].Status = status
		}
	}
	for _, o := range Observers() {
		if err := g.AddObserver(o.Code, o.Name, o.Kind); err != nil {
			return nil, err
		}
	}
	var b bodies
	if err := json.Unmarshal(BodiesJSON, &b); err != nil {
		return nil, fmt.Errorf("kp2005 bodies.json: %w", err)
	}
	var f figures
	if err := json.Unmarshal(FiguresJSON, &f); err != nil {
		return nil, fmt.Errorf("kp2005 figures.json: %w", err)
	}
	g.Statistics.Reported = []stattypes.ReportedYear{{Year: 2004, ProductionCarats: f.Year2004.ProductionCarats * 100,
		ImportsValueUsd: f.Year2004.ImportsValueUSD * 100, Certificates: f.Year2004.Certificates, Source: f.Source}}
	if !beforeMoscow {
		// The resolution's measures to keep Côte d'Ivoire's rough diamonds
		// out of legitimate trade.
		if err := g.AddEmbargo("CI", CoteDIvoireResolution); err != nil {
			return nil, err
		}
		// ... and keep Ivorian goods out whatever origin they are declared
		// with: Côte d'Ivoire's own certificates (UNSC 1643 bans imports
		// from it).
		if err := g.AddIssuerEmbargo("CI", CoteDIvoireResolution); err != nil {
			return nil, err
		}
		for _, t := range f.Texts {
			kind, ok := textKinds[t.Kind]
			if !ok {
				return nil, fmt.Errorf("kp2005 figures.json: text kind %q", t.Kind)
			}
			g.Plenary.Adopted = append(g.Plenary.Adopted, plenarytypes.AdoptedText{
				Decision:  plenarytypes.TextDecision{Kind: kind, Title: t.Title, Language: "en", Text: t.Text},
				AdoptedAt: ClosingTime.Unix(), Source: f.Source,
			})
		}
	}
	var err error
	if g.Plenary.Bodies, err = Bodies(b, !beforeMoscow); err != nil {
		return nil, err
	}
	years := make([]string, 0, len(b.Chair))
	for y := range b.Chair {
		years = append(years, y)
	}
	sort.Strings(years)
	for _, y := range years {
		year, err := strconv.ParseUint(y, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: chair year %q", y)
		}
		if beforeMoscow && year > Year {
			continue // elected at Moscow
		}
		if err := g.SetChair(uint32(year), b.Chair[y], b.ViceChair[y]); err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: %s: %w", y, err)
		}
	}
	return g, nil
}

var textKinds = map[string]plenarytypes.TextKind{
	"resolution": plenarytypes.TextKind_TEXT_KIND_RESOLUTION, "administrative-decision": plenarytypes.TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION,
	"declaration": plenarytypes.TextKind_TEXT_KIND_DECLARATION,
}

// Bodies turns bodies.json's working groups and committees into the plenary's
// bodies: kinds from their names, observers and role placeholders told apart
// from participants, and (with2006) the Participation Committee's 2006 chair
// the plenary chose at Moscow, as an officer from 2006.
func Bodies(b bodies, with2006 bool) ([]plenarytypes.Body, error) {
	observers := map[string]bool{}
	for _, o := range Observers() {
		observers[o.Code] = true
	}
	member := func(code string) plenarytypes.Member {
		switch {
		case code == ToBeNominated:
			return plenarytypes.Member{Code: plenarytypes.RoleToBeNominated, Kind: plenarytypes.MemberKind_MEMBER_KIND_ROLE}
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
		if e.Chair2006 != nil && with2006 {
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
