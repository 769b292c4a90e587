package web

import (
	"context"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// The verdicts a border officer reads of a certificate, the words of `kpd
// query certificate verify` (certtypes.Judge gives both). The server gives
// one only for a proved record (or a proved absence); an answer that could
// not be proved has none.
const (
	VerdictValid      = certtypes.VerdictValidForEntry
	VerdictTransit    = certtypes.VerdictValidForTransit
	VerdictUsed       = certtypes.VerdictAlreadyUsed
	VerdictVoid       = certtypes.VerdictVoid
	VerdictExpired    = certtypes.VerdictExpired
	VerdictRejected   = certtypes.VerdictRejected
	VerdictNotFound   = certtypes.VerdictNotFound
	VerdictMismatch   = certtypes.VerdictMismatch
	verdictUnreadable = certtypes.VerdictUnknownStatus
)

// verdicts are every verdict the server can give (the page translates each).
var verdicts = []string{VerdictValid, VerdictTransit, VerdictUsed, VerdictVoid, VerdictExpired, VerdictRejected, VerdictNotFound, VerdictMismatch, verdictUnreadable}

// verdictOf is the verdict on a proved certificate (nil: proved absent)
// presented at a participant (empty: its destination) with fields of which
// mismatches differ from the record, when the ledger's clock reads now.
func verdictOf(cert *certtypes.Certificate, now int64, at string, mismatches int) string {
	verdict, _ := certtypes.Judge(cert, now, certtypes.Presentation{At: at}, mismatches > 0)
	return verdict
}

// ledgerNow is the ledger time of the session's block, from the proved
// clock: a test network's ledger time (by which certificates expire) is not
// its block time.
func ledgerNow(ctx context.Context, s *proof.Session) (int64, error) {
	p, err := s.Get(ctx, module.ClockKey)
	if err != nil {
		return 0, err
	}
	return module.DecodeClock(p.Value).At(s.Header.Time.Unix()), nil
}
