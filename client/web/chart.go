package web

import (
	"fmt"
	"strings"

	"github.com/kpledger/kpledger/core/format"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// Charts are drawn on the server as inline SVG through html/template (the
// "chart" template): grouped bars over categories, a scale of round numbers,
// a legend. No script and no library: the geometry is integer arithmetic
// here, so the same figures always give the same SVG (the golden files of
// testdata/charts).

// Chart sizes, in SVG user units.
const (
	chartWidth   = 640
	chartHeight  = 280
	plotLeft     = 90
	plotRight    = 620
	plotTop      = 40
	plotBottom   = 220
	chartTicks   = 5
	barGapPixels = 4
)

// chart is a bar chart's content: Values[s][c] is series s over category c,
// in hundredths (carats, US$) when Hundredths, else counts.
type chart struct {
	ID         string
	Title      string // message key
	Unit       string // message key
	Categories []string
	Series     []series
	Hundredths bool
}

type series struct {
	Name   string // message key
	Fill   string
	Values []int64
}

// svgChart is a chart laid out, in the page's language.
type svgChart struct {
	ID, Title, Unit string
	Width, Height   int
	Left, Right     int
	Top, Bottom     int
	Ticks           []svgTick
	Bars            []svgBar
	Labels          []svgText
	Legend          []svgLegend
}

type svgTick struct {
	Y     int
	Label string
}

type svgBar struct {
	X, Y, W, H int
	Fill       string
	Series     string
	Category   string
	Value      string
	Title      string
}

type svgText struct {
	X, Y int
	Text string
}

type svgLegend struct {
	X, Y int
	Fill string
	Text string
}

// layout places a chart's bars for a page in language l.
func (c *chart) layout(l lang) svgChart {
	out := svgChart{ID: c.ID, Title: l.T(c.Title), Unit: l.T(c.Unit), Width: chartWidth, Height: chartHeight,
		Left: plotLeft, Right: plotRight, Top: plotTop, Bottom: plotBottom}
	var largest int64
	for _, s := range c.Series {
		for _, v := range s.Values {
			largest = max(largest, v)
		}
	}
	step := niceStep(largest, c.Hundredths)
	top := step * chartTicks
	for i := 0; i <= chartTicks; i++ {
		v := step * int64(i)
		out.Ticks = append(out.Ticks, svgTick{Y: plotBottom - int(v*(plotBottom-plotTop)/top), Label: c.show(v, true)})
	}
	group := (plotRight - plotLeft) / max(1, len(c.Categories))
	width := (group - 4*barGapPixels) / max(1, len(c.Series))
	for ci, category := range c.Categories {
		x0 := plotLeft + ci*group + 2*barGapPixels
		out.Labels = append(out.Labels, svgText{X: plotLeft + ci*group + group/2, Y: plotBottom + 18, Text: category})
		for si, s := range c.Series {
			v := max(0, s.Values[ci])
			h := int(v * (plotBottom - plotTop) / top)
			name := l.T(s.Name)
			out.Bars = append(out.Bars, svgBar{X: x0 + si*width, Y: plotBottom - h, W: width - barGapPixels, H: h, Fill: s.Fill,
				Series: s.Name, Category: category, Value: c.show(v, false),
				Title: fmt.Sprintf("%s · %s: %s %s", category, name, c.show(v, false), out.Unit)})
		}
	}
	for si, s := range c.Series {
		out.Legend = append(out.Legend, svgLegend{X: plotLeft + si*150, Y: 22, Fill: s.Fill, Text: l.T(s.Name)})
	}
	return out
}

// show is a value as a chart writes it: hundredths with two decimals (none
// on the round numbers of the scale), thousands apart by a space, which
// reads the same in the five languages.
func (c *chart) show(v int64, round bool) string {
	if !c.Hundredths {
		return grouped(fmt.Sprint(v))
	}
	s := format.Hundredths(v)
	whole, cents, _ := strings.Cut(s, ".")
	if round {
		return grouped(whole)
	}
	return grouped(whole) + "." + cents
}

func grouped(digits string) string {
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// niceStep is the scale's step: 1, 2 or 5 times a power of ten (of whole
// units for hundredths), such that chartTicks steps reach the largest value.
func niceStep(largest int64, hundredths bool) int64 {
	unit := int64(1)
	if hundredths {
		unit = 100
	}
	for power := unit; ; power *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if step := m * power; step*chartTicks >= largest {
				return step
			}
		}
	}
}

// The colours of the series.
const (
	fillExports    = "#0b3d5c"
	fillImports    = "#c77c02"
	fillAlluvial   = "#2e7d32"
	fillKimberlite = "#6a1b9a"
	fillOther      = "#8d6e63"
)

var (
	quarterLabels = []string{"Q1", "Q2", "Q3", "Q4"}
	halfLabels    = []string{"H1", "H2"}
)

// yearCharts are the charts of a year: production by mining type, exports
// and imports by quarter in carats, certificates by quarter, US$ per carat
// by quarter.
func yearCharts(y *yearFigures) []*chart {
	production := &chart{ID: "production", Title: "chart.production", Unit: "unit.carats", Categories: halfLabels, Hundredths: true,
		Series: []series{{Name: "mining.alluvial", Fill: fillAlluvial}, {Name: "mining.kimberlite", Fill: fillKimberlite}, {Name: "mining.other", Fill: fillOther}}}
	for _, r := range y.production {
		var p stattypes.Production
		if r != nil {
			p = r.Production
		}
		production.Series[0].Values = append(production.Series[0].Values, p.AlluvialCarats)
		production.Series[1].Values = append(production.Series[1].Values, p.KimberliteCarats)
		production.Series[2].Values = append(production.Series[2].Values, p.OtherCarats)
	}
	trade := func(id, title, unit string, hundredths bool, value func(stattypes.Flow) int64) *chart {
		c := &chart{ID: id, Title: title, Unit: unit, Categories: quarterLabels, Hundredths: hundredths,
			Series: []series{{Name: "trade.exports", Fill: fillExports}, {Name: "trade.imports", Fill: fillImports}}}
		for _, t := range y.trade {
			c.Series[0].Values = append(c.Series[0].Values, value(t.Exports.Total))
			c.Series[1].Values = append(c.Series[1].Values, value(t.Imports.Total))
		}
		return c
	}
	return []*chart{
		production,
		trade("trade", "chart.trade", "unit.carats", true, func(f stattypes.Flow) int64 { return f.Carats }),
		trade("certificates", "chart.certificates", "unit.certificates", false, func(f stattypes.Flow) int64 { return f.Certificates }),
		trade("price", "chart.price", "unit.usd_per_carat", true, perCarat),
	}
}
