package types

import "github.com/kpledger/kpledger/core/format"

// The names people type and read for kinds and statuses; JSON keeps the
// proto enum names (DESIGN §4). Roles are the transaction contract's
// (envelope.Role).
var (
	kindNames = format.NewNames("participant kind", ParticipantKind_value, map[ParticipantKind]string{
		ParticipantKind_PARTICIPANT_KIND_COUNTRY:        "country",
		ParticipantKind_PARTICIPANT_KIND_REIO:           "reio",
		ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY: "trading_entity",
	})
	statusNames = format.NewNames("participant status", ParticipantStatus_value, map[ParticipantStatus]string{
		ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE: "candidate",
		ParticipantStatus_PARTICIPANT_STATUS_ACTIVE:    "active",
		ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED: "suspended",
		ParticipantStatus_PARTICIPANT_STATUS_EXPELLED:  "expelled",
	})
	observerKindNames = format.NewNames("observer kind", ObserverKind_value, map[ObserverKind]string{
		ObserverKind_OBSERVER_KIND_INDUSTRY:      "industry",
		ObserverKind_OBSERVER_KIND_CIVIL_SOCIETY: "civil_society",
		ObserverKind_OBSERVER_KIND_OTHER:         "other",
	})
	keyStatusNames = format.NewNames("key status", KeyStatus_value, map[KeyStatus]string{
		KeyStatus_KEY_STATUS_ACTIVE:  "active",
		KeyStatus_KEY_STATUS_REVOKED: "revoked",
	})
)

// Name is the kind as people write it ("trading_entity").
func (k ParticipantKind) Name() string { return kindNames.Name(k) }

// Name is the status as people write it ("suspended").
func (s ParticipantStatus) Name() string { return statusNames.Name(s) }

// Name is the observer kind as people write it ("civil_society").
func (k ObserverKind) Name() string { return observerKindNames.Name(k) }

// Name is the key status as people write it ("revoked").
func (s KeyStatus) Name() string { return keyStatusNames.Name(s) }

// ParseParticipantKind reads a participant kind.
func ParseParticipantKind(s string) (ParticipantKind, error) { return kindNames.Parse(s) }

// ParseParticipantStatus reads a participant status.
func ParseParticipantStatus(s string) (ParticipantStatus, error) { return statusNames.Parse(s) }

// ParseObserverKind reads an observer kind.
func ParseObserverKind(s string) (ObserverKind, error) { return observerKindNames.Parse(s) }
