package client

import (
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestVerdicts: the verdict a border officer reads first, for every state of
// a certificate and where it is presented.
func TestVerdicts(t *testing.T) {
	issued := time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)
	base := func(status types.CertificateStatus, events ...types.EventKind) *types.Certificate {
		c := &types.Certificate{Number: "BW-2005-1", Issuer: "BW", Destination: "EU", Transit: []string{"ZA"}, Status: status,
			IssuedAt: issued.Unix(), ExpiresAt: issued.Add(30 * 24 * time.Hour).Unix()}
		for _, k := range append([]types.EventKind{types.EventKind_EVENT_KIND_ISSUED}, events...) {
			c.Events = append(c.Events, types.CertificateEvent{Kind: k, Time: issued.Unix()})
		}
		return c
	}
	week := issued.Add(7 * 24 * time.Hour)
	ok := []check{{"carats", "given 1523.40, recorded 1523.40", true}}
	bad := []check{{"carats", "given 2000.00, recorded 1523.40", false}}
	cases := []struct {
		name         string
		cert         *types.Certificate
		now          time.Time
		at           string
		afterReceipt bool
		checks       []check
		want         string
		valid        bool
	}{
		{"issued, at its destination", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), week, "EU", false, ok, VerdictValidForEntry, true},
		{"issued, place not said", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), week, "", false, ok, VerdictValidForEntry, true},
		{"issued, at a transit border", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), week, "ZA", false, ok, VerdictValidForTransit, true},
		{"issued, at another border", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), week, "CH", false, ok, VerdictMismatch, false},
		{"issued, a forged weight", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), week, "EU", false, bad, VerdictMismatch, false},
		{"issued, past its expiry", base(types.CertificateStatus_CERTIFICATE_STATUS_ISSUED), issued.Add(31 * 24 * time.Hour), "EU", false, ok, VerdictExpired, false},
		{"expired", base(types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED, types.EventKind_EVENT_KIND_EXPIRED), week, "EU", false, ok, VerdictExpired, false},
		{"a copy of a received one", base(types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED, types.EventKind_EVENT_KIND_RECEIVED), week, "EU", false, ok, VerdictAlreadyUsed, false},
		{"received, the destination's own check", base(types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED, types.EventKind_EVENT_KIND_RECEIVED), week, "EU", true, ok, VerdictReceived, true},
		{"received, someone else's after-the-fact check", base(types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED, types.EventKind_EVENT_KIND_RECEIVED), week, "ZA", true, ok, VerdictMismatch, false},
		{"void", base(types.CertificateStatus_CERTIFICATE_STATUS_VOID, types.EventKind_EVENT_KIND_VOIDED), week, "EU", false, ok, VerdictVoid, false},
		{"rejected", base(types.CertificateStatus_CERTIFICATE_STATUS_REJECTED, types.EventKind_EVENT_KIND_REJECTED), week, "EU", false, bad, VerdictRejected, false},
	}
	for _, c := range cases {
		v := &verification{Number: c.cert.Number}
		judge(v, c.cert, c.now, c.at, c.afterReceipt, append([]check(nil), c.checks...))
		if v.Verdict != c.want || v.Valid != c.valid {
			t.Errorf("%s: %s (valid %v), want %s (valid %v): %s", c.name, v.Verdict, v.Valid, c.want, c.valid, v.Detail)
		}
		var out strings.Builder
		printVerdict(&out, v)
		if !strings.HasPrefix(out.String(), c.want+"  BW-2005-1: ") {
			t.Errorf("%s: the first line is not the verdict:\n%s", c.name, out.String())
		}
	}
}

func TestSameName(t *testing.T) {
	if !sameName("Okavango  Diamond Company.", "okavango diamond company") {
		t.Fatal("a name as printed did not match its registration")
	}
	if sameName("Okavango Diamond Co", "Okavango Diamond Company") {
		t.Fatal("another name matched")
	}
}
