package types

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNoteLength bounds a report's note.
const MaxNoteLength = 256

// ValidateBasic checks what can be checked without state.
func (m *MsgReportProduction) ValidateBasic() error {
	if !ValidYear(m.Year) || (m.Half != 1 && m.Half != 2) {
		return ErrInvalidPeriod.Wrapf("%d H%d: a year from %d and half 1 or 2", m.Year, m.Half, MinYear)
	}
	p := m.Production
	for _, v := range []int64{p.AlluvialCarats, p.AlluvialValueUsd, p.KimberliteCarats, p.KimberliteValueUsd, p.OtherCarats, p.OtherValueUsd} {
		if v < 0 || v > MaxProductionFigure {
			return ErrProductionOutOfRange.Wrapf("%d: from 0 to %d", v, MaxProductionFigure)
		}
	}
	if len(m.Note) > MaxNoteLength || !utf8.ValidString(m.Note) || strings.TrimSpace(m.Note) != m.Note ||
		strings.IndexFunc(m.Note, unicode.IsControl) >= 0 {
		return ErrInvalidNote.Wrapf("at most %d bytes of UTF-8 text, no control characters or surrounding spaces", MaxNoteLength)
	}
	return nil
}

// ValidateBasic checks a follow-up step: a known kind naming its flag, a
// step other than "open", and a note (required to explain or close).
func (m *MsgFollowUpFlag) ValidateBasic() error {
	switch m.Kind {
	case FlagKind_FLAG_KIND_DISCREPANCY:
		if m.Number == "" || m.Rule == Rule_RULE_UNSPECIFIED || Rule_name[int32(m.Rule)] == "" {
			return ErrInvalidFollowUp.Wrap("a discrepancy is named by its certificate number and rule")
		}
	case FlagKind_FLAG_KIND_OVERDUE:
		if m.Number == "" {
			return ErrInvalidFollowUp.Wrap("an overdue listing is named by its certificate number")
		}
	case FlagKind_FLAG_KIND_MASS_BALANCE:
		if !ValidYear(m.Year) || len(m.Origins) == 0 {
			return ErrInvalidFollowUp.Wrap("a mass balance is named by its year and origin set")
		}
	default:
		return ErrInvalidFollowUp.Wrapf("kind %d: discrepancy, overdue or mass balance", m.Kind)
	}
	switch m.Status {
	case FlagStatus_FLAG_STATUS_ACKNOWLEDGED:
	case FlagStatus_FLAG_STATUS_EXPLAINED, FlagStatus_FLAG_STATUS_CLOSED:
		if m.Note == "" {
			return ErrInvalidFollowUp.Wrap("an explanation or a closure says why in its note")
		}
	default:
		return ErrInvalidFollowUp.Wrapf("step %d: acknowledge, explain or close", m.Status)
	}
	if len(m.Note) > MaxNoteLength || !utf8.ValidString(m.Note) || strings.TrimSpace(m.Note) != m.Note ||
		strings.IndexFunc(m.Note, unicode.IsControl) >= 0 {
		return ErrInvalidNote.Wrapf("at most %d bytes of UTF-8 text, no control characters or surrounding spaces", MaxNoteLength)
	}
	return nil
}

// Carats is the total production in carats (hundredths).
func (p *Production) Carats() int64 { return p.AlluvialCarats + p.KimberliteCarats + p.OtherCarats }

// ValueUsd is the total production value (cents).
func (p *Production) ValueUsd() int64 {
	return p.AlluvialValueUsd + p.KimberliteValueUsd + p.OtherValueUsd
}

// MaxProductionFigure bounds each production figure (hundredths of a carat or
// US cents: ten billion carats or US$10 billion), so that a report's sums,
// and a year's over every participant, cannot overflow; the sums of trade
// figures, which no bound caps, are checked (keeper/sums.go).
const MaxProductionFigure int64 = 1_000_000_000_000
