package types_test

import (
	"testing"

	"github.com/kpledger/kpledger/x/certificate/types"
)

func TestJudge(t *testing.T) {
	const now = 1_000_000
	cert := func(status types.CertificateStatus, expires int64) *types.Certificate {
		return &types.Certificate{Number: "BW-1", Destination: "EU", Transit: []string{"AE"}, Status: status, ExpiresAt: expires}
	}
	issued := cert(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, now+1)
	received := cert(types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED, now+1)
	for _, tc := range []struct {
		name       string
		cert       *types.Certificate
		p          types.Presentation
		mismatched bool
		verdict    string
		valid      bool
	}{
		{"absent", nil, types.Presentation{}, false, types.VerdictNotFound, false},
		{"issued, place not said", issued, types.Presentation{}, false, types.VerdictValidForEntry, true},
		{"issued, at its destination", issued, types.Presentation{At: "EU"}, false, types.VerdictValidForEntry, true},
		{"issued, at a transit participant", issued, types.Presentation{At: "AE"}, false, types.VerdictValidForTransit, true},
		{"issued, elsewhere", issued, types.Presentation{At: "ZA"}, false, types.VerdictMismatch, false},
		{"issued, a field differs", issued, types.Presentation{}, true, types.VerdictMismatch, false},
		{"issued, past its expiry not yet marked", cert(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, now-1), types.Presentation{}, false, types.VerdictExpired, false},
		{"issued, expiring this second", cert(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED, now), types.Presentation{}, false, types.VerdictValidForEntry, true},
		{"received: a copy presented again", received, types.Presentation{At: "EU"}, false, types.VerdictAlreadyUsed, false},
		{"received, with a field differing", received, types.Presentation{}, true, types.VerdictAlreadyUsed, false},
		{"received, the destination's own check", received, types.Presentation{At: "EU", AfterReceipt: true}, false, types.VerdictReceived, true},
		{"received, checked after receipt in transit", received, types.Presentation{At: "AE", AfterReceipt: true}, false, types.VerdictMismatch, false},
		{"void", cert(types.CertificateStatus_CERTIFICATE_STATUS_VOID, now+1), types.Presentation{}, false, types.VerdictVoid, false},
		{"rejected", cert(types.CertificateStatus_CERTIFICATE_STATUS_REJECTED, now+1), types.Presentation{}, false, types.VerdictRejected, false},
		{"expired", cert(types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED, now+1), types.Presentation{}, false, types.VerdictExpired, false},
		{"a status this code does not know", cert(types.CertificateStatus(99), now+1), types.Presentation{}, false, types.VerdictUnknownStatus, false},
	} {
		verdict, valid := types.Judge(tc.cert, now, tc.p, tc.mismatched)
		if verdict != tc.verdict || valid != tc.valid {
			t.Errorf("%s: %s %v, want %s %v", tc.name, verdict, valid, tc.verdict, tc.valid)
		}
	}
}
