package types

import "slices"

// The verdicts a border officer reads of a certificate: the first word of
// `kpd query certificate verify` and of the verification page of `kpd
// serve`. Both take them from Judge, so that a certificate never passes at
// one and fails at the other.
const (
	VerdictValidForEntry   = "VALID FOR ENTRY"
	VerdictValidForTransit = "VALID FOR TRANSIT"
	VerdictReceived        = "RECEIVED AS CERTIFIED"
	VerdictAlreadyUsed     = "ALREADY USED"
	VerdictVoid            = "VOID"
	VerdictExpired         = "EXPIRED"
	VerdictRejected        = "REJECTED"
	VerdictNotFound        = "NOT FOUND"
	VerdictMismatch        = "MISMATCH"
	VerdictUnknownStatus   = "UNKNOWN STATUS"
)

// Presentation is where and why a certificate is presented: At is the
// participant whose border it is at (empty: not said, taken as its
// destination); AfterReceipt is the destination's own check of a
// certificate it received.
type Presentation struct {
	At           string
	AfterReceipt bool
}

// Place says whether a certificate may be presented where p says: at its
// destination, at a transit participant on its way (before receipt), or
// where not said. transit is true for a transit participant's border.
func (p Presentation) Place(c *Certificate) (ok, transit bool) {
	switch {
	case p.At == "" || p.At == c.Destination:
		return true, false
	case !p.AfterReceipt && slices.Contains(c.Transit, p.At):
		return true, true
	}
	return false, false
}

// Judge is the verdict on a certificate (nil: proved absent) presented as
// p when the ledger's clock reads now (Unix seconds: the ledger time of the
// block the record is proved at), mismatched when a field presented differs
// from the record. The certificate's state comes first — void, rejected,
// expired, already used — because no paper makes those valid; then the
// place and the fields. An issued certificate past its expiry is expired
// even before the block-time work marks it so. valid says whether the
// shipment may pass.
func Judge(c *Certificate, now int64, p Presentation, mismatched bool) (verdict string, valid bool) {
	if c == nil {
		return VerdictNotFound, false
	}
	placed, transit := p.Place(c)
	switch c.Status {
	case CertificateStatus_CERTIFICATE_STATUS_VOID:
		return VerdictVoid, false
	case CertificateStatus_CERTIFICATE_STATUS_REJECTED:
		return VerdictRejected, false
	case CertificateStatus_CERTIFICATE_STATUS_EXPIRED:
		return VerdictExpired, false
	case CertificateStatus_CERTIFICATE_STATUS_ISSUED:
		if now > c.ExpiresAt {
			return VerdictExpired, false
		}
	case CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
		if !p.AfterReceipt {
			return VerdictAlreadyUsed, false
		}
	default:
		return VerdictUnknownStatus, false
	}
	switch {
	case mismatched || !placed:
		return VerdictMismatch, false
	case c.Status == CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
		return VerdictReceived, true
	case transit:
		return VerdictValidForTransit, true
	}
	return VerdictValidForEntry, true
}
