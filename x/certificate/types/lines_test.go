package types

import (
	"slices"
	"testing"
)

// TestReceivedLinesSpread: the received totals are spread over the lines in
// proportion to their certified carats, value and parcels, in whole
// hundredths rounded down, the remainder to the largest line (ties to the
// first HS code); confirmed as certified, the lines are as certified.
func TestReceivedLinesSpread(t *testing.T) {
	lines := []HSLine{
		{HsCode: "7102.31", Carats: 100, ValueUsd: 1000, Parcels: 1},
		{HsCode: "7102.10", Carats: 100, ValueUsd: 3000, Parcels: 1},
		{HsCode: "7102.21", Carats: 50, ValueUsd: 0, Parcels: 1},
	}
	cert := func(carats, value int64, parcels uint32) *Certificate {
		return &Certificate{Lines: lines, Carats: 250, ValueUsd: 4000, Parcels: 3,
			ReceivedCarats: carats, ReceivedValueUsd: value, ReceivedParcels: parcels}
	}
	for _, tc := range []struct {
		name string
		c    *Certificate
		want []HSLine
	}{
		{"as certified", cert(250, 4000, 3), lines},
		{"re-weighed 249 hundredths: 99.6, 99.6, 49.8 give 99, 99, 49; the 2 left to 7102.10 (tied with 7102.31 on carats)", cert(249, 4000, 3), []HSLine{
			{HsCode: "7102.31", Carats: 99, ValueUsd: 1000, Parcels: 1},
			{HsCode: "7102.10", Carats: 99 + 2, ValueUsd: 3000, Parcels: 1},
			{HsCode: "7102.21", Carats: 49, ValueUsd: 0, Parcels: 1},
		}},
		{"re-valued 4001 cents: the cent to the line of the largest value", cert(250, 4001, 3), []HSLine{
			{HsCode: "7102.31", Carats: 100, ValueUsd: 1000, Parcels: 1},
			{HsCode: "7102.10", Carats: 100, ValueUsd: 3001, Parcels: 1},
			{HsCode: "7102.21", Carats: 50, ValueUsd: 0, Parcels: 1},
		}},
	} {
		got := ReceivedLines(tc.c)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
		var carats, value int64
		for _, l := range got {
			carats, value = carats+l.Carats, value+l.ValueUsd
		}
		if carats != tc.c.ReceivedCarats || value != tc.c.ReceivedValueUsd {
			t.Errorf("%s: lines sum to %d, %d", tc.name, carats, value)
		}
	}
}

// TestOneLineIssuanceUnchanged: the issuance fields of a certificate of the
// one-line form carry no lines, so its QR code's hash is as it was before
// certificates had lines; one issued with lines carries them.
func TestOneLineIssuanceUnchanged(t *testing.T) {
	one := &Certificate{Number: "BW-1", HsCode: "7102.31", Carats: 5, ValueUsd: 7, Parcels: 1,
		Lines: []HSLine{{HsCode: "7102.31", Carats: 5, ValueUsd: 7, Parcels: 1}}}
	if got := Issuance(one); len(got.Lines) != 0 || got.HsCode != "7102.31" {
		t.Errorf("one-line issuance %+v", got)
	}
	bare := *one
	bare.Lines = nil
	if string(IssuanceHash(one)) != string(IssuanceHash(&bare)) {
		t.Error("a one-line certificate's issuance hash depends on its stored line")
	}
	two := &Certificate{Number: "BW-2", Carats: 8, ValueUsd: 9, Parcels: 2,
		Lines: []HSLine{{HsCode: "7102.10", Carats: 3, ValueUsd: 4, Parcels: 1}, {HsCode: "7102.31", Carats: 5, ValueUsd: 5, Parcels: 1}}}
	if got := Issuance(two); !slices.Equal(got.Lines, two.Lines) || got.HsCode != "" || got.validateLines() != nil {
		t.Errorf("two-line issuance %+v", got)
	}
}
