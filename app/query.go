package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/api/cometbft/crypto/v1"
	"github.com/cosmos/iavl"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
)

// Query is called for ABCI queries (CometBFT RPC abci_query) on the query
// connection, beside block execution: it never waits for a block. It reads
// the saved version at req.Height (0: the latest) through the read-only tree;
// a refused query has a code.
func (app *App) Query(_ context.Context, req *abci.QueryRequest) (resp *abci.QueryResponse, _ error) {
	defer func() {
		if r := recover(); r != nil {
			resp = queryFailure(refusal.Internal.Wrapf("%s: %v", req.Path, r), req.Height)
		}
	}()
	view, height, err := app.versionAt(req.Height)
	if err != nil {
		return queryFailure(err, req.Height), nil
	}
	ctx := &module.QueryContext{Store: store.NewVersion(view), Height: height}
	switch req.Path {
	case module.StoreKeyPath:
		return app.queryStoreKey(view, height, req)
	case envelope.SequencePath:
		var q envelope.QuerySequenceRequest
		if err := q.Unmarshal(req.Data); err != nil || len(q.Signer) != envelope.AddressLength {
			return queryFailure(module.ErrBadQueryRequest.Wrap("want a 20-byte signer"), height), nil
		}
		committed := sequence(ctx.Store, q.Signer)
		next := max(committed, app.pending.next(q.Signer, height))
		return queryAnswer(&envelope.QuerySequenceResponse{Committed: committed, Next: next}, height)
	}
	handler := app.queries.Route(req.Path)
	if handler == nil {
		return queryFailure(module.ErrUnknownQuery.Wrap(req.Path), height), nil
	}
	answer, err := handler(ctx, req.Data)
	if err != nil {
		return queryFailure(err, height), nil
	}
	return queryAnswer(answer, height)
}

// versionAt opens the saved version at height (0: the latest) from the
// read-only tree; a height before the snapshot this node was restored from
// is not on this node.
func (app *App) versionAt(height int64) (*iavl.ImmutableTree, int64, error) {
	last := app.committed.Load()
	latest := last.height
	switch {
	case latest == 0:
		return nil, 0, module.ErrHeightUnavailable.Wrap("no block committed yet")
	case height < 0:
		return nil, 0, module.ErrHeightUnavailable.Wrapf("height %d", height)
	case height == 0:
		height = latest
	case height > latest:
		return nil, 0, module.ErrHeightUnavailable.Wrapf("height %d is not committed yet (latest %d)", height, latest)
	case height < last.first:
		return nil, 0, module.ErrHeightUnavailable.Wrapf("height %d is not on this node: it was restored from a snapshot of height %d "+
			"and holds no earlier state; ask an archive node", height, last.first)
	}
	view, err := last.reader.GetImmutable(height)
	if err != nil {
		return nil, 0, module.ErrHeightUnavailable.Wrapf("height %d was pruned or never kept: %v", height, err)
	}
	return view, height, nil
}

func (app *App) queryStoreKey(view *iavl.ImmutableTree, height int64, req *abci.QueryRequest) (*abci.QueryResponse, error) {
	value, err := view.Get(req.Data)
	if err != nil {
		return queryFailure(refusal.Internal.Wrap(err.Error()), height), nil
	}
	resp := &abci.QueryResponse{Key: req.Data, Value: value, Height: height}
	if req.Prove {
		proof, err := view.GetProof(req.Data)
		if err != nil {
			return queryFailure(refusal.Internal.Wrapf("proof: %v", err), height), nil
		}
		bz, err := proof.Marshal()
		if err != nil {
			return queryFailure(refusal.Internal.Wrapf("proof: %v", err), height), nil
		}
		resp.ProofOps = &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: module.ProofOpType, Key: req.Data, Data: bz}}}
	}
	return resp, nil
}

func queryAnswer(answer module.Marshaler, height int64) (*abci.QueryResponse, error) {
	bz, err := answer.Marshal()
	if err != nil {
		return nil, fmt.Errorf("marshal query answer: %w", err)
	}
	return &abci.QueryResponse{Code: abci.CodeTypeOK, Value: bz, Height: height}, nil
}

func queryFailure(err error, height int64) *abci.QueryResponse {
	space, code, log := refusal.ABCIInfo(err)
	return &abci.QueryResponse{Code: code, Codespace: space, Log: log, Height: height}
}
