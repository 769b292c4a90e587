package app

import (
	"fmt"

	"github.com/kpledger/kpledger/app/envelope"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// decodedTx is a transaction whose envelope and messages decoded.
type decodedTx struct {
	*envelope.Decoded
	msgs   []ledger.Msg
	routes []*ledger.MsgRoute
}

// decode reads the envelope and every message, refusing unknown types and
// non-canonical bytes. It needs no state: PrepareProposal and ProcessProposal
// stop here.
func (app *App) decode(txBytes []byte) (*decodedTx, error) {
	d, err := envelope.Decode(txBytes)
	if err != nil {
		return nil, err
	}
	tx := &decodedTx{Decoded: d, msgs: make([]ledger.Msg, len(d.Body.Messages)), routes: make([]*ledger.MsgRoute, len(d.Body.Messages))}
	for i, packed := range d.Body.Messages {
		route := app.msgs.Route(packed.TypeUrl)
		if route == nil {
			return nil, envelope.ErrUnknownMessage.Wrapf("message %d: %q", i, packed.TypeUrl)
		}
		msg := route.New()
		if err := msg.Unmarshal(packed.Value); err != nil {
			return nil, envelope.ErrTxDecode.Wrapf("message %d (%s): %v", i, packed.TypeUrl, err)
		}
		if err := envelope.CheckCanonical(msg, packed.Value, fmt.Sprintf("message %d (%s)", i, packed.TypeUrl)); err != nil {
			return nil, err
		}
		tx.msgs[i], tx.routes[i] = msg, route
	}
	return tx, nil
}

// validate runs the stateless checks that need the chain: chain-id and each
// message's own checks.
func (app *App) validate(tx *decodedTx) error {
	if tx.Body.ChainId != app.chainID {
		return envelope.ErrWrongChainID.Wrapf("%q, this chain is %q", tx.Body.ChainId, app.chainID)
	}
	for i, msg := range tx.msgs {
		if err := msg.ValidateBasic(); err != nil {
			return fmt.Errorf("message %d (%s): %w", i, tx.routes[i].TypeURL, err)
		}
	}
	return nil
}

// authorize finds the signer's registered key in s and checks that its role may
// sign every message.
func (app *App) authorize(s store.KVStore, tx *decodedTx) (*participanttypes.RegisteredKey, error) {
	signer, ok := app.participants.Keeper.Key(s, tx.Body.Signer)
	if !ok {
		return nil, envelope.ErrUnknownSigner.Wrap(participanttypes.AddressHex(tx.Body.Signer))
	}
	if signer.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE {
		return nil, envelope.ErrRevokedSigner.Wrap(signer.Address)
	}
	for i, route := range tx.routes {
		if !route.Allows(signer.Role) {
			return nil, envelope.ErrUnauthorized.Wrapf("message %d (%s): signer %s is %s", i, route.TypeURL, signer.Address, signer.Role.Name())
		}
	}
	return signer, nil
}

// checkSequence compares a transaction's sequence with the expected one.
func checkSequence(got, want uint64) error {
	switch {
	case got < want:
		return envelope.ErrSequenceReused.Wrapf("sequence %d, expected %d", got, want)
	case got > want:
		return envelope.ErrSequenceSkipped.Wrapf("sequence %d, expected %d", got, want)
	}
	return nil
}
