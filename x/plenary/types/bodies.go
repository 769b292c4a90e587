package types

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// MonitoringBody is the body whose chair records peer reviews beside the
// Chair's officer.
const MonitoringBody = "Working Group on Monitoring"

// Role placeholders a body's composition may hold.
const (
	RoleKPChair     = "KP_CHAIR"
	RoleKPViceChair = "KP_VICE_CHAIR"
	RoleWGChairs    = "WG_CHAIRS"
	// RoleToBeNominated is an office the plenary left to be nominated: held
	// by nobody until a change of the body names its holder.
	RoleToBeNominated = "TO_BE_NOMINATED"
)

var yearRole = regexp.MustCompile(`^KP_(VICE_)?CHAIR_(\d{4})$`)

// ValidRole reports whether a code is a role placeholder.
func ValidRole(code string) bool {
	return code == RoleKPChair || code == RoleKPViceChair || code == RoleWGChairs || code == RoleToBeNominated || yearRole.MatchString(code)
}

// RoleYear reads KP_CHAIR_2005 / KP_VICE_CHAIR_2005: which office and year.
func RoleYear(code string) (vice bool, year uint32, ok bool) {
	m := yearRole.FindStringSubmatch(code)
	if m == nil {
		return false, 0, false
	}
	y := uint32(0)
	for _, c := range m[2] {
		y = 10*y + uint32(c-'0')
	}
	return m[1] != "", y, true
}

// Validate checks a member entry's form.
func (m *Member) Validate() error {
	switch m.Kind {
	case MemberKind_MEMBER_KIND_PARTICIPANT:
		return participanttypes.ValidateParticipantCode(m.Code)
	case MemberKind_MEMBER_KIND_OBSERVER:
		return participanttypes.ValidateObserverCode(m.Code)
	case MemberKind_MEMBER_KIND_ROLE:
		if !ValidRole(m.Code) {
			return ErrInvalidBody.Wrapf("role %q: KP_CHAIR, KP_VICE_CHAIR, KP_CHAIR_YYYY, KP_VICE_CHAIR_YYYY, WG_CHAIRS or TO_BE_NOMINATED", m.Code)
		}
		return nil
	}
	return ErrInvalidBody.Wrapf("member %q of no kind", m.Code)
}

// Validate checks a composition's form: at least one chair, officers and
// members well formed, nobody listed twice in one list.
func (c *Composition) Validate() error {
	if len(c.Chairs) == 0 {
		return ErrInvalidBody.Wrap("a body has a chair")
	}
	for _, officers := range [][]Officer{c.Chairs, c.ViceChairs} {
		years := map[uint32]bool{}
		for _, o := range officers {
			if err := o.Holder.Validate(); err != nil {
				return err
			}
			if years[o.FromYear] {
				return ErrInvalidBody.Wrapf("two officers from %d", o.FromYear)
			}
			years[o.FromYear] = true
		}
	}
	for _, list := range [][]Member{c.Coordinators, c.Members} {
		seen := map[string]bool{}
		for _, m := range list {
			if err := m.Validate(); err != nil {
				return err
			}
			if seen[m.Code] {
				return ErrInvalidBody.Wrapf("%s listed twice", m.Code)
			}
			seen[m.Code] = true
		}
	}
	return nil
}

// Validate checks a body's form.
func (b *Body) Validate() error {
	if err := participanttypes.ValidateName(b.Name); err != nil {
		return ErrInvalidBody.Wrapf("name: %v", err)
	}
	if _, ok := BodyKind_name[int32(b.Kind)]; !ok || b.Kind == BodyKind_BODY_KIND_UNSPECIFIED {
		return ErrInvalidBody.Wrapf("%s has no kind", b.Name)
	}
	if err := ValidateText("mandate", b.Mandate, false); err != nil {
		return err
	}
	return b.Composition.Validate()
}

// Name is the kind as people write it ("ad hoc working group").
func (k BodyKind) Name() string {
	switch k {
	case BodyKind_BODY_KIND_WORKING_GROUP:
		return "working group"
	case BodyKind_BODY_KIND_AD_HOC_WORKING_GROUP:
		return "ad hoc working group"
	case BodyKind_BODY_KIND_COMMITTEE:
		return "committee"
	}
	return "unspecified"
}

// IsWorkingGroup reports the kinds whose chairs WG_CHAIRS stands for.
func (k BodyKind) IsWorkingGroup() bool {
	return k == BodyKind_BODY_KIND_WORKING_GROUP || k == BodyKind_BODY_KIND_AD_HOC_WORKING_GROUP
}

// Languages are the plenary's official languages (rule 26 of the Rules of
// Procedure).
var Languages = []string{"en", "fr", "pt", "es", "ru"}

// MaxDecisionText bounds a decision's text in one language: a transaction is
// at most 64 KiB, envelope included.
const MaxDecisionText = 60 * 1024

// ValidLanguage reports whether a language is official.
func ValidLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// ValidateDecisionText checks a decision text in one language: the exact
// bytes of a file (line breaks and tabs, a final newline, kept as they are,
// so that the sha256 recorded is what sha256sum computes on the file).
func ValidateDecisionText(language, text string) error {
	if !ValidLanguage(language) {
		return ErrInvalidLanguage.Wrapf("%q: one of %s", language, strings.Join(Languages, ", "))
	}
	if strings.TrimSpace(text) == "" || len(text) > MaxDecisionText {
		return ErrInvalidRationale.Wrapf("a decision text is 1 to %d bytes, not blank", MaxDecisionText)
	}
	if !utf8.ValidString(text) {
		return ErrInvalidRationale.Wrap("a decision text is UTF-8")
	}
	for _, r := range text {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return ErrInvalidRationale.Wrap("control character in a decision text")
		}
	}
	return nil
}

// Name is the kind as people write it ("administrative decision").
func (k TextKind) Name() string {
	switch k {
	case TextKind_TEXT_KIND_RESOLUTION:
		return "resolution"
	case TextKind_TEXT_KIND_ADMINISTRATIVE_DECISION:
		return "administrative decision"
	case TextKind_TEXT_KIND_DECLARATION:
		return "declaration"
	}
	return "unspecified"
}

// ValidateBasic checks what can be checked without state.
func (m *MsgTranslate) ValidateBasic() error {
	if m.ProposalId == 0 {
		return ErrUnknownProposal.Wrap("proposal 0")
	}
	return ValidateDecisionText(m.Language, m.Text)
}
