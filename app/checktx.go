package app

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
)

// CheckTx is called by the mempool for each new transaction (NEW) and, after
// each commit, for each transaction still in the mempool (RECHECK). It admits a
// transaction whose envelope would pass FinalizeBlock now, counting the signer's
// transactions already admitted. RECHECK does not verify the signature again.
func (app *App) CheckTx(_ context.Context, req *abci.CheckTxRequest) (*abci.CheckTxResponse, error) {
	if err := app.admit(req.Tx, req.Type == abci.CHECK_TX_TYPE_RECHECK); err != nil {
		space, code, log := refusal.ABCIInfo(err)
		return &abci.CheckTxResponse{Code: code, Codespace: space, Log: log}, nil
	}
	return &abci.CheckTxResponse{Code: abci.CodeTypeOK, GasWanted: 1}, nil
}

func (app *App) admit(txBytes []byte, recheck bool) error {
	tx, signer, pubKey, err := app.checkEnvelope(app.checkStore, txBytes, app.nextPending)
	if err != nil {
		return err
	}
	if !recheck {
		if err := tx.VerifySignature(pubKey); err != nil {
			return err
		}
		app.verified.add(tx.Hash)
	}
	app.pendingSequences[signer.Address] = tx.Body.Sequence + 1
	return nil
}

// nextPending is a signer's next sequence after its transactions that
// CheckTx admitted since the last commit.
func (app *App) nextPending(signer []byte) uint64 {
	if next, pending := app.pendingSequences[envelope.AddressHex(signer)]; pending {
		return next
	}
	return sequence(app.checkStore, signer)
}

// PrepareProposal is called on the proposer: it keeps, in mempool order, the
// transactions that fit and decode. Rules are FinalizeBlock's business.
func (app *App) PrepareProposal(_ context.Context, req *abci.PrepareProposalRequest) (*abci.PrepareProposalResponse, error) {
	txs := make([][]byte, 0, len(req.Txs))
	var total int64
	for _, tx := range req.Txs {
		if total+int64(len(tx)) > req.MaxTxBytes {
			break
		}
		if _, err := app.decode(tx); err != nil {
			continue
		}
		total += int64(len(tx))
		txs = append(txs, tx)
	}
	return &abci.PrepareProposalResponse{Txs: txs}, nil
}

// ProcessProposal is called on every validator for a proposed block: it rejects
// a block holding a transaction that is too large or does not decode.
func (app *App) ProcessProposal(_ context.Context, req *abci.ProcessProposalRequest) (*abci.ProcessProposalResponse, error) {
	for _, tx := range req.Txs {
		if len(tx) > envelope.MaxTxBytes {
			return &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_REJECT}, nil
		}
		if _, err := app.decode(tx); err != nil {
			return &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_REJECT}, nil
		}
	}
	return &abci.ProcessProposalResponse{Status: abci.PROCESS_PROPOSAL_STATUS_ACCEPT}, nil
}
