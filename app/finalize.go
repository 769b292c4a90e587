package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/kpledger/kpledger/app/envelope"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/refusal"
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
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
	block := ledger.Context{ChainID: app.chainID, Height: req.Height, Time: req.Time.Unix(), LastCommitSigners: map[string]bool{}}
	for _, vote := range req.DecidedLastCommit.Votes {
		if vote.BlockIdFlag == cmtproto.BlockIDFlagCommit {
			block.LastCommitSigners[string(vote.Validator.Address)] = true
		}
	}
	tree := store.NewTree(app.tree)

	resp = &abci.FinalizeBlockResponse{TxResults: make([]*abci.ExecTxResult, len(req.Txs))}
	for _, m := range app.modules {
		if w, ok := m.(ledger.BeginBlocker); ok {
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
		if w, ok := m.(ledger.EndBlocker); ok {
			events, err := app.blockWork(tree, block, w.EndBlock)
			if err != nil {
				return nil, app.halt(fmt.Errorf("end-of-block work of %s at height %d: %w", m.Name(), req.Height, err))
			}
			resp.Events = append(resp.Events, events...)
		}
	}
	after := app.participants.Keeper.ActiveValidators(tree)
	resp.ValidatorUpdates = validatorUpdates(app.validators, after)
	app.validators = after
	resp.AppHash = app.tree.WorkingHash()
	return resp, nil
}

// blockWork runs one module's block-time or end-of-block work in a buffer.
// An error there is a broken invariant, not bad input: the node stops.
func (app *App) blockWork(tree store.KVStore, block ledger.Context, work func(*ledger.Context) error) ([]abci.Event, error) {
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
func (app *App) deliver(tree store.KVStore, block ledger.Context, txBytes []byte) *abci.ExecTxResult {
	tx, signer, err := app.accept(tree, txBytes)
	if err != nil {
		return failure(err, nil)
	}
	// From here the sequence is consumed whatever the messages do.
	tree.Set(SequenceKey(tx.Body.Signer), encodeUint64(tx.Body.Sequence+1))
	signed := []abci.Event{{Type: "tx", Attributes: []abci.EventAttribute{
		ledger.IndexedAttr("signer", signer.Address),
		ledger.Attr("sequence", fmt.Sprint(tx.Body.Sequence)),
	}}}

	buffer := store.NewBuffer(tree)
	ctx := block
	ctx.Store, ctx.Signer, ctx.SignerAddress, ctx.TxHash = buffer, signer, tx.Body.Signer, tx.Hash[:]
	for i, msg := range tx.msgs {
		if i > 0 {
			// An earlier message may have revoked or rotated the signer's own
			// key: every message is authorised by the signer as it stands.
			if ctx.Signer, err = app.reauthorize(buffer, tx.Body.Signer, tx.routes[i]); err != nil {
				buffer.Discard()
				return failure(fmt.Errorf("message %d (%s): %w", i, tx.routes[i].TypeURL, err), signed)
			}
		}
		ctx.EmitEvent("message", ledger.Attr("action", tx.routes[i].TypeURL), ledger.Attr("index", fmt.Sprint(i)))
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
func (app *App) accept(tree store.KVStore, txBytes []byte) (*decodedTx, *participanttypes.RegisteredKey, error) {
	tx, err := app.decode(txBytes)
	if err != nil {
		return nil, nil, err
	}
	if err := app.validate(tx); err != nil {
		return nil, nil, err
	}
	signer, err := app.authorize(tree, tx)
	if err != nil {
		return nil, nil, err
	}
	if err := checkSequence(tx.Body.Sequence, sequence(tree, tx.Body.Signer)); err != nil {
		return nil, nil, err
	}
	if verified := app.verified.take(tx.Hash); !verified {
		if err := tx.VerifySignature(signer.PubKey); err != nil {
			return nil, nil, err
		}
	}
	return tx, signer, nil
}

// reauthorize reads the signer's key again, within the transaction's writes.
func (app *App) reauthorize(s store.KVStore, address []byte, route *ledger.MsgRoute) (*participanttypes.RegisteredKey, error) {
	signer, ok := app.participants.Keeper.Key(s, address)
	switch {
	case !ok:
		return nil, envelope.ErrUnknownSigner.Wrap(participanttypes.AddressHex(address))
	case signer.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE:
		return nil, envelope.ErrRevokedSigner.Wrapf("%s was revoked by an earlier message of this transaction", signer.Address)
	case !route.Allows(signer.Role):
		return nil, envelope.ErrUnauthorized.Wrapf("signer %s is %s", signer.Address, signer.Role.Name())
	}
	return signer, nil
}

// runHandler calls a message handler; a panic other than a store failure is a
// bug in a handler and becomes an internal error for this transaction only.
func runHandler(ctx *ledger.Context, route *ledger.MsgRoute, msg ledger.Msg) (err error) {
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
