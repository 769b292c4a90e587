package client

import (
	"testing"
	"time"
)

func TestParseExpiry(t *testing.T) {
	now := time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)
	cases := map[string]int64{
		"30d":                  now.Add(30 * 24 * time.Hour).Unix(),
		"720h":                 now.Add(720 * time.Hour).Unix(),
		"2005-12-31":           time.Date(2005, 12, 31, 23, 59, 59, 0, time.UTC).Unix(),
		"2005-12-01T12:00:00Z": time.Date(2005, 12, 1, 12, 0, 0, 0, time.UTC).Unix(),
	}
	for in, want := range cases {
		if got, err := parseExpiry(in, now); err != nil || got != want {
			t.Errorf("parseExpiry(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0d", "-3d", "tomorrow", "31/12/2005", "3.5d"} {
		if _, err := parseExpiry(bad, now); err == nil {
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
