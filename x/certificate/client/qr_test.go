package client

import (
	"bytes"
	"crypto/sha256"
	"image/png"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	qr "github.com/piglig/go-qr"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestQRRoundTrip: a QR code made as `kpd query certificate qr` makes it,
// drawn as a PNG, scanned back and checked: the signature verifies; any
// change of what it says does not.
func TestQRRoundTrip(t *testing.T) {
	officer := ed25519.GenPrivKeyFromSecret([]byte("bw-issuer"))
	hash := sha256.Sum256([]byte("the issuance fields of BW-2005-1"))
	q := &types.QRCode{ChainId: "kp-2005", Number: "BW-2005-1", IssuedHeight: 42, IssuanceHash: hash[:],
		Signer: envelope.AddressHex(officer.PubKey().Address())}
	sig, err := officer.Sign(q.SignBytes())
	if err != nil {
		t.Fatal(err)
	}
	q.Signature = sig
	payload := q.Payload()
	code, err := qr.EncodeText(payload, qr.Quartile)
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	if err := code.WriteAsPNG(qr.NewQrCodeImgConfig(8, 4), &img); err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(&img)
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := qr.Decode(decoded)
	if err != nil || scanned != payload {
		t.Fatalf("scanned %q, %v; want %q", scanned, err, payload)
	}
	back, err := types.ParseQRPayload(scanned)
	if err != nil {
		t.Fatal(err)
	}
	if err := back.VerifySignature(officer.PubKey().Bytes()); err != nil {
		t.Fatalf("the officer's signature: %v", err)
	}
	for name, edit := range map[string]func(q *types.QRCode){
		"another number":        func(q *types.QRCode) { q.Number = "BW-2005-2" },
		"another issuance":      func(q *types.QRCode) { q.IssuanceHash[0] ^= 1 },
		"another issuing block": func(q *types.QRCode) { q.IssuedHeight++ },
		"another chain":         func(q *types.QRCode) { q.ChainId = "kp-elsewhere" },
	} {
		forged, _ := types.ParseQRPayload(payload)
		edit(forged)
		again, err := types.ParseQRPayload(forged.Payload())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again.VerifySignature(officer.PubKey().Bytes()) == nil {
			t.Errorf("%s: the signature still verifies", name)
		}
	}
	if err := back.VerifySignature(ed25519.GenPrivKey().PubKey().Bytes()); err == nil {
		t.Error("another key verifies the signature")
	}
	for _, bad := range []string{"", "KP2:ABC", "https://example.com/", "KP1:0189"} {
		if _, err := types.ParseQRPayload(bad); err == nil {
			t.Errorf("payload %q accepted", bad)
		}
	}
}
