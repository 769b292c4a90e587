package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

func (k Keeper) registerQueries(r *module.QueryRouter) {
	module.HandleQuery(r, types.QueryTrade, k.queryTrade)
	module.HandleQuery(r, types.QueryProduction, k.queryProduction)
	module.HandleQuery(r, types.QueryAnnual, k.queryAnnual)
	module.HandleQuery(r, types.QueryDiscrepancies, k.queryDiscrepancies)
	module.HandleQuery(r, types.QueryOverdue, k.queryOverdue)
	module.HandleQuery(r, types.QueryNonSubmitters, k.queryNonSubmitters)
	module.HandleQuery(r, types.QueryOverdueRates, func(ctx *module.QueryContext, req *types.QueryOverdueRatesRequest) (*types.QueryOverdueRatesResponse, error) {
		if !types.ValidYear(req.Year) {
			return nil, types.ErrInvalidQuery.Wrapf("year %d", req.Year)
		}
		return &types.QueryOverdueRatesResponse{Rates: store.LoadAll[types.OverdueCounts](types.Store(ctx.Store), types.OverdueCountsPrefix(req.Year))}, nil
	})
	module.HandleQuery(r, types.QueryMassBalance, func(ctx *module.QueryContext, req *types.QueryMassBalanceRequest) (*types.QueryMassBalanceResponse, error) {
		if !types.ValidYear(req.Year) {
			return nil, types.ErrInvalidQuery.Wrapf("year %d", req.Year)
		}
		resp := &types.QueryMassBalanceResponse{}
		for _, b := range store.LoadAll[types.MassBalance](types.Store(ctx.Store), types.MassBalancePrefix(req.Year, req.Participant)) {
			if (!req.Flagged || b.FlaggedAt != 0) && (req.Participant == "" || b.Participant == req.Participant) {
				resp.Balances = append(resp.Balances, b)
			}
		}
		return resp, nil
	})
	module.HandleQuery(r, types.QueryParams, func(ctx *module.QueryContext, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
		return &types.QueryParamsResponse{Params: k.Params(ctx.Store)}, nil
	})
}

func pageLimit(limit uint32) (int, error) {
	switch {
	case limit == 0:
		return types.DefaultPageSize, nil
	case limit > types.MaxPageSize:
		return 0, types.ErrInvalidQuery.Wrapf("limit %d, at most %d", limit, types.MaxPageSize)
	}
	return int(limit), nil
}

// queryDiscrepancies lists flags in certificate-number order; a page never
// splits the flags of one certificate, and a call examines about
// module.MaxScan flags (it finishes the certificate it is at).
func (k Keeper) queryDiscrepancies(ctx *module.QueryContext, req *types.QueryDiscrepanciesRequest) (*types.QueryDiscrepanciesResponse, error) {
	limit, err := pageLimit(req.Limit)
	if err != nil {
		return nil, err
	}
	prefix := types.DiscrepanciesPrefix()
	it := types.Store(ctx.Store).Iterator(append(append([]byte(nil), prefix...), req.PageKey...), store.PrefixEnd(prefix))
	defer it.Close()
	resp := &types.QueryDiscrepanciesResponse{}
	var last string
	for examined := 0; it.Valid(); it.Next() {
		var d types.Discrepancy
		if err := d.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		if examined >= module.MaxScan && d.Number != last {
			resp.NextKey = d.Number
			break
		}
		examined, last = examined+1, d.Number
		if (req.Rule != types.Rule_RULE_UNSPECIFIED && d.Rule != req.Rule) ||
			(req.Participant != "" && d.Issuer != req.Participant && d.Destination != req.Participant) {
			continue
		}
		if n := len(resp.Discrepancies); n >= limit && resp.Discrepancies[n-1].Number != d.Number {
			resp.NextKey = d.Number
			break
		}
		resp.Discrepancies = append(resp.Discrepancies, d)
	}
	return resp, nil
}

// queryOverdue lists overdue certificates in number order, examining at
// most module.MaxScan per call.
func (k Keeper) queryOverdue(ctx *module.QueryContext, req *types.QueryOverdueRequest) (*types.QueryOverdueResponse, error) {
	limit, err := pageLimit(req.Limit)
	if err != nil {
		return nil, err
	}
	prefix := types.OverduePrefix()
	it := types.Store(ctx.Store).Iterator(append(append([]byte(nil), prefix...), req.PageKey...), store.PrefixEnd(prefix))
	defer it.Close()
	resp := &types.QueryOverdueResponse{}
	for examined := 0; it.Valid(); it.Next() {
		if examined == module.MaxScan {
			resp.NextKey = string(it.Key()[len(prefix):])
			break
		}
		examined++
		var o types.OverdueCertificate
		if err := o.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		if (!req.All && !o.Open()) || (req.Participant != "" && o.Issuer != req.Participant && o.Destination != req.Participant) {
			continue
		}
		if len(resp.Certificates) == limit {
			resp.NextKey = o.Number
			break
		}
		resp.Certificates = append(resp.Certificates, o)
	}
	return resp, nil
}

func (k Keeper) queryNonSubmitters(ctx *module.QueryContext, req *types.QueryNonSubmittersRequest) (*types.QueryNonSubmittersResponse, error) {
	resp := &types.QueryNonSubmittersResponse{}
	for _, n := range store.LoadAll[types.NonSubmitter](types.Store(ctx.Store), types.NonSubmittersPrefix()) {
		if req.All || n.ReportedAt == 0 {
			resp.NonSubmitters = append(resp.NonSubmitters, n)
		}
	}
	store.Load(types.Store(ctx.Store), types.NextDeadlineKey(), &resp.Next)
	if resp.Next.Year != 0 {
		resp.NextDeadlineAt = types.Deadline(resp.Next.Year, resp.Next.Half, k.Params(ctx.Store).ProductionDeadlineMonths)
	}
	return resp, nil
}

func (k Keeper) queryTrade(ctx *module.QueryContext, req *types.QueryTradeRequest) (*types.QueryTradeResponse, error) {
	if err := checkPeriod(req.Participant, req.Year, req.Quarter, 4); err != nil {
		return nil, err
	}
	resp := &types.QueryTradeResponse{}
	for q := uint32(1); q <= 4; q++ {
		if req.Quarter == 0 || req.Quarter == q {
			resp.Quarters = append(resp.Quarters, k.QuarterTrade(ctx.Store, req.Participant, req.Year, q))
		}
	}
	return resp, nil
}

func (k Keeper) queryProduction(ctx *module.QueryContext, req *types.QueryProductionRequest) (*types.QueryProductionResponse, error) {
	if err := checkPeriod(req.Participant, req.Year, req.Half, 2); err != nil {
		return nil, err
	}
	resp := &types.QueryProductionResponse{}
	for h := uint32(1); h <= 2; h++ {
		if req.Half != 0 && req.Half != h {
			continue
		}
		if req.History {
			resp.Reports = append(resp.Reports, k.reports(ctx.Store, req.Participant, req.Year, h)...)
		} else if r, ok := k.latestReport(ctx.Store, req.Participant, req.Year, h); ok {
			resp.Reports = append(resp.Reports, *r)
		}
	}
	return resp, nil
}

// queryAnnual builds the year's table: every participant, its production (the
// current reports of both halves) and its trade (four quarters); or a
// half-year's: the report of that half and the trade of its two quarters.
func (k Keeper) queryAnnual(ctx *module.QueryContext, req *types.QueryAnnualRequest) (*types.QueryAnnualResponse, error) {
	if !types.ValidYear(req.Year) || req.Half > 2 {
		return nil, types.ErrInvalidQuery.Wrapf("year %d, half %d (0: the whole year, 1 or 2)", req.Year, req.Half)
	}
	resp := &types.QueryAnnualResponse{Year: req.Year, Half: req.Half, Total: types.AnnualRow{Participant: "TOTAL", Name: "All participants"}}
	halves, quarters := []uint32{1, 2}, []uint32{1, 2, 3, 4}
	if req.Half != 0 {
		halves, quarters = []uint32{req.Half}, []uint32{2*req.Half - 1, 2 * req.Half}
	}
	var reported types.ReportedYear
	if store.Load(types.Store(ctx.Store), types.ReportedYearKey(req.Year), &reported) {
		resp.Reported = &reported
	}
	for _, p := range k.participants.Participants(ctx.Store) {
		row := types.AnnualRow{Participant: p.Code, Name: p.Name}
		for _, h := range halves {
			if r, ok := k.latestReport(ctx.Store, p.Code, req.Year, h); ok {
				// A report's figures are each at most MaxProductionFigure:
				// the sums of a million participants' two halves fit.
				row.ProductionCarats += r.Production.Carats()
				row.ProductionValueUsd += r.Production.ValueUsd()
				row.ReportedHalves++
			}
		}
		for _, q := range quarters {
			t := k.QuarterTrade(ctx.Store, p.Code, req.Year, q)
			if err := addAnnual(&row, t.Exports.Total, t.Imports.Total); err != nil {
				return nil, fmt.Errorf("%s's trade of %d: %w", p.Code, req.Year, err)
			}
		}
		resp.Rows = append(resp.Rows, row)
		resp.Total.ProductionCarats += row.ProductionCarats
		resp.Total.ProductionValueUsd += row.ProductionValueUsd
		resp.Total.ReportedHalves += row.ReportedHalves
		if err := addAnnual(&resp.Total, row.Exports, row.Imports); err != nil {
			return nil, fmt.Errorf("the total of %d: %w", req.Year, err)
		}
	}
	return resp, nil
}

// addAnnual adds exports and imports to a row of the annual table: a sum
// that would overflow is ErrSumOverflow, which the query answers instead of
// a wrapped figure — the same code a transaction is refused with, and the
// table's fields stay int64 like the records they sum.
func addAnnual(row *types.AnnualRow, exports, imports types.Flow) error {
	if err := row.Exports.Add(exports, 1); err != nil {
		return fmt.Errorf("exports: %w", err)
	}
	if err := row.Imports.Add(imports, 1); err != nil {
		return fmt.Errorf("imports: %w", err)
	}
	return nil
}

// checkPeriod checks a participant code, a year and a part of it (0: all).
func checkPeriod(participant string, year, part, parts uint32) error {
	if participanttypes.ValidateParticipantCode(participant) != nil {
		return types.ErrInvalidQuery.Wrapf("participant %q", participant)
	}
	if !types.ValidYear(year) || part > parts {
		return types.ErrInvalidQuery.Wrapf("year %d, part %d of %d", year, part, parts)
	}
	return nil
}
