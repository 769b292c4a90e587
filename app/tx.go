package app

import (
	"fmt"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// decodedTx is a transaction whose envelope and messages decoded.
type decodedTx struct {
	*envelope.Decoded
	msgs   []module.Msg
	routes []*module.MsgRoute
}

// decode reads the envelope and every message, refusing unknown types and
// non-canonical bytes. It needs no state: PrepareProposal and ProcessProposal
// stop here.
func (app *App) decode(txBytes []byte) (*decodedTx, error) {
	d, err := envelope.Decode(txBytes)
	if err != nil {
		return nil, err
	}
	tx := &decodedTx{Decoded: d, msgs: make([]module.Msg, len(d.Body.Messages)), routes: make([]*module.MsgRoute, len(d.Body.Messages))}
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

// checkEnvelope runs every check of a transaction's envelope against s
// but the signature: decoding, chain-id, each message's own checks, the
// signer's key and its role for every message, and the sequence by the rule
// given. CheckTx and FinalizeBlock differ only in that rule and in when they
// verify the signature, with the key returned.
func (app *App) checkEnvelope(s store.KVStore, txBytes []byte, checkSequence func(tx *decodedTx) error) (*decodedTx, *envelope.Signer, []byte, error) {
	tx, err := app.decode(txBytes)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := app.validate(tx); err != nil {
		return nil, nil, nil, err
	}
	signer, pubKey, err := app.authorize(s, tx.Body.Signer, tx.routes)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := checkSequence(tx); err != nil {
		return nil, nil, nil, err
	}
	return tx, signer, pubKey, nil
}

// authorize finds the signer's registered key in s, active, and checks that
// its role may sign every message of routes; it returns the signer and its
// public key.
func (app *App) authorize(s store.KVStore, address []byte, routes []*module.MsgRoute) (*envelope.Signer, []byte, error) {
	key, ok := app.registry.Key(s, address)
	if !ok {
		return nil, nil, envelope.ErrUnknownSigner.Wrap(envelope.AddressHex(address))
	}
	if key.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE {
		return nil, nil, envelope.ErrRevokedSigner.Wrap(key.Address)
	}
	for _, route := range routes {
		if !route.Allows(key.Role) {
			return nil, nil, envelope.ErrUnauthorized.Wrapf("%s: signer %s is %s", route.TypeURL, key.Address, key.Role.Name())
		}
	}
	return &envelope.Signer{Address: key.Address, Role: key.Role, Participant: key.Participant}, key.PubKey, nil
}

// expectSequence compares a transaction's sequence with the expected one.
func expectSequence(got, want uint64) error {
	switch {
	case got < want:
		return envelope.ErrSequenceReused.Wrapf("sequence %d, expected %d", got, want)
	case got > want:
		return envelope.ErrSequenceSkipped.Wrapf("sequence %d, expected %d", got, want)
	}
	return nil
}
