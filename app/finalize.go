package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
)

// FinalizeBlock is called once per decided block. It runs, in the order of
// DESIGN §4, the modules' block-time work, the transactions, and the
// end-of-block work, then returns the working tree's hash. Nothing is saved
// until Commit.
func (app *App) FinalizeBlock(_ context.Context, req *abci.FinalizeBlockRequest) (resp *abci.FinalizeBlockResponse, err error) {
	defer app.haltOnPanic("FinalizeBlock")
	if want := app.tree.WorkingVersion(); req.Height != want {
		return nil, app.halt(fmt.Errorf("FinalizeBlock at height %d, the state expects %d", req.Height, want))
	}
	block := module.Context{ChainID: app.chainID, Height: req.Height, Time: app.clock.At(req.Time.Unix()), LastCommitSigners: map[string]bool{}}
	for _, vote := range req.DecidedLastCommit.Votes {
		if vote.BlockIdFlag == cmtproto.BlockIDFlagCommit {
			block.LastCommitSigners[string(vote.Validator.Address)] = true
		}
	}
	// The block's reads are cached, its writes reach the tree as they come.
	tree := store.NewReadCache(store.NewTree(app.tree))

	resp = &abci.FinalizeBlockResponse{TxResults: make([]*abci.ExecTxResult, len(req.Txs))}
	for _, m := range app.modules {
		if w, ok := m.(module.BeginBlocker); ok {
			events, err := app.blockWork(tree, block, w.BeginBlock)
			if err != nil {
				return nil, app.halt(fmt.Errorf("block-time work of %s at height %d: %w", m.Name(), req.Height, err))
			}
			resp.Events = append(resp.Events, events...)
		}
	}
	for i, tx := range req.Txs {
		resp.TxResults[i] = app.deliver(tree, block, tx)
	}
	for _, m := range app.modules {
		if w, ok := m.(module.EndBlocker); ok {
			events, err := app.blockWork(tree, block, w.EndBlock)
			if err != nil {
				return nil, app.halt(fmt.Errorf("end-of-block work of %s at height %d: %w", m.Name(), req.Height, err))
			}
			resp.Events = append(resp.Events, events...)
		}
	}
	after := app.registry.ActiveValidators(tree)
	resp.ValidatorUpdates = validatorUpdates(app.validators, after)
	app.validators = after
	resp.AppHash = app.tree.WorkingHash()
	return resp, nil
}

// blockWork runs one module's block-time or end-of-block work in a buffer.
// An error there is a broken invariant, not bad input: the node stops.
func (app *App) blockWork(tree store.KVStore, block module.Context, work func(*module.Context) error) ([]abci.Event, error) {
	buffer := store.NewBuffer(tree)
	ctx := block
	ctx.Store = buffer
	if err := work(&ctx); err != nil {
		return nil, err
	}
	buffer.Write()
	return ctx.Events(), nil
}

// deliver executes one transaction of a block.
func (app *App) deliver(tree store.KVStore, block module.Context, txBytes []byte) *abci.ExecTxResult {
	tx, signer, err := app.accept(tree, txBytes)
	if err != nil {
		return failure(err, nil)
	}
	// From here the sequence is consumed whatever the messages do.
	tree.Set(SequenceKey(tx.Body.Signer), encodeUint64(tx.Body.Sequence+1))
	signed := []abci.Event{{Type: envelope.EventTypeTx, Attributes: []abci.EventAttribute{
		module.IndexedAttr(envelope.AttributeSigner, signer.Address),
		module.Attr(envelope.AttributeSequence, fmt.Sprint(tx.Body.Sequence)),
	}}}

	buffer := store.NewBuffer(tree)
	ctx := block
	ctx.Store, ctx.Signer, ctx.SignerAddress, ctx.TxHash = buffer, signer, tx.Body.Signer, tx.Hash[:]
	for i, msg := range tx.msgs {
		if i > 0 {
			// An earlier message may have revoked or rotated the signer's own
			// key: every message is authorised by the signer as it stands.
			if ctx.Signer, _, err = app.authorize(buffer, tx.Body.Signer, tx.routes[i:i+1]); err != nil {
				buffer.Discard()
				return failure(fmt.Errorf("message %d (%s): %w", i, tx.routes[i].TypeURL, err), signed)
			}
		}
		ctx.EmitEvent(module.EventTypeMessage, module.Attr(module.AttributeAction, tx.routes[i].TypeURL), module.Attr(module.AttributeIndex, fmt.Sprint(i)))
		if err := runHandler(&ctx, tx.routes[i], msg); err != nil {
			buffer.Discard()
			return failure(fmt.Errorf("message %d (%s): %w", i, tx.routes[i].TypeURL, err), signed)
		}
	}
	buffer.Write()
	return &abci.ExecTxResult{Code: abci.CodeTypeOK, Events: append(signed, ctx.Events()...)}
}

// accept runs the envelope checks against the block's state. The signature is
// verified unless this node already did (CheckTx, PreVerify).
func (app *App) accept(tree store.KVStore, txBytes []byte) (*decodedTx, *envelope.Signer, error) {
	tx, signer, pubKey, err := app.checkEnvelope(tree, txBytes, func(tx *decodedTx) error {
		return expectSequence(tx.Body.Sequence, sequence(tree, tx.Body.Signer))
	})
	if err != nil {
		return nil, nil, err
	}
	if verified := app.verified.take(tx.Hash); !verified {
		if err := tx.VerifySignature(pubKey); err != nil {
			return nil, nil, err
		}
	}
	return tx, signer, nil
}

// runHandler calls a message handler; a panic other than a store failure is a
// bug in a handler and becomes an internal error for this transaction only.
func runHandler(ctx *module.Context, route *module.MsgRoute, msg module.Msg) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if f, ok := r.(store.Failure); ok {
				panic(f)
			}
			err = refusal.Internal.Wrapf("handler panicked: %v", r)
		}
	}()
	return route.Handle(ctx, msg)
}

func failure(err error, events []abci.Event) *abci.ExecTxResult {
	space, code, log := refusal.ABCIInfo(err)
	return &abci.ExecTxResult{Code: code, Codespace: space, Log: log, Events: events}
}
