package web_test

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/light/provider"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/testutil/lightchain"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestNoUnverifiedAnswerShownAsVerified: whatever the node or the headers
// lie about, the server shows no verdict and no data, says the answer is not
// verified and why, and answers 502.
func TestNoUnverifiedAnswerShownAsVerified(t *testing.T) {
	c := world(t)
	certificate := append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey("BW-2006-5")...)
	participants := append([]byte{participanttypes.StorePrefix}, participanttypes.ParticipantsPrefix()...)
	history := append([]byte{certtypes.StorePrefix}, certtypes.HistoryPrefix("BW-2006-5")...)
	issuance := append([]byte{certtypes.StorePrefix}, certtypes.HistoryKey("BW-2006-5", 0)...)
	liar := func(edit func(key, value, op []byte) ([]byte, []byte)) *lightchain.Node {
		n := c.Node()
		n.Edit = edit
		return n
	}
	foreign := []crypto.PrivKey{ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey()}
	cases := []struct {
		name   string
		server func() http.Handler
		path   string
		reason string
	}{
		{"a node that edits the certificate", func() http.Handler {
			return serve(t, c, liar(func(key, value, op []byte) ([]byte, []byte) {
				if bytes.Equal(key, certificate) {
					value[len(value)-1] ^= 1
				}
				return value, op
			}), nil)
		}, "/certificates/BW-2006-5", "proof failed"},
		{"a node that says the certificate does not exist", func() http.Handler {
			return serve(t, c, liar(func(key, value, op []byte) ([]byte, []byte) {
				if bytes.Equal(key, certificate) {
					return nil, op
				}
				return value, op
			}), nil)
		}, "/certificates/BW-2006-5", "proof failed"},
		{"a node that hides a participant from the listing", func() http.Handler {
			honest := c.Node()
			return serve(t, c, liar(func(key, value, op []byte) ([]byte, []byte) {
				after := func(code string) []byte { return append(append(append([]byte(nil), participants...), code...), 0) }
				if bytes.Equal(key, after("BW")) {
					_, other, _, _ := honest.ProveKey(t.Context(), after("EU"), c.Latest()-1)
					return nil, other
				}
				return value, op
			}), nil)
		}, "/participants", "proof failed"},
		{"a node that hides the issuance from the certificate's history", func() http.Handler {
			honest := c.Node()
			return serve(t, c, liar(func(key, value, op []byte) ([]byte, []byte) {
				if bytes.Equal(key, history) {
					_, other, _, _ := honest.ProveKey(t.Context(), append(append([]byte(nil), issuance...), 0), c.Latest()-1)
					return nil, other
				}
				return value, op
			}), nil)
		}, "/certificates/BW-2006-5", "proof failed"},
		{"headers signed by other keys than the authorities'", func() http.Handler {
			return serve(t, c, nil, c.Provider(foreign, nil))
		}, "/certificates/BW-2006-5", "trust root mismatch"},
		{"a witness that serves another app hash", func() http.Handler {
			return serve(t, c, nil, nil, c.Provider(nil, func(h *cmttypes.Header) {
				if h.Height == c.Latest() {
					h.AppHash = make([]byte, 32)
				}
			}))
		}, "/certificates/BW-2006-5", "the primary and a witness disagree"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.server()
			code, page := get(t, s, tc.path+"?lang=fr")
			if code != http.StatusBadGateway {
				t.Errorf("page: %d, want 502", code)
			}
			mustContain(t, "the page", page, `data-verified="false"`, "NON VÉRIFIÉ", tc.reason)
			mustNotContain(t, "the page", page, "data-verdict", "VALABLE", "1523.40", `data-verified="true"`, "<table")
			code, a := getJSON(t, s, "/api/v1"+tc.path, nil)
			if code != http.StatusBadGateway || a.Proof.Verified || a.Data != nil || !bytes.Contains([]byte(a.Proof.Error), []byte(tc.reason)) {
				t.Errorf("JSON: %d %+v", code, a)
			}
		})
	}
}

// countingProvider counts the requests for block 1.
type countingProvider struct {
	provider.Provider
	mu    sync.Mutex
	first int
}

func (p *countingProvider) LightBlock(ctx context.Context, h int64) (*cmttypes.LightBlock, error) {
	if h == 1 {
		p.mu.Lock()
		p.first++
		p.mu.Unlock()
	}
	return p.Provider.LightBlock(ctx, h)
}

// TestVerifiedHeaderBecomesTheTrustRoot: once a header is verified, the
// next block's is verified from it, not from block 1 again.
func TestVerifiedHeaderBecomesTheTrustRoot(t *testing.T) {
	c := world(t)
	primary := &countingProvider{Provider: c.Provider(nil, nil)}
	s := serve(t, c, nil, primary)
	if code, _ := get(t, s, "/api/v1/health"); code != http.StatusOK {
		t.Fatalf("health: %d", code)
	}
	primary.mu.Lock()
	first := primary.first
	primary.mu.Unlock()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-6", "BW", "EU")(c.Chain))
	var v certificateAnswer
	if code, a := getJSON(t, s, "/api/v1/certificates/BW-2006-6", &v); code != http.StatusOK || v.Verdict != "VALID FOR ENTRY" || a.Proof.Height != c.Latest()-1 {
		t.Fatalf("a certificate of the next block: %d %q at %d", code, v.Verdict, a.Proof.Height)
	}
	primary.mu.Lock()
	defer primary.mu.Unlock()
	if first == 0 || primary.first != first {
		t.Errorf("block 1 asked %d times for the first session, %d in all", first, primary.first)
	}
}
