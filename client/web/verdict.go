package web

import (
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// The verdicts a border officer reads of a certificate, the words of `kpd
// query certificate verify`. The server gives one only for a proved record
// (or a proved absence); an answer that could not be proved has none.
const (
	VerdictValid      = "VALID FOR ENTRY"
	VerdictUsed       = "ALREADY USED"
	VerdictVoid       = "VOID"
	VerdictExpired    = "EXPIRED"
	VerdictRejected   = "REJECTED"
	VerdictNotFound   = "NOT FOUND"
	VerdictMismatch   = "MISMATCH"
	verdictUnreadable = "UNKNOWN STATUS"
)

// verdictOf is the verdict on a proved certificate (nil: proved absent)
// presented with fields of which mismatches differ from the record: absent,
// then any difference, then the certificate's status. An issued certificate
// not yet confirmed is valid for entry; once received it has been used.
func verdictOf(cert *certtypes.Certificate, mismatches int) string {
	switch {
	case cert == nil:
		return VerdictNotFound
	case mismatches > 0:
		return VerdictMismatch
	}
	switch cert.Status {
	case certtypes.CertificateStatus_CERTIFICATE_STATUS_ISSUED:
		return VerdictValid
	case certtypes.CertificateStatus_CERTIFICATE_STATUS_RECEIVED:
		return VerdictUsed
	case certtypes.CertificateStatus_CERTIFICATE_STATUS_VOID:
		return VerdictVoid
	case certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED:
		return VerdictExpired
	case certtypes.CertificateStatus_CERTIFICATE_STATUS_REJECTED:
		return VerdictRejected
	}
	return verdictUnreadable
}
