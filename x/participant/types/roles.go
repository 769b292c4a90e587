package types

import (
	"fmt"
	"strings"
)

// The names people type and read for roles, kinds and statuses; JSON keeps the
// proto enum names (DESIGN §4).
var (
	roleNames = map[Role]string{
		Role_ROLE_ISSUER:             "issuer",
		Role_ROLE_IMPORTER_AUTHORITY: "importer-authority",
		Role_ROLE_ADMIN:              "admin",
		Role_ROLE_EXPORTER:           "exporter",
		Role_ROLE_IMPORTER:           "importer",
		Role_ROLE_OBSERVER:           "observer",
	}
	kindNames = map[ParticipantKind]string{
		ParticipantKind_PARTICIPANT_KIND_COUNTRY:        "country",
		ParticipantKind_PARTICIPANT_KIND_REIO:           "reio",
		ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY: "trading_entity",
	}
	statusNames = map[ParticipantStatus]string{
		ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE: "candidate",
		ParticipantStatus_PARTICIPANT_STATUS_ACTIVE:    "active",
		ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED: "suspended",
		ParticipantStatus_PARTICIPANT_STATUS_EXPELLED:  "expelled",
	}
	observerKindNames = map[ObserverKind]string{
		ObserverKind_OBSERVER_KIND_INDUSTRY:      "industry",
		ObserverKind_OBSERVER_KIND_CIVIL_SOCIETY: "civil_society",
		ObserverKind_OBSERVER_KIND_OTHER:         "other",
	}
	keyStatusNames = map[KeyStatus]string{
		KeyStatus_KEY_STATUS_ACTIVE:  "active",
		KeyStatus_KEY_STATUS_REVOKED: "revoked",
	}
)

// OfficerRoles are the roles of a participant's authority officers.
var OfficerRoles = []Role{Role_ROLE_ISSUER, Role_ROLE_IMPORTER_AUTHORITY, Role_ROLE_ADMIN}

// OperatorRoles are the roles of licensed operators.
var OperatorRoles = []Role{Role_ROLE_EXPORTER, Role_ROLE_IMPORTER}

// IsOfficer reports whether the role is an officer's.
func (r Role) IsOfficer() bool {
	return r == Role_ROLE_ISSUER || r == Role_ROLE_IMPORTER_AUTHORITY || r == Role_ROLE_ADMIN
}

// IsOperator reports whether the role is an operator's.
func (r Role) IsOperator() bool { return r == Role_ROLE_EXPORTER || r == Role_ROLE_IMPORTER }

// Name is the role as people write it ("importer-authority").
func (r Role) Name() string { return nameOf(roleNames, r) }

// Name is the kind as people write it ("trading_entity").
func (k ParticipantKind) Name() string { return nameOf(kindNames, k) }

// Name is the status as people write it ("suspended").
func (s ParticipantStatus) Name() string { return nameOf(statusNames, s) }

// Name is the observer kind as people write it ("civil_society").
func (k ObserverKind) Name() string { return nameOf(observerKindNames, k) }

// Name is the key status as people write it ("revoked").
func (s KeyStatus) Name() string { return nameOf(keyStatusNames, s) }

// ParseRole reads a role name ("issuer") or its proto name ("ROLE_ISSUER").
func ParseRole(s string) (Role, error) { return parseName(roleNames, Role_value, s, "role") }

// ParseParticipantKind reads a participant kind.
func ParseParticipantKind(s string) (ParticipantKind, error) {
	return parseName(kindNames, ParticipantKind_value, s, "participant kind")
}

// ParseParticipantStatus reads a participant status.
func ParseParticipantStatus(s string) (ParticipantStatus, error) {
	return parseName(statusNames, ParticipantStatus_value, s, "participant status")
}

// ParseObserverKind reads an observer kind.
func ParseObserverKind(s string) (ObserverKind, error) {
	return parseName(observerKindNames, ObserverKind_value, s, "observer kind")
}

func nameOf[E ~int32](names map[E]string, v E) string {
	if n, ok := names[v]; ok {
		return n
	}
	return fmt.Sprintf("unspecified(%d)", int32(v))
}

func parseName[E ~int32](names map[E]string, protoNames map[string]int32, s, what string) (E, error) {
	for v, n := range names {
		if n == s {
			return v, nil
		}
	}
	if v, ok := protoNames[strings.ToUpper(s)]; ok && v != 0 {
		return E(v), nil
	}
	valid := make([]string, 0, len(names))
	for v := E(1); int(v) <= len(names); v++ {
		valid = append(valid, names[v])
	}
	return 0, fmt.Errorf("unknown %s %q (one of %s)", what, s, strings.Join(valid, ", "))
}
