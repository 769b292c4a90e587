package types

import (
	"strings"
	"unicode"
	"unicode/utf8"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Years a term may name.
const (
	MinYear = 2000
	MaxYear = 9999
	// MaxTextLength bounds a rationale, recommendations or a follow-up.
	MaxTextLength = 4096
	// MaxTeam bounds a review team.
	MaxTeam = 16
)

// Validate checks a term without state: a chair, and a vice-chair unless
// the office is vacant.
func (t *ChairTerm) Validate() error {
	return validateOffices(t.Year, t.Chair, t.ViceChair, false)
}

// validate checks an election without state: a chair and a vice-chair, or,
// for a succession, no chair (the Vice-Chair becomes chair) and a new
// vice-chair or none.
func (e *ChairElection) validate() error {
	if e.Succession {
		if e.Chair != "" {
			return ErrInvalidDecision.Wrap("in a succession the Vice-Chair becomes chair: name no chair")
		}
		if e.Year < MinYear || e.Year > MaxYear {
			return ErrInvalidYear.Wrapf("%d", e.Year)
		}
		if e.ViceChair != "" {
			return participanttypes.ValidateParticipantCode(e.ViceChair)
		}
		return nil
	}
	return validateOffices(e.Year, e.Chair, e.ViceChair, true)
}

func validateOffices(year uint32, chair, viceChair string, viceRequired bool) error {
	if year < MinYear || year > MaxYear {
		return ErrInvalidYear.Wrapf("%d", year)
	}
	if err := participanttypes.ValidateParticipantCode(chair); err != nil {
		return err
	}
	if viceChair == "" && !viceRequired {
		return nil
	}
	if err := participanttypes.ValidateParticipantCode(viceChair); err != nil {
		return err
	}
	if chair == viceChair {
		return ErrInvalidDecision.Wrapf("%d: %s cannot be both chair and vice-chair", year, chair)
	}
	return nil
}

// ValidateText checks free text: UTF-8, at most MaxTextLength bytes, no
// control characters but line breaks, no surrounding spaces.
func ValidateText(what, s string, required bool) error {
	switch {
	case s == "" && !required:
		return nil
	case s == "":
		return ErrInvalidRationale.Wrapf("%s is required", what)
	case len(s) > MaxTextLength:
		return ErrInvalidRationale.Wrapf("%s: at most %d bytes", what, MaxTextLength)
	}
	if err := validateLongText(s, false); err != nil {
		return ErrInvalidRationale.Wrapf("%s: %v", what, err)
	}
	return nil
}

// validateLongText checks text of any length: UTF-8, no control characters
// but line breaks (and tabs, in a decision's text), no surrounding spaces.
func validateLongText(s string, tabs bool) error {
	if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return ErrInvalidRationale.Wrap("UTF-8 without surrounding spaces")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && (r != '\t' || !tabs) {
			return ErrInvalidRationale.Wrap("control character")
		}
	}
	return nil
}
