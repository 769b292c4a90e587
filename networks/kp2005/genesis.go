package kp2005

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/kpledger/kpledger/app/genesis"
)

// GenesisTime is the opening of the 2005 Moscow plenary.
var GenesisTime = time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)

// bodies is the part of bodies.json the genesis needs.
type bodies struct {
	Chair     map[string]string `json:"chair"`
	ViceChair map[string]string `json:"vice_chair"`
}

// CoteDIvoireResolution is the reference of the 2005 embargo on Côte d'Ivoire.
const CoteDIvoireResolution = "KP plenary, Moscow, November 2005: measures on rough diamonds from Côte d'Ivoire"

// Genesis is the 2005 network's genesis without keys or validators: every
// participant of the 2005 list active (45 voting participants and Chinese
// Taipei as a trading entity), the three observers, and the KP Chair and
// Vice-Chair of each year bodies.json names (2005: the Russian Federation and
// Botswana; 2006: Botswana and the European Community), and the Côte d'Ivoire
// origin under embargo. Callers add officer,
// operator and observer keys and the validators.
func Genesis(chainID string, genesisTime time.Time) (*genesis.Genesis, error) {
	g := genesis.New(chainID, genesisTime)
	for _, p := range Participants() {
		if err := g.AddParticipant(p.Code, p.Name, p.Kind); err != nil {
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
	var b bodies
	if err := json.Unmarshal(BodiesJSON, &b); err != nil {
		return nil, fmt.Errorf("kp2005 bodies.json: %w", err)
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
		if err := g.SetChair(uint32(year), b.Chair[y], b.ViceChair[y]); err != nil {
			return nil, fmt.Errorf("kp2005 bodies.json: %s: %w", y, err)
		}
	}
	return g, nil
}
