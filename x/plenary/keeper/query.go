package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

func (k Keeper) registerQueries(r *module.QueryRouter) {
	module.HandleQuery(r, types.QueryChair, func(ctx *module.QueryContext, req *types.QueryChairRequest) (*types.QueryChairResponse, error) {
		t, ok := k.ChairTerm(ctx.Store, req.Year)
		if !ok {
			return nil, types.ErrNoChairTerm.Wrapf("%d", req.Year)
		}
		return &types.QueryChairResponse{Term: *t, Replaced: k.ReplacedTerms(ctx.Store, req.Year)}, nil
	})
	module.HandleQuery(r, types.QueryChairs, func(ctx *module.QueryContext, _ *types.QueryChairsRequest) (*types.QueryChairsResponse, error) {
		return &types.QueryChairsResponse{Terms: k.ChairTerms(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryProposal, func(ctx *module.QueryContext, req *types.QueryProposalRequest) (*types.QueryProposalResponse, error) {
		p, ok := k.Proposal(ctx.Store, req.Id)
		if !ok {
			return nil, types.ErrUnknownProposal.Wrapf("%d", req.Id)
		}
		p.Outcome = p.RenderOutcome()
		return &types.QueryProposalResponse{Proposal: *p, Tally: p.TallyVotes()}, nil
	})
	module.HandleQuery(r, types.QueryProposals, k.queryProposals)
	module.HandleQuery(r, types.QueryReviews, func(ctx *module.QueryContext, req *types.QueryReviewsRequest) (*types.QueryReviewsResponse, error) {
		resp := &types.QueryReviewsResponse{}
		for _, r := range store.LoadAll[types.Review](types.Store(ctx.Store), types.ReviewsPrefix()) {
			if req.Reviewed == "" || r.Reviewed == req.Reviewed {
				resp.Reviews = append(resp.Reviews, r)
			}
		}
		return resp, nil
	})
	module.HandleQuery(r, types.QueryParams, func(ctx *module.QueryContext, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
		return &types.QueryParamsResponse{Params: k.Params(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryBodies, func(ctx *module.QueryContext, req *types.QueryBodiesRequest) (*types.QueryBodiesResponse, error) {
		if req.Year < types.MinYear || req.Year > types.MaxYear {
			return nil, types.ErrInvalidQuery.Wrapf("year %d", req.Year)
		}
		resp := &types.QueryBodiesResponse{}
		for _, b := range k.Bodies(ctx.Store) {
			if !b.Dissolved || req.IncludeDissolved {
				resp.Bodies = append(resp.Bodies, k.View(ctx.Store, &b, req.Year))
			}
		}
		return resp, nil
	})
	module.HandleQuery(r, types.QueryBody, func(ctx *module.QueryContext, req *types.QueryBodyRequest) (*types.QueryBodyResponse, error) {
		if req.Year < types.MinYear || req.Year > types.MaxYear {
			return nil, types.ErrInvalidQuery.Wrapf("year %d", req.Year)
		}
		b, ok := k.Body(ctx.Store, req.Name)
		if !ok {
			return nil, types.ErrUnknownBody.Wrap(req.Name)
		}
		return &types.QueryBodyResponse{Body: k.View(ctx.Store, b, req.Year)}, nil
	})
	module.HandleQuery(r, types.QuerySessions, func(ctx *module.QueryContext, _ *types.QuerySessionsRequest) (*types.QuerySessionsResponse, error) {
		return &types.QuerySessionsResponse{Sessions: k.Sessions(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryDecision, func(ctx *module.QueryContext, req *types.QueryDecisionRequest) (*types.QueryDecisionResponse, error) {
		if !types.ValidLanguage(req.Language) {
			return nil, types.ErrInvalidLanguage.Wrapf("%q: one of %v", req.Language, types.Languages)
		}
		p, ok := k.Proposal(ctx.Store, req.Id)
		if !ok {
			return nil, types.ErrUnknownProposal.Wrapf("%d", req.Id)
		}
		if _, text := p.Decision.Content.(*types.Decision_Text); !text {
			return nil, types.ErrNotTextDecision.Wrapf("proposal %d is %s", p.Id, p.Decision.Kind())
		}
		t, ok := k.DecisionText(ctx.Store, req.Id, req.Language)
		if !ok {
			return nil, types.ErrNotTranslated.Wrapf("proposal %d has no %q text (it has %v)", req.Id, req.Language, p.Languages)
		}
		p.Outcome = p.RenderOutcome()
		return &types.QueryDecisionResponse{Proposal: *p, Text: *t, Replaced: k.ReplacedTexts(ctx.Store, req.Id, req.Language)}, nil
	})
}

// queryProposals lists proposals newest first, a page at a time, examining
// at most module.MaxScan per call.
func (k Keeper) queryProposals(ctx *module.QueryContext, req *types.QueryProposalsRequest) (*types.QueryProposalsResponse, error) {
	limit := int(req.Limit)
	switch {
	case limit == 0:
		limit = types.DefaultPageSize
	case limit > types.MaxPageSize:
		return nil, types.ErrInvalidQuery.Wrapf("limit %d, at most %d", limit, types.MaxPageSize)
	}
	end := store.PrefixEnd(types.ProposalsPrefix())
	if req.Before != 0 {
		end = types.ProposalKey(req.Before)
	}
	it := types.Store(ctx.Store).ReverseIterator(types.ProposalsPrefix(), end)
	defer it.Close()
	resp := &types.QueryProposalsResponse{}
	for examined := 0; it.Valid(); it.Next() {
		var p types.Proposal
		if err := p.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		if examined == module.MaxScan {
			resp.NextBefore = p.Id + 1
			break
		}
		examined++
		if req.Status != types.ProposalStatus_PROPOSAL_STATUS_UNSPECIFIED && p.Status != req.Status {
			continue
		}
		if len(resp.Proposals) == limit {
			resp.NextBefore = p.Id + 1
			break
		}
		p.Outcome = p.RenderOutcome()
		resp.Proposals = append(resp.Proposals, p)
	}
	return resp, nil
}
