package keeper

import (
	"strings"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

func (k Keeper) registerQueries(r *module.QueryRouter) {
	module.HandleQuery(r, types.QueryCertificate, func(ctx *module.QueryContext, req *types.QueryCertificateRequest) (*types.QueryCertificateResponse, error) {
		number := types.NormalizeNumber(req.Number)
		c, ok := k.Certificate(ctx.Store, number)
		if !ok {
			return nil, types.ErrUnknownCertificate.Wrap(number)
		}
		return &types.QueryCertificateResponse{Certificate: *c, Events: k.History(ctx.Store, number)}, nil
	})
	module.HandleQuery(r, types.QueryCertificates, k.queryCertificates)
	module.HandleQuery(r, types.QueryTrace, k.queryTrace)
	module.HandleQuery(r, types.QueryListings, func(ctx *module.QueryContext, _ *types.QueryListingsRequest) (*types.QueryListingsResponse, error) {
		return &types.QueryListingsResponse{Vigilance: k.VigilanceList(ctx.Store), Operators: k.ListedOperators(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryEmbargoes, func(ctx *module.QueryContext, _ *types.QueryEmbargoesRequest) (*types.QueryEmbargoesResponse, error) {
		return &types.QueryEmbargoesResponse{Embargoes: k.Embargoes(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryParams, func(ctx *module.QueryContext, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
		return &types.QueryParamsResponse{Params: k.Params(ctx.Store)}, nil
	})
	module.HandleQuery(r, types.QueryStock, func(ctx *module.QueryContext, req *types.QueryStockRequest) (*types.QueryStockResponse, error) {
		code := participanttypes.NormalizeCode(req.Participant)
		if err := checkStockQuery(code); err != nil {
			return nil, err
		}
		return &types.QueryStockResponse{Stocks: k.Stocks(ctx.Store, code), Declarations: k.Declarations(ctx.Store, code)}, nil
	})
}

// queryCertificates lists one issuer's certificates (a range of numbers) or one
// destination's (its index), in number order, a page at a time, examining at
// most module.MaxScan of them.
func (k Keeper) queryCertificates(ctx *module.QueryContext, req *types.QueryCertificatesRequest) (*types.QueryCertificatesResponse, error) {
	var prefix []byte
	var party string
	switch {
	case (req.Issuer == "") == (req.Destination == ""):
		return nil, types.ErrInvalidQuery.Wrap("name an issuer or a destination")
	case req.Issuer != "":
		prefix, party = types.CertificatesPrefix(req.Issuer), req.Issuer
	default:
		prefix, party = types.DestinationPrefix(req.Destination), req.Destination
	}
	if participanttypes.ValidateParticipantCode(party) != nil {
		return nil, types.ErrInvalidQuery.Wrapf("%q is not a participant code", party)
	}
	limit := int(req.Limit)
	if limit == 0 {
		limit = types.DefaultPageSize
	}
	if limit > types.MaxPageSize {
		return nil, types.ErrInvalidQuery.Wrapf("limit %d, at most %d", limit, types.MaxPageSize)
	}
	start := prefix
	if req.PageKey != "" {
		if req.Issuer != "" {
			if !strings.HasPrefix(req.PageKey, req.Issuer) {
				return nil, types.ErrInvalidQuery.Wrapf("page key %q is not a certificate of %s", req.PageKey, req.Issuer)
			}
			start = types.CertificateKey(req.PageKey)
		} else {
			start = types.DestinationKey(req.Destination, req.PageKey)
		}
	}
	ms := types.Store(ctx.Store)
	it := ms.Iterator(start, store.PrefixEnd(prefix))
	defer it.Close()
	resp := &types.QueryCertificatesResponse{}
	numbers := len(types.CertificateKey(""))
	if req.Issuer == "" {
		numbers = len(prefix)
	}
	for examined := 0; it.Valid(); it.Next() {
		if examined == module.MaxScan {
			resp.NextKey = string(it.Key()[numbers:])
			break
		}
		examined++
		var c *types.Certificate
		if req.Issuer != "" {
			c = new(types.Certificate)
			if err := c.Unmarshal(it.Value()); err != nil {
				panic(store.Failure{Err: err})
			}
		} else {
			var ok bool
			if c, ok = k.Certificate(ctx.Store, string(it.Key()[len(prefix):])); !ok {
				panic("certificate: destination index names a missing certificate")
			}
		}
		if !matches(c, req) {
			continue
		}
		if len(resp.Certificates) == limit {
			resp.NextKey = c.Number
			break
		}
		resp.Certificates = append(resp.Certificates, *c)
	}
	return resp, nil
}

func matches(c *types.Certificate, req *types.QueryCertificatesRequest) bool {
	return (req.Status == types.CertificateStatus_CERTIFICATE_STATUS_UNSPECIFIED || c.Status == req.Status) &&
		(req.IssuedFrom == 0 || c.IssuedAt >= req.IssuedFrom) &&
		(req.IssuedTo == 0 || c.IssuedAt < req.IssuedTo)
}

// queryTrace walks a certificate's parents up and its children down.
func (k Keeper) queryTrace(ctx *module.QueryContext, req *types.QueryTraceRequest) (*types.QueryTraceResponse, error) {
	number := types.NormalizeNumber(req.Number)
	root, ok := k.Certificate(ctx.Store, number)
	if !ok {
		return nil, types.ErrUnknownCertificate.Wrap(number)
	}
	resp := &types.QueryTraceResponse{Root: traceNode(root, 0, "", 0)}
	var cutUp, cutDown bool
	resp.Ancestors, cutUp = k.walk(ctx.Store, root, -1, func(c *types.Certificate) []types.Draw { return c.Parents })
	resp.Descendants, cutDown = k.walk(ctx.Store, root, 1, func(c *types.Certificate) []types.Draw { return c.Children })
	resp.Truncated = cutUp || cutDown
	return resp, nil
}

// walk visits the certificates reachable along edges, breadth first, each
// once, at most types.MaxTraceNodes; truncated says it stopped there.
func (k Keeper) walk(s store.KVStore, root *types.Certificate, step int32, edges func(*types.Certificate) []types.Draw) (nodes []types.TraceNode, truncated bool) {
	seen := map[string]bool{root.Number: true}
	type item struct {
		c     *types.Certificate
		depth int32
	}
	queue := []item{{root, 0}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, d := range edges(cur.c) {
			if seen[d.Number] {
				continue
			}
			if len(nodes) == types.MaxTraceNodes {
				return nodes, true
			}
			seen[d.Number] = true
			next, ok := k.Certificate(s, d.Number)
			if !ok {
				continue
			}
			nodes = append(nodes, traceNode(next, cur.depth+step, cur.c.Number, d.Carats))
			queue = append(queue, item{next, cur.depth + step})
		}
	}
	return nodes, false
}

func traceNode(c *types.Certificate, depth int32, via string, drawn int64) types.TraceNode {
	return types.TraceNode{
		Number: c.Number, Issuer: c.Issuer, Destination: c.Destination, Origin: c.Origin, MixedOrigins: c.MixedOrigins,
		Carats: c.Carats, Status: c.Status, DrawnCarats: drawn, Depth: depth, Via: via,
	}
}
