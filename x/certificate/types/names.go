package types

import (
	"fmt"
	"strings"
)

// Names people type and read; JSON keeps the proto enum names.
var (
	statusNames = map[CertificateStatus]string{
		CertificateStatus_CERTIFICATE_STATUS_ISSUED:   "issued",
		CertificateStatus_CERTIFICATE_STATUS_RECEIVED: "received",
		CertificateStatus_CERTIFICATE_STATUS_REJECTED: "rejected",
		CertificateStatus_CERTIFICATE_STATUS_VOID:     "void",
		CertificateStatus_CERTIFICATE_STATUS_EXPIRED:  "expired",
	}
	rejectionNames = map[RejectionReason]string{
		RejectionReason_REJECTION_REASON_SEAL_BROKEN: "seal-broken",
		RejectionReason_REJECTION_REASON_MISMATCH:    "mismatch",
		RejectionReason_REJECTION_REASON_FORGED:      "forged",
		RejectionReason_REJECTION_REASON_EXPIRED:     "expired",
		RejectionReason_REJECTION_REASON_OTHER:       "other",
	}
	voidNames = map[VoidReason]string{
		VoidReason_VOID_REASON_PRINTER_ERROR:       "printer-error",
		VoidReason_VOID_REASON_LOST_IN_TRANSIT:     "lost-in-transit",
		VoidReason_VOID_REASON_TRANSPOSITION_ERROR: "transposition-error",
		VoidReason_VOID_REASON_SHIPMENT_CANCELLED:  "shipment-cancelled",
		VoidReason_VOID_REASON_SHIPMENT_RETURNED:   "shipment-returned",
		VoidReason_VOID_REASON_SURRENDERED:         "surrendered",
		VoidReason_VOID_REASON_REPLACED:            "replaced",
	}
	eventNames = map[EventKind]string{
		EventKind_EVENT_KIND_ISSUED:      "issued",
		EventKind_EVENT_KIND_TRANSFERRED: "transferred",
		EventKind_EVENT_KIND_ATTESTED:    "attested",
		EventKind_EVENT_KIND_RECEIVED:    "received",
		EventKind_EVENT_KIND_REJECTED:    "rejected",
		EventKind_EVENT_KIND_VOIDED:      "voided",
		EventKind_EVENT_KIND_EXPIRED:     "expired",
		EventKind_EVENT_KIND_OVERDUE:     "overdue",
		EventKind_EVENT_KIND_DRAWN:       "drawn",
		EventKind_EVENT_KIND_RELEASED:    "released",
		EventKind_EVENT_KIND_REPLACES:    "replaces",
	}
)

// Name is the status as people write it ("received").
func (s CertificateStatus) Name() string { return nameOf(statusNames, s) }

// Name is the reason as people write it ("seal-broken").
func (r RejectionReason) Name() string { return nameOf(rejectionNames, r) }

// Name is the reason as people write it ("printer-error").
func (r VoidReason) Name() string { return nameOf(voidNames, r) }

// Name is the event as people write it ("transferred").
func (k EventKind) Name() string { return nameOf(eventNames, k) }

// Final reports whether no transition leaves the status.
func (s CertificateStatus) Final() bool {
	return s != CertificateStatus_CERTIFICATE_STATUS_ISSUED
}

// ParseStatus reads a status name.
func ParseStatus(s string) (CertificateStatus, error) { return parseName(statusNames, s, "status") }

// ParseRejectionReason reads a rejection reason.
func ParseRejectionReason(s string) (RejectionReason, error) {
	return parseName(rejectionNames, s, "rejection reason")
}

// ParseVoidReason reads a void reason.
func ParseVoidReason(s string) (VoidReason, error) { return parseName(voidNames, s, "void reason") }

func nameOf[E ~int32](names map[E]string, v E) string {
	if n, ok := names[v]; ok {
		return n
	}
	return fmt.Sprintf("unspecified(%d)", int32(v))
}

func parseName[E ~int32](names map[E]string, s, what string) (E, error) {
	valid := make([]string, 0, len(names))
	for v := E(1); int(v) <= len(names); v++ {
		if names[v] == s {
			return v, nil
		}
		valid = append(valid, names[v])
	}
	return 0, fmt.Errorf("unknown %s %q (one of %s)", what, s, strings.Join(valid, ", "))
}
