package envelope

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"
	gogotypes "github.com/cosmos/gogoproto/types"

	"github.com/kpledger/kpledger/core/refusal"
)

const (
	// MaxTxBytes is the largest transaction the app accepts (and the node's
	// mempool max_tx_bytes).
	MaxTxBytes = 64 * 1024
	// MaxMessages is the most messages one transaction may carry.
	MaxMessages = 16
	// AddressLength is the signer address length in bytes.
	AddressLength = 20
	// SequencePath is the query path of QuerySequenceRequest: a signer's
	// committed and next (pending-aware) sequence.
	SequencePath = "/kpledger.tx.v1.Query/Sequence"
)

// The event of every transaction whose envelope was accepted: its signer
// (indexed: `tx_search "tx.signer='ADDRESS'"`) and the sequence it consumed.
const (
	EventTypeTx       = "tx"
	AttributeSigner   = "signer"
	AttributeSequence = "sequence"
)

// Envelope refusals, codes 2–29.
var (
	ErrTxDecode        = refusal.Register("app", 2, "undecodable transaction")
	ErrTxTooLarge      = refusal.Register("app", 3, "transaction too large")
	ErrTooManyMessages = refusal.Register("app", 4, "too many messages")
	ErrNoMessages      = refusal.Register("app", 5, "transaction has no message")
	ErrUnknownMessage  = refusal.Register("app", 6, "unknown message type")
	ErrNonCanonical    = refusal.Register("app", 7, "non-canonical encoding or unknown fields")
	ErrWrongChainID    = refusal.Register("app", 8, "wrong chain-id")
	ErrUnknownSigner   = refusal.Register("app", 9, "unknown signer")
	ErrRevokedSigner   = refusal.Register("app", 10, "signer's key is revoked")
	ErrBadSignature    = refusal.Register("app", 11, "bad signature")
	ErrSequenceReused  = refusal.Register("app", 12, "sequence already used")
	ErrSequenceSkipped = refusal.Register("app", 13, "sequence skips ahead of the next expected")
	ErrUnauthorized    = refusal.Register("app", 14, "signer's role may not sign this message")
)

// AddressOf returns the address of an ed25519 public key (CometBFT's Address()).
func AddressOf(pubKey []byte) []byte { return ed25519.PubKey(pubKey).Address() }

// AddressHex is the canonical text form of an address: upper-case hex.
func AddressHex(address []byte) string { return strings.ToUpper(hex.EncodeToString(address)) }

// Message is what the envelope carries: a gogoproto message with its own
// marshaler.
type Message interface {
	proto.Message
	Marshal() ([]byte, error)
}

// Decoded is a transaction whose envelope decoded; its messages are still Any.
type Decoded struct {
	Body      TxBody
	BodyBytes []byte
	Signature []byte
	// Hash is sha256 of the transaction bytes: CometBFT's tx hash.
	Hash [sha256.Size]byte
}

// Decode reads a transaction's envelope and checks what needs no state: size,
// canonical encoding, signer address length, message count.
func Decode(tx []byte) (*Decoded, error) {
	if len(tx) > MaxTxBytes {
		return nil, ErrTxTooLarge.Wrapf("%d bytes, at most %d", len(tx), MaxTxBytes)
	}
	var envelope Tx
	if err := envelope.Unmarshal(tx); err != nil {
		return nil, ErrTxDecode.Wrap(err.Error())
	}
	if err := canonical(&envelope, tx, "tx"); err != nil {
		return nil, err
	}
	d := &Decoded{BodyBytes: envelope.BodyBytes, Signature: envelope.Signature, Hash: sha256.Sum256(tx)}
	if err := d.Body.Unmarshal(envelope.BodyBytes); err != nil {
		return nil, ErrTxDecode.Wrapf("body: %v", err)
	}
	if err := canonical(&d.Body, envelope.BodyBytes, "body"); err != nil {
		return nil, err
	}
	if len(d.Body.Signer) != AddressLength {
		return nil, ErrTxDecode.Wrapf("signer is %d bytes, want %d", len(d.Body.Signer), AddressLength)
	}
	switch n := len(d.Body.Messages); {
	case n == 0:
		return nil, ErrNoMessages
	case n > MaxMessages:
		return nil, ErrTooManyMessages.Wrapf("%d, at most %d", n, MaxMessages)
	}
	for i := range d.Body.Messages {
		if len(d.Body.Messages[i].XXX_unrecognized) > 0 {
			return nil, ErrNonCanonical.Wrapf("message %d: unknown fields in Any", i)
		}
	}
	return d, nil
}

// CheckCanonical refuses bytes that are not the stable encoding of the value
// decoded from them.
func CheckCanonical(msg Message, encoded []byte, what string) error {
	return canonical(msg, encoded, what)
}

func canonical(msg Message, encoded []byte, what string) error {
	again, err := msg.Marshal()
	if err != nil {
		return ErrTxDecode.Wrapf("%s: %v", what, err)
	}
	if !bytes.Equal(again, encoded) {
		return ErrNonCanonical.Wrap(what)
	}
	return nil
}

// VerifySignature checks the ed25519 signature of the body by pubKey.
func (d *Decoded) VerifySignature(pubKey []byte) error {
	if len(pubKey) != ed25519.PubKeySize || !ed25519.PubKey(pubKey).VerifySignature(d.BodyBytes, d.Signature) {
		return ErrBadSignature
	}
	return nil
}

// Sign builds and signs a transaction of msgs.
func Sign(chainID string, key crypto.PrivKey, sequence uint64, msgs ...Message) ([]byte, error) {
	body := TxBody{ChainId: chainID, Signer: key.PubKey().Address(), Sequence: sequence}
	for _, m := range msgs {
		value, err := m.Marshal()
		if err != nil {
			return nil, err
		}
		body.Messages = append(body.Messages, gogotypes.Any{TypeUrl: "/" + proto.MessageName(m), Value: value})
	}
	bodyBytes, err := body.Marshal()
	if err != nil {
		return nil, err
	}
	sig, err := key.Sign(bodyBytes)
	if err != nil {
		return nil, err
	}
	return (&Tx{BodyBytes: bodyBytes, Signature: sig}).Marshal()
}
