package client

import (
	"testing"
	"time"
)

// FuzzFlags: any text given to the certificate commands' amount, origin,
// date, parent and stock flags is read or refused with an error; nothing
// panics, and what is read keeps the flags' rules (amounts above zero, a
// validity counted forward from the latest block).
func FuzzFlags(f *testing.F) {
	for _, s := range []string{"1523.40", "0", "0.00", "-5", "60d", "0d", "-1d", "99999999999999d", "720h", "-1h",
		"2005-12-31", "2005-02-30", "2005-12-31T23:59:59+02:00", "BW", "MIXED:AO,CD", "MIXED:", "bw:1,2",
		"BW-2005-1:100.00", "ZA 012345:1.5", ":", "AO+CD:12.00", "+:1", "AO++CD:0.01"} {
		f.Add(s)
	}
	latest := time.Date(2005, 11, 15, 12, 0, 0, 0, time.UTC)
	zone := time.FixedZone("Gaborone", 2*60*60)
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := parseAmount("carats", s); err == nil && n <= 0 {
			t.Fatalf("--carats %q read as %d", s, n)
		}
		_, _, _ = parseOrigin(s)
		if at, err := parseExpiry(s, latest, zone); err == nil && len(s) > 1 && s[len(s)-1] == 'd' && at <= latest.Unix() {
			t.Fatalf("--expires %q read as %d, not after the latest block", s, at)
		}
		if at, err := parseReceived(s, zone, latest.Unix()); err == nil && at < latest.Unix() && len(s) == len("2006-01-02") {
			t.Fatalf("--received %q read as %d, before the time of issue", s, at)
		}
		_, _ = parseDate("from", s)
		if d, err := parseParent(s); err == nil && d.Carats <= 0 {
			t.Fatalf("--parent %q draws %d", s, d.Carats)
		}
		if d, err := parseStockDraw(s); err == nil && d.Carats <= 0 {
			t.Fatalf("--stock %q draws %d", s, d.Carats)
		}
	})
}
