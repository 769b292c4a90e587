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

// Validate checks a term without state.
func (t *ChairTerm) Validate() error {
	if t.Year < MinYear || t.Year > MaxYear {
		return ErrInvalidYear.Wrapf("%d", t.Year)
	}
	if err := participanttypes.ValidateParticipantCode(t.Chair); err != nil {
		return err
	}
	if err := participanttypes.ValidateParticipantCode(t.ViceChair); err != nil {
		return err
	}
	if t.Chair == t.ViceChair {
		return ErrInvalidDecision.Wrapf("%d: %s cannot be both chair and vice-chair", t.Year, t.Chair)
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
