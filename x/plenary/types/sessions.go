package types

import (
	"slices"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// MaxAttendance bounds a session's attendance list.
const MaxAttendance = 200

// ValidateBasic checks what can be checked without state: a title, an
// attendance list of participant codes, each once.
func (m *MsgOpenSession) ValidateBasic() error {
	if err := ValidateText("title", m.Title, true); err != nil {
		return err
	}
	if len(m.Attendance) == 0 || len(m.Attendance) > MaxAttendance {
		return ErrInvalidSession.Wrapf("an attendance list of 1 to %d participants", MaxAttendance)
	}
	seen := map[string]bool{}
	for _, code := range m.Attendance {
		if err := participanttypes.ValidateParticipantCode(code); err != nil {
			return err
		}
		if seen[code] {
			return ErrInvalidSession.Wrapf("%s listed twice", code)
		}
		seen[code] = true
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgCloseSession) ValidateBasic() error {
	if m.SessionId == 0 {
		return ErrUnknownSession.Wrap("session 0")
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgDeclareConsensus) ValidateBasic() error {
	if m.ProposalId == 0 {
		return ErrUnknownProposal.Wrap("proposal 0")
	}
	return nil
}

// Attends reports whether a participant is on the session's attendance list.
func (s *Session) Attends(code string) bool {
	_, found := slices.BinarySearch(s.Attendance, code)
	return found
}

// Open reports whether the session has not been closed.
func (s *Session) Open() bool { return s.ClosedHeight == 0 }
