package client

import (
	"testing"
	"time"
	_ "time/tzdata"
)

// TestParseExpiry: a validity counts from the latest block time, a date is
// the end of that day where the issuing participant is.
func TestParseExpiry(t *testing.T) {
	block := time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)
	caracas, err := time.LoadLocation("America/Caracas")
	if err != nil {
		t.Fatal(err)
	}
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		zone *time.Location
		want time.Time
	}{
		{"60d", time.UTC, block.Add(60 * 24 * time.Hour)},
		{"720h", time.UTC, block.Add(720 * time.Hour)},
		{"2005-12-31", time.UTC, time.Date(2005, 12, 31, 23, 59, 59, 0, time.UTC)},
		// Venezuela's authority: the end of 31 December in Caracas is 03:59:59 UTC on 1 January.
		{"2005-12-31", caracas, time.Date(2006, 1, 1, 3, 59, 59, 0, time.UTC)},
		// Australia's: 12:59:59 UTC on 31 December (daylight saving time).
		{"2005-12-31", sydney, time.Date(2005, 12, 31, 12, 59, 59, 0, time.UTC)},
		{"2005-12-01T12:00:00Z", sydney, time.Date(2005, 12, 1, 12, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got, err := parseExpiry(c.in, block, c.zone); err != nil || got != c.want.Unix() {
			t.Errorf("parseExpiry(%q, %s) = %s, %v; want %s", c.in, c.zone, time.Unix(got, 0).UTC(), err, c.want)
		}
	}
	for _, bad := range []string{"", "0d", "-3d", "tomorrow", "31/12/2005", "3.5d"} {
		if _, err := parseExpiry(bad, block, time.UTC); err == nil {
			t.Errorf("parseExpiry(%q) accepted", bad)
		}
	}
}

func TestParseOriginAndParent(t *testing.T) {
	if o, l, err := parseOrigin("mixed:cd,ao,ao"); err != nil || o != "MIXED" || len(l) != 2 || l[0] != "AO" || l[1] != "CD" {
		t.Fatalf("parseOrigin = %s %v %v", o, l, err)
	}
	if _, _, err := parseOrigin("BW:ZA"); err == nil {
		t.Fatal("a list after a single origin was accepted")
	}
	if d, err := parseParent("za-2005-0001:100.5"); err != nil || d.Number != "ZA-2005-0001" || d.Carats != 10050 {
		t.Fatalf("parseParent = %+v %v", d, err)
	}
	for _, bad := range []string{"ZA-1", "ZA-1:0", "ZA-1:1.234"} {
		if _, err := parseParent(bad); err == nil {
			t.Errorf("parseParent(%q) accepted", bad)
		}
	}
	if _, err := parseAmount("carats", "1523.456"); err == nil {
		t.Fatal("three decimals accepted")
	}
}
