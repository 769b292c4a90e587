package envelope_test

import (
	"bytes"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// FuzzDecode: any bytes either decode into an envelope whose re-encoding is
// the same bytes, or are refused with a registered refusal; nothing panics.
func FuzzDecode(f *testing.F) {
	key := ed25519.GenPrivKeyFromSecret([]byte("fuzz"))
	valid, err := envelope.Sign("kpledger-fuzz", key, 7, &participanttypes.MsgAddOperator{
		PubKey: key.PubKey().Bytes(), Role: envelope.Role_ROLE_EXPORTER, Name: "Fuzz Exporter"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte{})
	f.Add([]byte{0x0A, 0x00})
	f.Add(bytes.Repeat([]byte{0xFF}, 64))
	f.Fuzz(func(t *testing.T, tx []byte) {
		d, err := envelope.Decode(tx)
		if err != nil {
			if refusal.Of(err) == refusal.Internal {
				t.Fatalf("refused without a code: %v", err)
			}
			return
		}
		again, err := (&envelope.Tx{BodyBytes: d.BodyBytes, Signature: d.Signature}).Marshal()
		if err != nil || !bytes.Equal(again, tx) {
			t.Fatalf("accepted bytes are not canonical")
		}
		if len(d.Body.Signer) != envelope.AddressLength || len(d.Body.Messages) == 0 || len(d.Body.Messages) > envelope.MaxMessages {
			t.Fatalf("accepted an envelope that breaks a rule: %+v", d.Body)
		}
	})
}

// FuzzSignBytes: a body signed for one chain-id, signer and sequence
// verifies with its key, and its signature verifies for no other body: not
// for another chain-id, another sequence, nor with any byte of the body
// changed; nothing panics.
func FuzzSignBytes(f *testing.F) {
	f.Add("kpledger-1", uint64(0), "Debswana", uint16(0), byte(1))
	f.Add("", uint64(1<<63), "", uint16(9), byte(0x80))
	f.Add("kp-rel-1", uint64(1287), "Fuzz Exporter ☃", uint16(400), byte(0xFF))
	key := ed25519.GenPrivKeyFromSecret([]byte("sign-bytes"))
	other := ed25519.GenPrivKeyFromSecret([]byte("another key"))
	f.Fuzz(func(t *testing.T, chainID string, sequence uint64, name string, at uint16, flip byte) {
		msg := &participanttypes.MsgAddOperator{PubKey: other.PubKey().Bytes(), Role: envelope.Role_ROLE_EXPORTER, Name: name}
		tx, err := envelope.Sign(chainID, key, sequence, msg)
		if err != nil {
			return // a name that is not valid UTF-8 does not marshal
		}
		d, err := envelope.Decode(tx)
		if err != nil {
			if len(tx) > envelope.MaxTxBytes {
				return
			}
			t.Fatalf("a signed transaction does not decode: %v", err)
		}
		if d.Body.ChainId != chainID || d.Body.Sequence != sequence {
			t.Fatalf("signed for %q #%d, decoded %q #%d", chainID, sequence, d.Body.ChainId, d.Body.Sequence)
		}
		if err := d.VerifySignature(key.PubKey().Bytes()); err != nil {
			t.Fatalf("the signer's own signature fails: %v", err)
		}
		if err := d.VerifySignature(other.PubKey().Bytes()); err == nil {
			t.Fatal("the signature verifies with another key")
		}
		for _, changed := range []envelope.TxBody{
			{ChainId: chainID + "x", Signer: d.Body.Signer, Sequence: sequence, Messages: d.Body.Messages},
			{ChainId: chainID, Signer: d.Body.Signer, Sequence: sequence + 1, Messages: d.Body.Messages},
		} {
			bz, err := changed.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			moved := &envelope.Decoded{BodyBytes: bz, Signature: d.Signature}
			if moved.VerifySignature(key.PubKey().Bytes()) == nil {
				t.Fatalf("a signature for %q #%d verifies for %q #%d", chainID, sequence, changed.ChainId, changed.Sequence)
			}
		}
		if flip != 0 {
			body := append([]byte(nil), d.BodyBytes...)
			body[int(at)%len(body)] ^= flip
			tampered := &envelope.Decoded{BodyBytes: body, Signature: d.Signature}
			if tampered.VerifySignature(key.PubKey().Bytes()) == nil {
				t.Fatal("the signature verifies for a changed body")
			}
		}
	})
}
