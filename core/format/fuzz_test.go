package format_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
)

// FuzzParseHundredths: any text either reads as a non-negative count of
// hundredths whose formatting reads back to the same count, or is refused;
// nothing panics.
func FuzzParseHundredths(f *testing.F) {
	for _, s := range []string{"1523.40", "1523.4", "0.05", "007.10", "", ".5", "1.", "1.234", "-1", "1e3", " 1",
		"92233720368547758.07", "92233720368547758.08", "99999999999999999999", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := format.ParseHundredths(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("%q read as %d", s, n)
		}
		again, err := format.ParseHundredths(format.Hundredths(n))
		if err != nil || again != n {
			t.Fatalf("%q read as %d, shown as %q, read back as %d (%v)", s, n, format.Hundredths(n), again, err)
		}
	})
}

// FuzzUnmarshalJSON: any JSON — amounts as decimals, times, hashes — either
// reads into a transaction body (whose canonical JSON reads back the same) or
// is refused; nothing panics.
func FuzzUnmarshalJSON(f *testing.F) {
	f.Add(`{"chain_id":"kpledger-1","sequence":"7","signer":"AAEC"}`)
	f.Add(`{"carats":"1523.40","value_usd":"2450.00","expires_at":"2005-12-31T00:00:00Z"}`)
	f.Add(`{"carats":1e309}`)
	f.Add(`{"sequence":-1}`)
	f.Add(`[`)
	f.Add(strings.Repeat(`{"a":`, 200))
	f.Fuzz(func(t *testing.T, s string) {
		var body envelope.TxBody
		if err := format.UnmarshalJSON([]byte(s), &body); err != nil {
			return
		}
		bz, err := format.MarshalJSON(&body)
		if err != nil {
			t.Fatalf("a body read from JSON does not write back: %v", err)
		}
		if !json.Valid(bz) {
			t.Fatalf("invalid JSON written: %s", bz)
		}
	})
}
