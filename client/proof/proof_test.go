package proof_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/light/provider"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/lightchain"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// newNetwork is a chain, served as CometBFT would serve it
// (testutil/lightchain), where Botswana issued BW-2005-1 and BW-2005-3.
func newNetwork(t *testing.T) *lightchain.Chain {
	c := lightchain.New(t)
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")(c.Chain))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-3", "BW", "EU")(c.Chain))
	c.Block()
	return c
}

// lying is a node of the chain that rewrites every answer's value and proof.
func lying(c *lightchain.Chain, edit func(value, op []byte) ([]byte, []byte)) *lightchain.Node {
	n := c.Node()
	n.Edit = func(_, value, op []byte) ([]byte, []byte) { return edit(value, op) }
	return n
}

// spliced serves block 1 from one provider and every other from another.
type spliced struct {
	provider.Provider
	one provider.Provider
}

func (s spliced) LightBlock(ctx context.Context, h int64) (*cmttypes.LightBlock, error) {
	if h == 1 {
		return s.one.LightBlock(ctx, h)
	}
	return s.Provider.LightBlock(ctx, h)
}

func certificateKey(number string) []byte {
	return append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey(number)...)
}

func TestProvesPresenceAndAbsence(t *testing.T) {
	c := newNetwork(t)
	v := c.Verifier(c.Node(), c.Provider(nil, nil))
	p, err := v.Prove(context.Background(), certificateKey("BW-2005-1"))
	if err != nil {
		t.Fatal(err)
	}
	var cert certtypes.Certificate
	if err := cert.Unmarshal(p.Value); err != nil || cert.Number != "BW-2005-1" {
		t.Fatalf("proved %q, %v", cert.Number, err)
	}
	if p.Height != c.Height || p.Signed != 4 || p.Validators != 4 {
		t.Errorf("proved at %d by %d of %d, want %d by 4 of 4", p.Height, p.Signed, p.Validators, c.Height)
	}
	// Numbers before the first certificate, between two and after the last.
	for _, number := range []string{"AA-0000-0", "BW-2005-2", "ZZ-9999-9"} {
		p, err := v.Prove(context.Background(), certificateKey(number))
		if err != nil {
			t.Errorf("%s: %v; want proven absent", number, err)
		} else if p.Value != nil {
			t.Errorf("%s: value %X; want proven absent", number, p.Value)
		}
	}
}

func TestEachForgeryHasItsFailure(t *testing.T) {
	c := newNetwork(t)
	ctx := context.Background()
	key := certificateKey("BW-2005-1")
	honest := c.Provider(nil, nil)
	foreign := []crypto.PrivKey{ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey()}
	cases := []struct {
		name     string
		verifier func() *proof.Verifier
		want     error
	}{
		{"a node that edits the certificate's bytes", func() *proof.Verifier {
			return c.Verifier(lying(c, func(value, op []byte) ([]byte, []byte) {
				value[len(value)-1] ^= 1
				return value, op
			}), honest)
		}, proof.ErrProof},
		{"a node that says a certificate does not exist", func() *proof.Verifier {
			return c.Verifier(lying(c, func(_, op []byte) ([]byte, []byte) { return nil, op }), honest)
		}, proof.ErrProof},
		{"a node that edits the proof", func() *proof.Verifier {
			return c.Verifier(lying(c, func(value, op []byte) ([]byte, []byte) {
				op[len(op)/2] ^= 1
				return value, op
			}), honest)
		}, proof.ErrProof},
		{"headers signed by a foreign validator set", func() *proof.Verifier {
			return c.Verifier(c.Node(), c.Provider(foreign, nil))
		}, proof.ErrTrustRoot},
		{"a header after the trust root signed by a foreign set", func() *proof.Verifier {
			forged := spliced{Provider: c.Provider(foreign, nil), one: honest}
			v := c.Verifier(c.Node(), forged)
			v.Witnesses = []provider.Provider{forged}
			return v
		}, proof.ErrHeader},
		{"a primary whose witness serves another app hash", func() *proof.Verifier {
			fork := c.Provider(nil, func(h *cmttypes.Header) {
				if h.Height == c.Latest() {
					h.AppHash = make([]byte, 32)
				}
			})
			return c.Verifier(c.Node(), honest, fork)
		}, proof.ErrWitness},
		{"a trust root nobody serves", func() *proof.Verifier {
			v := c.Verifier(c.Node(), honest)
			v.Trust.Hash = make([]byte, 32)
			return v
		}, proof.ErrTrustRoot},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.verifier().Prove(ctx, key)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestTrustRootFromGenesis(t *testing.T) {
	c := newNetwork(t)
	doc, err := c.Genesis.Doc()
	if err != nil {
		t.Fatal(err)
	}
	primary := c.Provider(nil, nil)
	root, err := proof.HeaderOfGenesis(context.Background(), primary, doc, c.GenesisAppHash())
	if err != nil || root.Height != 1 {
		t.Fatalf("trust root %+v: %v", root, err)
	}
	if _, err := proof.HeaderOfGenesis(context.Background(), primary, doc, make([]byte, 32)); !errors.Is(err, proof.ErrTrustRoot) {
		t.Errorf("another genesis state: %v, want %v", err, proof.ErrTrustRoot)
	}
	late := c.Provider(nil, func(h *cmttypes.Header) { h.Time = h.Time.Add(time.Second) })
	if _, err := proof.HeaderOfGenesis(context.Background(), late, doc, c.GenesisAppHash()); !errors.Is(err, proof.ErrTrustRoot) {
		t.Errorf("block 1 at another time than genesis: %v, want %v", err, proof.ErrTrustRoot)
	}
}

func TestRegistryExportedAndCheckedOffline(t *testing.T) {
	c := newNetwork(t)
	v := c.Verifier(c.Node(), c.Provider(nil, nil))
	keyOf := func(name string) []byte {
		return append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(c.Key(name).PubKey().Address())...)
	}
	set, err := v.ProveAll(context.Background(), [][]byte{keyOf("bw-issuer"), keyOf("za-issuer")})
	if err != nil {
		t.Fatal(err)
	}
	registry, err := proof.NewRegistry(apptest.ChainID, set)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := c.Genesis.Doc()
	if err != nil {
		t.Fatal(err)
	}
	imported := func(t *testing.T, edit func(r *proof.Registry)) error {
		bz, err := json.Marshal(registry)
		if err != nil {
			t.Fatal(err)
		}
		var r proof.Registry
		if err := json.Unmarshal(bz, &r); err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			edit(&r)
		}
		_, err = proof.CheckRegistry(&r, doc)
		return err
	}
	if err := imported(t, nil); err != nil {
		t.Fatalf("the registry as exported: %v", err)
	}
	var rk participanttypes.RegisteredKey
	if err := rk.Unmarshal(registry.Records[0].Value); err != nil || rk.Role != envelope.Role_ROLE_ISSUER || rk.Participant != "BW" {
		t.Fatalf("record 0: %+v, %v", rk, err)
	}
	for _, tc := range []struct {
		name string
		edit func(r *proof.Registry)
		want error
	}{
		{"a record's role rewritten to smuggle a key in", func(r *proof.Registry) { r.Records[1].Value[len(r.Records[1].Value)-1] ^= 1 }, proof.ErrProof},
		{"another chain's registry", func(r *proof.Registry) { r.ChainID = "kp-elsewhere" }, proof.ErrTrustRoot},
		{"a header whose app hash was replaced", func(r *proof.Registry) {
			r.LightBlock = []byte(strings.Replace(string(r.LightBlock), `"app_hash":"`, `"app_hash":"00`, 1))
		}, proof.ErrHeader},
		{"records said to be of another height", func(r *proof.Registry) { r.Height-- }, proof.ErrHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := imported(t, tc.edit); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}
