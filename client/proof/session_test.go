package proof_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/testutil/lightchain"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// threeCertificates is a chain where Botswana issued three certificates and
// South Africa one.
func threeCertificates(t *testing.T) *lightchain.Chain {
	c := lightchain.New(t)
	c.Block()
	for _, n := range []string{"BW-2005-1", "BW-2005-2", "BW-2005-3"} {
		c.DeliverOK("bw-issuer", apptest.Shipment(n, "BW", "EU")(c.Chain))
	}
	c.DeliverOK("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "EU")(c.Chain))
	return c
}

func issuerPrefix(code string) []byte {
	return append([]byte{certtypes.StorePrefix}, certtypes.CertificatesPrefix(code)...)
}

func TestScanProvesAWholeListing(t *testing.T) {
	c := threeCertificates(t)
	ctx := context.Background()
	s, err := c.Verifier(c.Node(), c.Provider(nil, nil)).Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	records, more, err := s.Scan(ctx, issuerPrefix("BW"), 10)
	if err != nil || more || len(records) != 3 {
		t.Fatalf("%d records, more %v: %v; want the 3 of BW", len(records), more, err)
	}
	for i, r := range records {
		var cert certtypes.Certificate
		if err := cert.Unmarshal(r.Value); err != nil || cert.Number != []string{"BW-2005-1", "BW-2005-2", "BW-2005-3"}[i] {
			t.Errorf("record %d: %q, %v", i, cert.Number, err)
		}
		if r.Height != s.Height || !bytes.Equal(r.AppHash, s.Header.AppHash) || r.Signed != 4 {
			t.Errorf("record %d proved at %d by %d, want %d by 4", i, r.Height, r.Signed, s.Height)
		}
	}
	if records, more, err := s.Scan(ctx, issuerPrefix("BW"), 2); err != nil || !more || len(records) != 2 {
		t.Errorf("limit 2: %d records, more %v, %v", len(records), more, err)
	}
	// An issuer with none, one after the last key of its module, and the
	// end of the whole state.
	for _, prefix := range [][]byte{issuerPrefix("RU"), issuerPrefix("ZZ"), {0xFF}} {
		if records, more, err := s.Scan(ctx, prefix, 10); err != nil || more || len(records) != 0 {
			t.Errorf("%X: %d records, more %v, %v; want none", prefix, len(records), more, err)
		}
	}
}

func TestScanCatchesAHiddenRecord(t *testing.T) {
	c := threeCertificates(t)
	ctx := context.Background()
	honest := c.Node()
	liar := c.Node()
	after := func(number string) []byte {
		return append(append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey(number)...), 0x00)
	}
	// Asked what follows BW-2005-1, the node answers with what follows
	// BW-2005-2: a true proof of another key's absence.
	liar.Edit = func(key, value, op []byte) ([]byte, []byte) {
		if bytes.Equal(key, after("BW-2005-1")) {
			latest, _ := honest.LatestHeight(ctx)
			_, other, _, err := honest.ProveKey(ctx, after("BW-2005-2"), latest-1)
			if err != nil {
				t.Fatal(err)
			}
			return nil, other
		}
		return value, op
	}
	s, err := c.Verifier(liar, c.Provider(nil, nil)).Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Scan(ctx, issuerPrefix("BW"), 10)
	if !errors.Is(err, proof.ErrProof) {
		t.Fatalf("a listing without BW-2005-2: %v, want %v", err, proof.ErrProof)
	}
	t.Log(err)
}
