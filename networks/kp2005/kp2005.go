package kp2005

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

var (
	//go:embed participants.csv
	participantsCSV string
	//go:embed observers.csv
	observersCSV string
	//go:embed settings.csv
	settingsCSV string
	// BodiesJSON is bodies.json: the KP bodies after the 2005 plenary.
	//go:embed bodies.json
	BodiesJSON []byte
	// FiguresJSON is figures.json: the 2005 communiqué's figures.
	//go:embed figures.json
	FiguresJSON []byte
)

// Participant is a row of participants.csv, with its settings from
// settings.csv.
type Participant struct {
	Code string
	Name string
	Kind participanttypes.ParticipantKind
	// TimeZone is the IANA time zone of the participant's authorities (its
	// capital's; the European Community's is Brussels).
	TimeZone string
	// NonProducer: it mines no rough diamonds (the trading and cutting
	// centres, the European Community; the review's list of 2005).
	NonProducer bool
}

// Observer is a row of observers.csv.
type Observer struct {
	Code string
	Name string
	Kind participanttypes.ObserverKind
}

// Participants returns the 2005 participants in the order of the 2005 list
// (Chinese Taipei, listed in a note, last).
func Participants() []Participant {
	rows := readCSV(participantsCSV, "participants.csv")
	settings := map[string][]string{}
	for _, r := range readCSV(settingsCSV, "settings.csv") {
		settings[r[0]] = r
	}
	out := make([]Participant, 0, len(rows))
	for _, r := range rows {
		kind, err := participanttypes.ParseParticipantKind(r[2])
		if err != nil {
			panic(fmt.Sprintf("kp2005: participants.csv %s: %v", r[0], err))
		}
		s, ok := settings[r[0]]
		if !ok {
			panic(fmt.Sprintf("kp2005: settings.csv has no row for %s", r[0]))
		}
		out = append(out, Participant{Code: r[0], Name: r[1], Kind: kind, TimeZone: s[1], NonProducer: s[2] == "no"})
	}
	return out
}

// Observers returns the 2005 observers.
func Observers() []Observer {
	rows := readCSV(observersCSV, "observers.csv")
	out := make([]Observer, 0, len(rows))
	for _, r := range rows {
		kind, err := participanttypes.ParseObserverKind(r[2])
		if err != nil {
			panic(fmt.Sprintf("kp2005: observers.csv %s: %v", r[0], err))
		}
		out = append(out, Observer{Code: r[0], Name: r[1], Kind: kind})
	}
	return out
}

// LookupParticipant finds a 2005 participant by code.
func LookupParticipant(code string) (Participant, bool) {
	for _, p := range Participants() {
		if p.Code == code {
			return p, true
		}
	}
	return Participant{}, false
}

// LookupObserver finds a 2005 observer by code.
func LookupObserver(code string) (Observer, bool) {
	for _, o := range Observers() {
		if o.Code == code {
			return o, true
		}
	}
	return Observer{}, false
}

func readCSV(text, name string) [][]string {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("kp2005: %s: %v", name, err))
	}
	return rows[1:]
}

// Validators first: the 2005 KP Chair and Vice-Chair, then the largest rough
// diamond producers of 2004 by value (a test network's default choice of who
// validates, rather than the first in alphabetical order).
var validatorsFirst = []string{"RU", "BW", "ZA", "CA", "AO", "NA", "CD", "AU", "SL", "GN"}

// ValidatorOrder orders voting participants for validators: those of
// validatorsFirst in its order, then the others in the order given.
func ValidatorOrder(voters []string) []string {
	var out []string
	for _, code := range validatorsFirst {
		if slices.Contains(voters, code) {
			out = append(out, code)
		}
	}
	for _, code := range voters {
		if !slices.Contains(validatorsFirst, code) {
			out = append(out, code)
		}
	}
	return out
}
