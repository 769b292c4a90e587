package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // --qr-image reads PNG files
	"os"
	"path/filepath"
	"strings"

	qr "github.com/piglig/go-qr"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// qrCmd is `kpd query certificate qr`: the issuing authority prints a QR
// code on the paper certificate.
func qrCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qr NUMBER --from ISSUING-OFFICER --out FILE.png|FILE.svg",
		Short: "Make the QR code printed on a paper certificate, signed by an issuing officer's key",
		Long: `Make the QR code of an issued certificate: the chain-id, the number, the height
that issued it and the hash of its issuance fields, signed by an issuing
officer of the issuing participant (--from, a key of the keyring). A customs
officer scans it and checks it with 'kpd query certificate verify --qr'
(online, against the ledger) or with a registry of officer keys
(--registry, offline). The certificate is read with a proof (see verify).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			out, _ := cmd.Flags().GetString("out")
			ext := strings.ToLower(filepath.Ext(out))
			if ext != ".png" && ext != ".svg" {
				return fmt.Errorf("--out FILE.png or FILE.svg")
			}
			number := strings.ToUpper(args[0])
			cert, _, err := provedCertificate(cmd, c, number)
			if err != nil {
				return err
			}
			kr, err := c.Keyring()
			if err != nil {
				return err
			}
			key, err := kr.PrivKey(c.From)
			if err != nil {
				return err
			}
			chainID, err := c.ResolveChainID(cmd.Context())
			if err != nil {
				return err
			}
			q := &types.QRCode{ChainId: chainID, Number: number, IssuedHeight: cert.Events[0].Height,
				IssuanceHash: types.IssuanceHash(cert.Certificate), Signer: envelope.AddressHex(key.PubKey().Address())}
			if q.Signer != cert.Events[0].Signer {
				return fmt.Errorf("--from %s is not the officer who issued %s (%s): the QR code carries the issuing officer's signature", c.From, number, cert.Events[0].Signer)
			}
			if q.Signature, err = key.Sign(q.SignBytes()); err != nil {
				return err
			}
			payload := q.Payload()
			code, err := qr.EncodeText(payload, qr.Quartile)
			if err != nil {
				return err
			}
			config := qr.NewQrCodeImgConfig(8, 4)
			if ext == ".svg" {
				err = code.SVG(config, out)
			} else {
				err = code.PNG(config, out)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(c.Out, "%s: QR code of %s (%d modules a side)\n%s\n", out, number, code.Size(), payload)
			return nil
		},
	}
	cmd.Flags().String("out", "", "the file to write: .png or .svg")
	client.AddTxFlags(cmd)
	client.AddProofFlags(cmd)
	return cmd
}

// provedCertificate reads a certificate and its history with their proof;
// absent is an error.
func provedCertificate(cmd *cobra.Command, c *client.Context, number string) (*withHistory, *proof.Proved, error) {
	cert, proved, err := proveCertificate(cmd, c, number)
	if err != nil {
		return nil, nil, fmt.Errorf("%s could not be proved: %w", number, err)
	}
	if cert == nil {
		return nil, proved[0], fmt.Errorf("no certificate %s on the ledger (%s)", number, client.ProvedLine(proved[0]))
	}
	return cert, proved[0], nil
}

// scannedQR reads --qr PAYLOAD or --qr-image FILE; nil when neither is given.
func scannedQR(cmd *cobra.Command) (*types.QRCode, error) {
	payload, _ := cmd.Flags().GetString("qr")
	if file, _ := cmd.Flags().GetString("qr-image"); file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		img, _, err := image.Decode(f)
		if err != nil {
			return nil, fmt.Errorf("--qr-image %s: %w", file, err)
		}
		if payload, err = qr.Decode(img); err != nil {
			return nil, fmt.Errorf("--qr-image %s: no QR code read: %w", file, err)
		}
	}
	if payload == "" {
		return nil, nil
	}
	return types.ParseQRPayload(payload)
}

// checkQROnline checks a scanned QR code against the proved certificate and
// the signer's proved key: same chain, issuance and height, signed by the
// officer who issued it.
func checkQROnline(q *types.QRCode, chainID string, cert *withHistory, signer *participanttypes.RegisteredKey) []check {
	issued := cert.Events[0]
	return []check{
		{"qr chain", q.ChainId, q.ChainId == chainID},
		{"qr issuance", fmt.Sprintf("issued at height %d with the fields the code vouches for", q.IssuedHeight),
			q.IssuedHeight == issued.Height && bytes.Equal(q.IssuanceHash, types.IssuanceHash(cert.Certificate))},
		{"qr signature", signatureDetail(q, signer), signer != nil && issued.Signer == q.Signer && q.VerifySignature(signer.PubKey) == nil},
	}
}

func signatureDetail(q *types.QRCode, signer *participanttypes.RegisteredKey) string {
	if signer == nil {
		return q.Signer + " is not a registered key"
	}
	return fmt.Sprintf("%s, %s of %s", signer.Name, signer.Role.Name(), signer.Participant)
}

// checkQROffline checks a scanned QR code with a registry of officer keys
// exported with proofs: the registry proves against the genesis, the signer
// is an active issuing officer of the certificate's issuer in it, and the
// signature is the signer's. The certificate's current status is not known
// offline.
func checkQROffline(q *types.QRCode, registryFile string, c *client.Context, cmd *cobra.Command) ([]check, error) {
	bz, err := os.ReadFile(registryFile)
	if err != nil {
		return nil, err
	}
	var r proof.Registry
	if err := json.Unmarshal(bz, &r); err != nil {
		return nil, fmt.Errorf("--registry %s: %w", registryFile, err)
	}
	doc, path, err := c.Genesis(cmd)
	if err != nil {
		return nil, fmt.Errorf("the genesis to check the registry against: %w", err)
	}
	lb, err := proof.CheckRegistry(&r, doc)
	if err != nil {
		return nil, fmt.Errorf("--registry %s does not check against %s: %w", registryFile, path, err)
	}
	signed, _ := proof.Signers(lb)
	var signer *participanttypes.RegisteredKey
	for _, rec := range r.Records {
		var k participanttypes.RegisteredKey
		if k.Unmarshal(rec.Value) == nil && k.Address == q.Signer {
			signer = &k
		}
	}
	officer := signer != nil && signer.Role == envelope.Role_ROLE_ISSUER && signer.Status == participanttypes.KeyStatus_KEY_STATUS_ACTIVE &&
		signer.Participant == q.Number[:2]
	return []check{
		{"registry", fmt.Sprintf("%d officer keys proved at height %d (%s), signed by %d of %d authorities", len(r.Records), r.Height,
			format.Time(lb.Time.Unix()), signed, lb.ValidatorSet.Size()), true},
		{"qr chain", q.ChainId, q.ChainId == doc.ChainID},
		{"qr signature", signatureDetail(q, signer), officer && q.VerifySignature(signer.PubKey) == nil},
		{"status", "not known offline: check online when you can", true},
	}, nil
}
