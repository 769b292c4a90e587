package web

import (
	"context"
	"fmt"
	"math/big"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// maxVersions bounds the versions of a participant's production reports of
// a year the server reads (a correction is a new version).
const maxVersions = 4096

// flowView is a quantity of trade as the API shows it.
type flowView struct {
	Carats       string `json:"carats"`
	ValueUSD     string `json:"value_usd"`
	Certificates int64  `json:"certificates"`
	// USDPerCarat is empty when no carats moved.
	USDPerCarat string `json:"usd_per_carat,omitempty"`
}

func flowOf(f stattypes.Flow) flowView {
	v := flowView{Carats: format.Hundredths(f.Carats), ValueUSD: format.Hundredths(f.ValueUsd), Certificates: f.Certificates}
	if f.Carats > 0 {
		v.USDPerCarat = format.Hundredths(perCarat(f))
	}
	return v
}

// perCarat is US$ per carat, in hundredths of a dollar. The product is
// taken wide (a quarter's value times 100 may not fit int64); the quotient
// fits, no certificate's value per carat being above MaxValueUsd.
func perCarat(f stattypes.Flow) int64 {
	if f.Carats <= 0 {
		return 0
	}
	return new(big.Int).Quo(new(big.Int).Mul(big.NewInt(f.ValueUsd), big.NewInt(100)), big.NewInt(f.Carats)).Int64()
}

type quarterView struct {
	Quarter  uint32   `json:"quarter"`
	Exports  flowView `json:"exports"`
	Imports  flowView `json:"imports"`
	Rejected flowView `json:"rejected"`
}

// halfView is a half-year's production as the current version of its report
// says (Reported false: none).
type halfView struct {
	Half        uint32 `json:"half"`
	Reported    bool   `json:"reported"`
	Version     uint32 `json:"version,omitempty"`
	ReportedAt  string `json:"reported_at,omitempty"`
	Alluvial    string `json:"alluvial_carats"`
	Kimberlite  string `json:"kimberlite_carats"`
	Other       string `json:"other_carats"`
	Carats      string `json:"carats"`
	ValueUSD    string `json:"value_usd"`
	USDPerCarat string `json:"usd_per_carat,omitempty"`
}

// yearFigures is a participant's (or the KP's) year: trade by quarter and
// production by half, raw, for tables and charts.
type yearFigures struct {
	trade      [4]stattypes.QuarterTrade
	production [2]*stattypes.ProductionReport
}

// add adds another participant's year; the KP's sums are checked as the
// ledger's are (stattypes.ErrSumOverflow), never shown wrapped.
func (y *yearFigures) add(other *yearFigures) error {
	for q := range y.trade {
		for _, d := range []struct{ into, from *stattypes.Trade }{
			{&y.trade[q].Exports, &other.trade[q].Exports}, {&y.trade[q].Imports, &other.trade[q].Imports},
			{&y.trade[q].Rejected, &other.trade[q].Rejected},
		} {
			if err := d.into.Total.Add(d.from.Total, 1); err != nil {
				return fmt.Errorf("the KP's trade of Q%d: %w", q+1, err)
			}
		}
	}
	for h, r := range other.production {
		if r == nil {
			continue
		}
		if y.production[h] == nil {
			y.production[h] = &stattypes.ProductionReport{Half: uint32(h + 1)}
		}
		p, o := &y.production[h].Production, &r.Production
		p.AlluvialCarats += o.AlluvialCarats
		p.AlluvialValueUsd += o.AlluvialValueUsd
		p.KimberliteCarats += o.KimberliteCarats
		p.KimberliteValueUsd += o.KimberliteValueUsd
		p.OtherCarats += o.OtherCarats
		p.OtherValueUsd += o.OtherValueUsd
	}
	return nil // production figures are bounded (stattypes.MaxProductionFigure): their sums fit
}

func (y *yearFigures) quarters() []quarterView {
	out := make([]quarterView, 4)
	for q, t := range y.trade {
		out[q] = quarterView{Quarter: uint32(q + 1), Exports: flowOf(t.Exports.Total), Imports: flowOf(t.Imports.Total),
			Rejected: flowOf(t.Rejected.Total)}
	}
	return out
}

func (y *yearFigures) halves() []halfView {
	out := make([]halfView, 2)
	for h, r := range y.production {
		v := halfView{Half: uint32(h + 1), Alluvial: "0.00", Kimberlite: "0.00", Other: "0.00", Carats: "0.00", ValueUSD: "0.00"}
		if r != nil {
			p := &r.Production
			v.Reported, v.Version = true, r.Version
			if r.ReportedAt != 0 {
				v.ReportedAt = format.Time(r.ReportedAt)
			}
			v.Alluvial, v.Kimberlite, v.Other = format.Hundredths(p.AlluvialCarats), format.Hundredths(p.KimberliteCarats), format.Hundredths(p.OtherCarats)
			v.Carats, v.ValueUSD = format.Hundredths(p.Carats()), format.Hundredths(p.ValueUsd())
			if p.Carats() > 0 {
				v.USDPerCarat = format.Hundredths(perCarat(stattypes.Flow{Carats: p.Carats(), ValueUsd: p.ValueUsd()}))
			}
		}
		out[h] = v
	}
	return out
}

// totals are the year's exports, imports and production; a trade sum that
// would overflow is stattypes.ErrSumOverflow.
func (y *yearFigures) totals() (exports, imports stattypes.Flow, production stattypes.Production, halves uint32, err error) {
	for _, t := range y.trade {
		if err := exports.Add(t.Exports.Total, 1); err != nil {
			return exports, imports, production, 0, fmt.Errorf("the year's exports: %w", err)
		}
		if err := imports.Add(t.Imports.Total, 1); err != nil {
			return exports, imports, production, 0, fmt.Errorf("the year's imports: %w", err)
		}
	}
	for _, r := range y.production {
		if r != nil {
			halves++
			p := &r.Production
			production.AlluvialCarats += p.AlluvialCarats
			production.AlluvialValueUsd += p.AlluvialValueUsd
			production.KimberliteCarats += p.KimberliteCarats
			production.KimberliteValueUsd += p.KimberliteValueUsd
			production.OtherCarats += p.OtherCarats
			production.OtherValueUsd += p.OtherValueUsd
		}
	}
	return exports, imports, production, halves, nil
}

// participantStatsView is a participant's year.
type participantStatsView struct {
	Participant string        `json:"participant"`
	Name        string        `json:"name"`
	Year        uint32        `json:"year"`
	Quarters    []quarterView `json:"quarters"`
	Production  []halfView    `json:"production"`
	Exports     flowView      `json:"exports"`
	Imports     flowView      `json:"imports"`
	Charts      []*chart      `json:"-"`
}

// annualRow is a participant's year in the KP-wide table.
type annualRow struct {
	Participant        string   `json:"participant"`
	Name               string   `json:"name"`
	ProductionCarats   string   `json:"production_carats"`
	ProductionValueUSD string   `json:"production_value_usd"`
	ReportedHalves     uint32   `json:"reported_halves"`
	Exports            flowView `json:"exports"`
	Imports            flowView `json:"imports"`
}

// annualView is the KP-wide annual table, with the KP's quarters and halves.
type annualView struct {
	Year       uint32        `json:"year"`
	Rows       []annualRow   `json:"rows"`
	Total      annualRow     `json:"total"`
	Quarters   []quarterView `json:"quarters"`
	Production []halfView    `json:"production"`
	Charts     []*chart      `json:"-"`
}

func rowOf(code, name string, y *yearFigures) (annualRow, error) {
	exports, imports, production, halves, err := y.totals()
	if err != nil {
		return annualRow{}, fmt.Errorf("%s: %w", code, err)
	}
	return annualRow{Participant: code, Name: name, ProductionCarats: format.Hundredths(production.Carats()),
		ProductionValueUSD: format.Hundredths(production.ValueUsd()), ReportedHalves: halves, Exports: flowOf(exports), Imports: flowOf(imports)}, nil
}

// readYear proves a participant's trade of each quarter of a year (absent:
// none) and the current version of its production report of each half.
func readYear(ctx context.Context, s *proof.Session, code string, year uint32, trade map[uint32]*stattypes.QuarterTrade) (*yearFigures, error) {
	y := &yearFigures{}
	for q := uint32(1); q <= 4; q++ {
		if trade != nil {
			if t := trade[q]; t != nil {
				y.trade[q-1] = *t
			}
			continue
		}
		if _, err := get(ctx, s, statisticsPrefixed(stattypes.TradeKey(year, q, code)), &y.trade[q-1]); err != nil {
			return nil, err
		}
	}
	prefix := stattypes.ProductionPeriodPrefix(code, year, 1)
	prefix = statisticsPrefixed(prefix[:len(prefix)-1]) // both halves
	_, err := scan(ctx, s, prefix, maxVersions, func(_, value []byte) error {
		var r stattypes.ProductionReport
		if err := r.Unmarshal(value); err != nil {
			return err
		}
		if r.Half < 1 || r.Half > 2 || r.Participant != code || r.Year != year {
			return fmt.Errorf("a report of %s %d H%d under %s %d", r.Participant, r.Year, r.Half, code, year)
		}
		y.production[r.Half-1] = &r // versions come in order: the last is current
		return nil
	})
	return y, err
}

// readParticipantStats proves a participant's year.
func readParticipantStats(ctx context.Context, s *proof.Session, code string, year uint32) (*participantStatsView, bool, error) {
	var p participanttypes.Participant
	found, err := get(ctx, s, participantPrefixed(participanttypes.ParticipantKey(code)), &p)
	if err != nil || !found {
		return nil, found, err
	}
	y, err := readYear(ctx, s, code, year, nil)
	if err != nil {
		return nil, false, err
	}
	exports, imports, _, _, err := y.totals()
	if err != nil {
		return nil, false, err
	}
	v := &participantStatsView{Participant: code, Name: p.Name, Year: year, Quarters: y.quarters(), Production: y.halves(),
		Exports: flowOf(exports), Imports: flowOf(imports)}
	v.Charts = yearCharts(y)
	return v, true, nil
}

// readAnnual proves the KP-wide table of a year: every participant's trade
// (one listing of the year's quarters) and production reports.
func readAnnual(ctx context.Context, s *proof.Session, year uint32) (*annualView, error) {
	trade := map[string]map[uint32]*stattypes.QuarterTrade{}
	quarterPrefix := stattypes.TradeQuarterPrefix(year, 1)
	_, err := scan(ctx, s, statisticsPrefixed(quarterPrefix[:len(quarterPrefix)-1]), 4*maxListing, func(_, value []byte) error {
		var t stattypes.QuarterTrade
		if err := t.Unmarshal(value); err != nil {
			return err
		}
		if t.Year != year || t.Quarter < 1 || t.Quarter > 4 {
			return fmt.Errorf("the trade of %d Q%d under %d", t.Year, t.Quarter, year)
		}
		if trade[t.Participant] == nil {
			trade[t.Participant] = map[uint32]*stattypes.QuarterTrade{}
		}
		trade[t.Participant][t.Quarter] = &t
		return nil
	})
	if err != nil {
		return nil, err
	}
	var participants []participanttypes.Participant
	if _, err := scan(ctx, s, participantPrefixed(participanttypes.ParticipantsPrefix()), maxListing, func(_, value []byte) error {
		var p participanttypes.Participant
		if err := p.Unmarshal(value); err != nil {
			return err
		}
		participants = append(participants, p)
		return nil
	}); err != nil {
		return nil, err
	}
	v := &annualView{Year: year}
	kp := &yearFigures{}
	for _, p := range participants {
		quarters := trade[p.Code]
		if quarters == nil {
			quarters = map[uint32]*stattypes.QuarterTrade{}
		}
		y, err := readYear(ctx, s, p.Code, year, quarters)
		if err != nil {
			return nil, err
		}
		row, err := rowOf(p.Code, p.Name, y)
		if err != nil {
			return nil, err
		}
		v.Rows = append(v.Rows, row)
		if err := kp.add(y); err != nil {
			return nil, err
		}
	}
	if v.Total, err = rowOf("TOTAL", "", kp); err != nil {
		return nil, err
	}
	v.Total.ReportedHalves = 0 // as the ledger's annual query: reports, not halves
	for _, r := range v.Rows {
		v.Total.ReportedHalves += r.ReportedHalves
	}
	v.Quarters, v.Production = kp.quarters(), kp.halves()
	v.Charts = yearCharts(kp)
	return v, nil
}
