package types

import participanttypes "github.com/kpledger/kpledger/x/participant/types"

// Years a term may name.
const (
	MinYear = 2000
	MaxYear = 9999
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
		return ErrInvalidGenesis.Wrapf("%d: %s cannot be both chair and vice-chair", t.Year, t.Chair)
	}
	return nil
}
