package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/kpledger/kpledger/core/format"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestAnnualTableIsTheLedgers: the KP-wide table the server builds from
// proved records is the one the ledger's own annual query computes.
func TestAnnualTableIsTheLedgers(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	type flow struct {
		Carats       string
		ValueUSD     string `json:"value_usd"`
		Certificates int64
	}
	for _, year := range []uint32{2005, 2006} {
		var ledger stattypes.QueryAnnualResponse
		c.MustQuery(stattypes.QueryAnnual, &stattypes.QueryAnnualRequest{Year: year}, &ledger)
		var served struct {
			Rows []struct {
				Participant        string
				ProductionCarats   string `json:"production_carats"`
				ProductionValueUSD string `json:"production_value_usd"`
				ReportedHalves     uint32 `json:"reported_halves"`
				Exports, Imports   flow
			}
		}
		if code, _ := getJSON(t, s, fmt.Sprintf("/api/v1/statistics?year=%d", year), &served); code != http.StatusOK {
			t.Fatalf("%d: %d", year, code)
		}
		if len(served.Rows) != len(ledger.Rows) {
			t.Fatalf("%d: %d rows, the ledger %d", year, len(served.Rows), len(ledger.Rows))
		}
		for i, want := range ledger.Rows {
			got := served.Rows[i]
			if got.Participant != want.Participant || got.ProductionCarats != format.Hundredths(want.ProductionCarats) ||
				got.ProductionValueUSD != format.Hundredths(want.ProductionValueUsd) || got.ReportedHalves != want.ReportedHalves ||
				got.Exports != (flow{format.Hundredths(want.Exports.Carats), format.Hundredths(want.Exports.ValueUsd), want.Exports.Certificates}) ||
				got.Imports != (flow{format.Hundredths(want.Imports.Carats), format.Hundredths(want.Imports.ValueUsd), want.Imports.Certificates}) {
				t.Errorf("%d %s: served %+v, the ledger %+v", year, want.Participant, got, want)
			}
		}
	}
}

// bars are the bars of a chart in a page: series, category and value.
func bars(page, chart string) []string {
	svg := regexp.MustCompile(`(?s)<svg[^>]*data-chart="` + chart + `".*?</svg>`).FindString(page)
	var out []string
	for _, m := range regexp.MustCompile(`<rect class="bar"[^>]*height="(\d+)"[^>]*data-series="([^"]+)" data-category="([^"]+)" data-value="([^"]+)"`).FindAllStringSubmatch(svg, -1) {
		out = append(out, fmt.Sprintf("%s %s %s h%s", m[2], m[3], m[4], m[1]))
	}
	return out
}

func TestParticipantStatisticsPage(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var bw struct {
		Quarters []struct {
			Quarter          uint32
			Exports, Imports struct {
				Carats      string
				USDPerCarat string `json:"usd_per_carat"`
			}
		}
		Production []struct {
			Half       uint32
			Reported   bool
			Kimberlite string `json:"kimberlite_carats"`
		}
	}
	if code, _ := getJSON(t, s, "/api/v1/statistics/BW?year=2006", &bw); code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	if bw.Quarters[0].Exports.Carats != "2000.00" || bw.Quarters[0].Exports.USDPerCarat != "130.00" || bw.Quarters[2].Imports.Carats != "700.00" ||
		!bw.Production[0].Reported || bw.Production[0].Kimberlite != "330000.00" || bw.Production[1].Reported {
		t.Errorf("BW 2006: %+v", bw)
	}
	code, page := get(t, s, "/statistics/BW?year=2006&lang=fr")
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	mustContain(t, "BW's statistics", page, "Production par type d&#39;extraction", "Exportations et importations par trimestre", "kimberlite")
	// Q4 is BW-2006-4 and BW-2006-5, 3,323.40 ct: the scale goes to 5,000 ct
	// over 180 units.
	want := []string{
		"trade.exports Q1 2 000.00 h72", "trade.imports Q1 0.00 h0", "trade.exports Q2 3 100.00 h111", "trade.imports Q2 0.00 h0",
		"trade.exports Q3 2 500.00 h90", "trade.imports Q3 700.00 h25", "trade.exports Q4 3 323.40 h119", "trade.imports Q4 0.00 h0",
	}
	if got := bars(page, "trade"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the bars of exports and imports:\n got %v\nwant %v", got, want)
	}
	if got := bars(page, "production"); len(got) != 6 {
		t.Errorf("production bars: %v", got)
	}
	if code, a := getJSON(t, s, "/api/v1/statistics/CI?year=2006", nil); code != http.StatusNotFound || !a.NotFound {
		t.Errorf("a participant that is not: %d", code)
	}
	if code, _ := getJSON(t, s, "/api/v1/statistics?year=1999", nil); code != http.StatusBadRequest {
		t.Errorf("year 1999: %d", code)
	}
}

func TestAnnualPageDefaultsToTheProvedYear(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	code, page := get(t, s, "/statistics?lang=ru")
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	mustContain(t, "the annual page", page, "<strong>2006</strong>", "Годовая таблица КП", `data-chart="price"`, `data-participant="BW"`)
	if n := len(bars(page, "certificates")); n != 8 {
		t.Errorf("%d bars of certificates, want 8", n)
	}
}
