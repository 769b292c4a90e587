package codec

import (
	"strings"
	"testing"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

func TestParseAndFormatHundredths(t *testing.T) {
	for in, want := range map[string]int64{"1523.40": 152340, "1523.4": 152340, "1523": 152300, "0.05": 5, "007.10": 710} {
		got, err := ParseHundredths(in)
		if err != nil || got != want {
			t.Errorf("ParseHundredths(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", ".5", "1.", "1.234", "-1", "1,5", "1e3", " 1"} {
		if _, err := ParseHundredths(bad); err == nil {
			t.Errorf("ParseHundredths(%q) accepted", bad)
		}
	}
	if got := FormatHundredths(152340); got != "1523.40" {
		t.Errorf("FormatHundredths = %q", got)
	}
	if got := FormatHundredths(5); got != "0.05" {
		t.Errorf("FormatHundredths = %q", got)
	}
}

func TestMarshalJSONKeepsOrderAndNames(t *testing.T) {
	bz, err := MarshalJSON(&participanttypes.Participant{Code: "BW", Name: "Botswana", Kind: participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY})
	if err != nil {
		t.Fatal(err)
	}
	s := string(bz)
	if strings.Index(s, `"code"`) > strings.Index(s, `"name"`) || !strings.Contains(s, `"kind": "PARTICIPANT_KIND_COUNTRY"`) {
		t.Fatalf("unexpected JSON:\n%s", s)
	}
}
