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
