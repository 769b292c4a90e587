package keeper

import (
	"github.com/kpledger/kpledger/app/ledger"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// QueryPath is the ABCI query path of a method of the module's Query service.
func QueryPath(method string) string { return "/kpledger.statistics.v1.Query/" + method }

func (k Keeper) registerQueries(r *ledger.QueryRouter) {
	ledger.HandleQuery(r, QueryPath("Trade"), k.queryTrade)
	ledger.HandleQuery(r, QueryPath("Production"), k.queryProduction)
	ledger.HandleQuery(r, QueryPath("Annual"), k.queryAnnual)
}

func (k Keeper) queryTrade(ctx *ledger.QueryContext, req *types.QueryTradeRequest) (*types.QueryTradeResponse, error) {
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

func (k Keeper) queryProduction(ctx *ledger.QueryContext, req *types.QueryProductionRequest) (*types.QueryProductionResponse, error) {
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
// current reports of both halves) and its trade (four quarters).
func (k Keeper) queryAnnual(ctx *ledger.QueryContext, req *types.QueryAnnualRequest) (*types.QueryAnnualResponse, error) {
	if !types.ValidYear(req.Year) {
		return nil, types.ErrInvalidQuery.Wrapf("year %d", req.Year)
	}
	resp := &types.QueryAnnualResponse{Year: req.Year, Total: types.AnnualRow{Participant: "TOTAL", Name: "All participants"}}
	for _, p := range k.participants.Participants(ctx.Store) {
		row := types.AnnualRow{Participant: p.Code, Name: p.Name}
		for h := uint32(1); h <= 2; h++ {
			if r, ok := k.latestReport(ctx.Store, p.Code, req.Year, h); ok {
				row.ProductionCarats += r.Production.Carats()
				row.ProductionValueUsd += r.Production.ValueUsd()
				row.ReportedHalves++
			}
		}
		for q := uint32(1); q <= 4; q++ {
			t := k.QuarterTrade(ctx.Store, p.Code, req.Year, q)
			row.Exports.Add(t.Exports.Total, 1)
			row.Imports.Add(t.Imports.Total, 1)
		}
		resp.Rows = append(resp.Rows, row)
		resp.Total.ProductionCarats += row.ProductionCarats
		resp.Total.ProductionValueUsd += row.ProductionValueUsd
		resp.Total.ReportedHalves += row.ReportedHalves
		resp.Total.Exports.Add(row.Exports, 1)
		resp.Total.Imports.Add(row.Imports, 1)
	}
	return resp, nil
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
