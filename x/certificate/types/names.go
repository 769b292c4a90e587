package types

import "github.com/kpledger/kpledger/core/format"

// Names people type and read; JSON keeps the proto enum names.
var (
	statusNames = format.NewNames("status", CertificateStatus_value, map[CertificateStatus]string{
		CertificateStatus_CERTIFICATE_STATUS_ISSUED:   "issued",
		CertificateStatus_CERTIFICATE_STATUS_RECEIVED: "received",
		CertificateStatus_CERTIFICATE_STATUS_REJECTED: "rejected",
		CertificateStatus_CERTIFICATE_STATUS_VOID:     "void",
		CertificateStatus_CERTIFICATE_STATUS_EXPIRED:  "expired",
	})
	rejectionNames = format.NewNames("rejection reason", RejectionReason_value, map[RejectionReason]string{
		RejectionReason_REJECTION_REASON_SEAL_BROKEN: "seal-broken",
		RejectionReason_REJECTION_REASON_MISMATCH:    "mismatch",
		RejectionReason_REJECTION_REASON_FORGED:      "forged",
		RejectionReason_REJECTION_REASON_EXPIRED:     "expired",
		RejectionReason_REJECTION_REASON_OTHER:       "other",
	})
	voidNames = format.NewNames("void reason", VoidReason_value, map[VoidReason]string{
		VoidReason_VOID_REASON_PRINTER_ERROR:       "printer-error",
		VoidReason_VOID_REASON_LOST_IN_TRANSIT:     "lost-in-transit",
		VoidReason_VOID_REASON_TRANSPOSITION_ERROR: "transposition-error",
		VoidReason_VOID_REASON_SHIPMENT_CANCELLED:  "shipment-cancelled",
		VoidReason_VOID_REASON_SHIPMENT_RETURNED:   "shipment-returned",
		VoidReason_VOID_REASON_SURRENDERED:         "surrendered",
		VoidReason_VOID_REASON_REPLACED:            "replaced",
		VoidReason_VOID_REASON_REISSUED:            "reissued",
	})
	eventNames = format.NewNames("event", EventKind_value, map[EventKind]string{
		EventKind_EVENT_KIND_ISSUED:                "issued",
		EventKind_EVENT_KIND_TRANSFERRED:           "transferred",
		EventKind_EVENT_KIND_ATTESTED:              "attested",
		EventKind_EVENT_KIND_RECEIVED:              "received",
		EventKind_EVENT_KIND_REJECTED:              "rejected",
		EventKind_EVENT_KIND_VOIDED:                "voided",
		EventKind_EVENT_KIND_EXPIRED:               "expired",
		EventKind_EVENT_KIND_OVERDUE:               "overdue",
		EventKind_EVENT_KIND_DRAWN:                 "drawn",
		EventKind_EVENT_KIND_RELEASED:              "released",
		EventKind_EVENT_KIND_REPLACES:              "replaces",
		EventKind_EVENT_KIND_RESEALED:              "resealed",
		EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY: "released-after-remedy",
	})
)

// Name is the status as people write it ("received").
func (s CertificateStatus) Name() string { return statusNames.Name(s) }

// Name is the reason as people write it ("seal-broken").
func (r RejectionReason) Name() string { return rejectionNames.Name(r) }

// Name is the reason as people write it ("printer-error").
func (r VoidReason) Name() string { return voidNames.Name(r) }

// Name is the event as people write it ("transferred").
func (k EventKind) Name() string { return eventNames.Name(k) }

// IsCustody reports whether the event is a step of the chain of custody (a
// hand-over or a re-seal), counted against MaxCustodyEvents.
func (k EventKind) IsCustody() bool {
	return k == EventKind_EVENT_KIND_TRANSFERRED || k == EventKind_EVENT_KIND_RESEALED
}

// Final reports whether no transition leaves the status: received and void.
// A rejected certificate may still be released or voided as returned, an
// expired one confirmed late or voided as surrendered.
func (s CertificateStatus) Final() bool {
	return s == CertificateStatus_CERTIFICATE_STATUS_RECEIVED || s == CertificateStatus_CERTIFICATE_STATUS_VOID
}

// ParseStatus reads a status name.
func ParseStatus(s string) (CertificateStatus, error) { return statusNames.Parse(s) }

// ParseRejectionReason reads a rejection reason.
func ParseRejectionReason(s string) (RejectionReason, error) { return rejectionNames.Parse(s) }

// ParseVoidReason reads a void reason.
func ParseVoidReason(s string) (VoidReason, error) { return voidNames.Parse(s) }

// Sealed is the seal the shipment bears now: the last re-seal's, or the one
// it was certified with.
func (c *Certificate) Sealed() string {
	if c.CurrentSeal != "" {
		return c.CurrentSeal
	}
	return c.Seal
}
