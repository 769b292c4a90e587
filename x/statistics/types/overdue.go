package types

import (
	"fmt"
	"math/big"

	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// Open reports whether an overdue listing is in the default listing: the
// certificate still awaits its confirmation, or it expired never confirmed
// (the Participation Committee's first concern, review A6), and its
// destination has not closed the flag. A confirmation, a rejection or a void
// settles it.
func (o *OverdueCertificate) Open() bool {
	return (o.Outcome == certtypes.CertificateStatus_CERTIFICATE_STATUS_UNSPECIFIED || o.Outcome == certtypes.CertificateStatus_CERTIFICATE_STATUS_EXPIRED) &&
		o.FollowUp.Status != FlagStatus_FLAG_STATUS_CLOSED
}

// Rate is the share of the certificates addressed to a destination that it
// did not confirm in time (listed overdue or expired never confirmed), as a
// percentage with two decimals; "-" when none was addressed.
func (n *OverdueCounts) Rate() string {
	if n.Addressed <= 0 {
		return "-"
	}
	late := min(n.Listed, n.Addressed) // a void takes a certificate out of those addressed, not out of those listed
	// (late*10000 + addressed/2) / addressed, taken wide: late*10000 may not
	// fit int64 (reliability review D9); the quotient, at most 10000, does.
	bp := new(big.Int).Mul(big.NewInt(late), big.NewInt(10000))
	v := bp.Quo(bp.Add(bp, big.NewInt(n.Addressed/2)), big.NewInt(n.Addressed)).Int64()
	return fmt.Sprintf("%d.%02d%%", v/100, v%100)
}
