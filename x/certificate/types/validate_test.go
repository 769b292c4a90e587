package types

import "testing"

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"BW-2005-1":       "BW-2005-1",
		"bw 2005 1":       "BW-2005-1",
		"ZA 012345":       "ZA-012345",
		" ZA  012345 ":    "ZA-012345",
		"KP-IN-0001":      "IN-0001",
		"kp in 0001":      "IN-0001",
		"KP IN0001":       "IN0001",
		"KP-0001":         "KP-0001",
		"EU--2005__7":     "EU-2005-7",
		"EU–2005–7":       "EU-2005-7",
		"RU/2005.10":      "RU/2005.10",
		"-BW-1-":          "BW-1",
		"KP-":             "KP",
		"BW-2005 / 10":    "BW-2005/10",
		"ZA-2005-0001  ":  "ZA-2005-0001",
		"KP-EU-2005-0001": "EU-2005-0001",
	} {
		if got := NormalizeNumber(in); got != want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
	if err := ValidateNumber("BW-2005-1"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"BW 2005 1", "KP-BW-1", "BW--1", "BW-1-", "bw-1"} {
		if ValidateNumber(bad) == nil {
			t.Errorf("%q accepted as a number", bad)
		}
	}
}
