package web

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite the golden SVG files of testdata/charts")

// goldenYear is a year of figures for the golden charts.
func goldenYear() *yearFigures {
	y := &yearFigures{}
	for q, f := range []struct{ exports, imports, certificates int64 }{{200000, 0, 1}, {310000, 45000, 2}, {250000, 70000, 3}, {332340, 0, 2}} {
		y.trade[q].Exports.Total = stattypes.Flow{Carats: f.exports, ValueUsd: f.exports * 125, Certificates: f.certificates}
		y.trade[q].Imports.Total = stattypes.Flow{Carats: f.imports, ValueUsd: f.imports * 140, Certificates: f.certificates / 2}
	}
	y.production[0] = &stattypes.ProductionReport{Half: 1, Version: 1, Production: stattypes.Production{
		AlluvialCarats: 1500000, AlluvialValueUsd: 110000000, KimberliteCarats: 33000000, KimberliteValueUsd: 2700000000, OtherCarats: 80000}}
	return y
}

// TestChartsGolden: the SVG of each chart of a year, in English and in
// Russian, and of a year with nothing, is the one in testdata/charts
// (-update-golden rewrites them: look at them before committing).
func TestChartsGolden(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	render := func(c *chart, l lang) []byte {
		var buf bytes.Buffer
		if err := pages["statistics"].ExecuteTemplate(&buf, "chart", c.layout(l)); err != nil {
			t.Fatal(err)
		}
		return append(buf.Bytes(), '\n')
	}
	cases := map[string][]byte{}
	for _, c := range yearCharts(goldenYear()) {
		cases[c.ID+".svg"] = render(c, lang{"en", 0})
	}
	cases["trade-ru.svg"] = render(yearCharts(goldenYear())[1], lang{"ru", 4})
	cases["empty.svg"] = render(yearCharts(&yearFigures{})[0], lang{"fr", 1})
	for name, got := range cases {
		t.Run(name, func(t *testing.T) {
			if err := wellFormed(got); err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, got)
			}
			path := filepath.Join("testdata", "charts", name)
			if *updateGolden {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./client/web -run TestChartsGolden -update-golden writes it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", name, got, want)
			}
		})
	}
}

// wellFormed reports whether a document parses as XML, as a standalone SVG
// must.
func wellFormed(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, tc := range []struct {
		largest    int64
		hundredths bool
		want       int64
	}{
		{0, false, 1}, {5, false, 1}, {6, false, 2}, {10, false, 2}, {11, false, 5}, {26, false, 10}, {3, false, 1},
		{0, true, 100}, {50000, true, 10000}, {332340, true, 100000}, {34000000, true, 10000000},
	} {
		if got := niceStep(tc.largest, tc.hundredths); got != tc.want {
			t.Errorf("niceStep(%d, %v) = %d, want %d", tc.largest, tc.hundredths, got, tc.want)
		}
	}
}
