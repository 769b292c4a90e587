package format_test

import (
	"strings"
	"testing"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
)

func TestParseAndFormatHundredths(t *testing.T) {
	for in, want := range map[string]int64{"1523.40": 152340, "1523.4": 152340, "1523": 152300, "0.05": 5, "007.10": 710} {
		got, err := format.ParseHundredths(in)
		if err != nil || got != want {
			t.Errorf("ParseHundredths(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", ".5", "1.", "1.234", "-1", "1,5", "1e3", " 1"} {
		if _, err := format.ParseHundredths(bad); err == nil {
			t.Errorf("ParseHundredths(%q) accepted", bad)
		}
	}
	if got := format.Hundredths(152340); got != "1523.40" {
		t.Errorf("FormatHundredths = %q", got)
	}
	if got := format.Hundredths(5); got != "0.05" {
		t.Errorf("FormatHundredths = %q", got)
	}
}

func TestMarshalJSONKeepsOrderAndNames(t *testing.T) {
	bz, err := format.MarshalJSON(&envelope.TxBody{ChainId: "kp-2005", Sequence: 7})
	if err != nil {
		t.Fatal(err)
	}
	s := string(bz)
	if strings.Index(s, `"chain_id"`) > strings.Index(s, `"sequence"`) || !strings.Contains(s, `"sequence": "7"`) || !strings.Contains(s, `"messages": []`) {
		t.Fatalf("unexpected JSON:\n%s", s)
	}
}

func TestNamesBothWays(t *testing.T) {
	for _, word := range []string{"importer-authority", "ROLE_IMPORTER_AUTHORITY", "role_importer_authority"} {
		if r, err := envelope.ParseRole(word); err != nil || r != envelope.Role_ROLE_IMPORTER_AUTHORITY || r.Name() != "importer-authority" {
			t.Errorf("ParseRole(%q) = %v (%s), %v", word, r, r.Name(), err)
		}
	}
	if _, err := envelope.ParseRole("customs"); err == nil || !strings.Contains(err.Error(), "one of issuer, importer-authority, admin, exporter, importer, observer") {
		t.Errorf("ParseRole(customs): %v", err)
	}
	if got := envelope.Role(42).Name(); got != "unspecified(42)" {
		t.Errorf("Role(42).Name() = %q", got)
	}
}
