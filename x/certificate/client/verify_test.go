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
	base := func(status types.CertificateStatus, events ...types.EventKind) *withHistory {
		c := &withHistory{Certificate: &types.Certificate{Number: "BW-2005-1", Issuer: "BW", Destination: "EU", Transit: []string{"ZA"}, Status: status,
			IssuedAt: issued.Unix(), ExpiresAt: issued.Add(30 * 24 * time.Hour).Unix()}}
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
		cert         *withHistory
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

// TestVerifyPrintsLines: the verdict of a certificate of several HS lines
// lists them after the verdict line; a one-line certificate's prints none.
func TestVerifyPrintsLines(t *testing.T) {
	issued := time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)
	cert := &types.Certificate{Number: "BW-2005-1", Issuer: "BW", Destination: "EU", Status: types.CertificateStatus_CERTIFICATE_STATUS_ISSUED,
		IssuedAt: issued.Unix(), ExpiresAt: issued.Add(30 * 24 * time.Hour).Unix(), Carats: 152340, ValueUsd: 18250000, Parcels: 3,
		Lines: []types.HSLine{{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1}, {HsCode: "7102.31", Carats: 52340, ValueUsd: 13250000, Parcels: 2}}}
	events := []types.CertificateEvent{{Kind: types.EventKind_EVENT_KIND_ISSUED, Time: issued.Unix()}}
	v := &verification{Number: cert.Number}
	judge(v, &withHistory{cert, events}, issued.Add(24*time.Hour), "EU", false, nil)
	var out strings.Builder
	printVerdict(&out, v)
	for _, want := range []string{"line 1  HS 7102.10: 1000.00 ct, US$ 50000.00, 1 parcels\n", "line 2  HS 7102.31: 523.40 ct, US$ 132500.00, 2 parcels\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
	one := *cert
	one.HsCode, one.Lines = "7102.31", []types.HSLine{{HsCode: "7102.31", Carats: 152340, ValueUsd: 18250000, Parcels: 3}}
	v = &verification{Number: cert.Number}
	judge(v, &withHistory{&one, events}, issued.Add(24*time.Hour), "EU", false, nil)
	out.Reset()
	printVerdict(&out, v)
	if strings.Contains(out.String(), "line 1") {
		t.Errorf("a one-line certificate's verdict lists its line:\n%s", out.String())
	}
}
