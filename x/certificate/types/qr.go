package types

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/envelope"
)

// QRPrefix starts every QR payload: the format's name and version.
const QRPrefix = "KP1:"

// qrDomain starts the bytes an officer signs for a QR code, so that such a
// signature can never stand for a transaction's (whose sign bytes are a
// TxBody) or anything else.
const qrDomain = "kpledger/certificate/qr/v1\x00"

// qrEncoding is base32 without padding: only characters of the QR
// alphanumeric set (A–Z, 2–7), the densest mode a scanner reads.
var qrEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Issuance is the issuance as its MsgIssue carried it, rebuilt from the
// record: what the issuing officer vouched for, whatever happened since. A
// certificate of the one-line form (hs_code set) gives no lines, so its
// issuance fields, and the QR codes that hash them, are as they were before
// certificates had lines; one issued with lines gives them.
func Issuance(c *Certificate) *MsgIssue {
	var lines []HSLine
	if c.HsCode == "" {
		lines = c.Lines
	}
	return &MsgIssue{
		Lines:  lines,
		Number: c.Number, Origin: c.Origin, MixedOrigins: c.MixedOrigins, Exporter: c.Exporter, Importer: c.Importer,
		ImporterName: c.ImporterName, ImporterAddress: c.ImporterAddress,
		Destination: c.Destination, Carats: c.Carats, ValueUsd: c.ValueUsd, Parcels: c.Parcels, HsCode: c.HsCode,
		ExpiresAt: c.ExpiresAt, Seal: c.Seal, PortOfExport: c.PortOfExport, Transit: c.Transit, Parents: c.Parents,
		StockDraws: c.StockDraws, OwnProductionCarats: c.OwnProductionCarats,
	}
}

// IssuanceHash is sha256 of a certificate's issuance fields, its issuer and
// its time of issue.
func IssuanceHash(c *Certificate) []byte {
	fields, err := Issuance(c).Marshal()
	if err != nil {
		panic(err) // a record's own fields always encode
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", c.Issuer, c.IssuedAt)
	h.Write(fields)
	return h.Sum(nil)
}

// SignBytes are the bytes the issuing officer signs: the domain tag, then the
// payload without its signature.
func (q *QRCode) SignBytes() []byte {
	unsigned := *q
	unsigned.Signature = nil
	bz, err := unsigned.Marshal()
	if err != nil {
		panic(err)
	}
	return append([]byte(qrDomain), bz...)
}

// VerifySignature checks the officer's signature with its public key, which
// must be the key of the signer's address.
func (q *QRCode) VerifySignature(pubKey []byte) error {
	if envelope.AddressHex(envelope.AddressOf(pubKey)) != q.Signer {
		return fmt.Errorf("the key given is not %s's", q.Signer)
	}
	if len(pubKey) != ed25519.PubKeySize || !ed25519.PubKey(pubKey).VerifySignature(q.SignBytes(), q.Signature) {
		return fmt.Errorf("the signature of %s does not verify", q.Signer)
	}
	return nil
}

// Payload is the text a QR code carries: QRPrefix and the base32 of the
// message, all in the QR alphanumeric set.
func (q *QRCode) Payload() string {
	bz, err := q.Marshal()
	if err != nil {
		panic(err)
	}
	return QRPrefix + qrEncoding.EncodeToString(bz)
}

// ParseQRPayload reads a scanned payload.
func ParseQRPayload(payload string) (*QRCode, error) {
	body, ok := strings.CutPrefix(strings.TrimSpace(payload), QRPrefix)
	if !ok {
		return nil, fmt.Errorf("not a kpledger certificate QR code (it starts %q, want %q)", firstRunes(payload, 8), QRPrefix)
	}
	bz, err := qrEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("QR payload: %w", err)
	}
	var q QRCode
	if err := q.Unmarshal(bz); err != nil {
		return nil, fmt.Errorf("QR payload: %w", err)
	}
	if again, _ := q.Marshal(); string(again) != string(bz) {
		return nil, fmt.Errorf("QR payload: not in canonical encoding")
	}
	if err := ValidateNumber(q.Number); err != nil {
		return nil, err
	}
	if len(q.IssuanceHash) != sha256.Size || len(q.Signature) != ed25519.SignatureSize || q.IssuedHeight <= 0 {
		return nil, fmt.Errorf("QR payload: incomplete")
	}
	return &q, nil
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}
