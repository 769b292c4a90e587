package proof_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/light/provider/mock"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// network is an apptest chain seen as CometBFT would serve it: a light block
// for every height, signed by the fixture's validators.
type network struct {
	c          *apptest.Chain
	genesis    []byte // the genesis state's app hash: header 1's
	validators []crypto.PrivKey
	set        *cmttypes.ValidatorSet
}

func newNetwork(t *testing.T) *network {
	c := apptest.New(t)
	n := &network{c: c, genesis: c.AppHash}
	var vals []*cmttypes.Validator
	for _, name := range []string{"bw-node", "eu-node", "ru-node", "za-node"} {
		key := c.Key(name)
		n.validators = append(n.validators, key)
		vals = append(vals, cmttypes.NewValidator(key.PubKey(), 10))
	}
	n.set = cmttypes.NewValidatorSet(vals)
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-3", "BW", "EU")(c))
	c.Block()
	return n
}

// appHashBefore is the app hash in header h: the state after block h-1.
func (n *network) appHashBefore(t *testing.T, h int64) []byte {
	if h == 1 {
		return n.genesis
	}
	hash, err := n.c.App.AppHashAt(h - 1)
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

// provider serves light blocks 1..latest signed by keys (the validators
// unless given); edit changes a header before it is signed.
func (n *network) provider(t *testing.T, keys []crypto.PrivKey, edit func(h *cmttypes.Header)) *mock.Mock {
	set := n.set
	if keys == nil {
		keys = n.validators
	} else {
		var vals []*cmttypes.Validator
		for _, k := range keys {
			vals = append(vals, cmttypes.NewValidator(k.PubKey(), 10))
		}
		set = cmttypes.NewValidatorSet(vals)
	}
	headers, sets := map[int64]*cmttypes.SignedHeader{}, map[int64]*cmttypes.ValidatorSet{}
	for h := int64(1); h <= n.latest(); h++ {
		header := &cmttypes.Header{
			Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: apptest.ChainID, Height: h,
			Time: apptest.GenesisTime.Add(time.Duration(h) * apptest.BlockInterval), ValidatorsHash: set.Hash(),
			NextValidatorsHash: set.Hash(), AppHash: n.appHashBefore(t, h), ProposerAddress: set.Validators[0].Address,
		}
		if edit != nil {
			edit(header)
		}
		headers[h], sets[h] = &cmttypes.SignedHeader{Header: header, Commit: sign(t, header, set, keys)}, set
	}
	return mock.New(apptest.ChainID, headers, sets)
}

// latest is the height of the newest header: one past the chain's state.
func (n *network) latest() int64 { return n.c.Height + 1 }

func sign(t *testing.T, header *cmttypes.Header, set *cmttypes.ValidatorSet, keys []crypto.PrivKey) *cmttypes.Commit {
	blockID := cmttypes.BlockID{Hash: header.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: make([]byte, 32)}}
	sigs := make([]cmttypes.CommitSig, set.Size())
	for i := range sigs {
		sigs[i] = cmttypes.NewCommitSigAbsent()
	}
	for _, key := range keys {
		idx, _ := set.GetByAddress(key.PubKey().Address())
		vote := &cmttypes.Vote{ValidatorAddress: key.PubKey().Address(), ValidatorIndex: idx, Height: header.Height, Round: 1,
			Timestamp: header.Time, Type: cmttypes.PrecommitType, BlockID: blockID}
		sig, err := key.Sign(cmttypes.VoteSignBytes(header.ChainID, vote.ToProto()))
		if err != nil {
			t.Fatal(err)
		}
		vote.Signature = sig
		sigs[idx] = vote.CommitSig()
	}
	return &cmttypes.Commit{Height: header.Height, Round: 1, BlockID: blockID, Signatures: sigs}
}

// node answers /store/key from the chain, through edit when given (a node
// that lies).
type node struct {
	n    *network
	edit func(value, proofOp []byte) ([]byte, []byte)
}

func (d node) LatestHeight(context.Context) (int64, error) { return d.n.latest(), nil }

func (d node) ProveKey(ctx context.Context, key []byte, height int64) ([]byte, []byte, int64, error) {
	res, err := d.n.c.App.Query(ctx, &abci.QueryRequest{Path: module.StoreKeyPath, Data: key, Height: height, Prove: true})
	if err != nil {
		return nil, nil, 0, err
	}
	value, op := res.Value, res.ProofOps.Ops[0].Data
	if d.edit != nil {
		value, op = d.edit(append([]byte(nil), value...), append([]byte(nil), op...))
	}
	return value, op, res.Height, nil
}

// verifier proves against the network's block 1 as the trust root.
func (n *network) verifier(t *testing.T, primary *mock.Mock, witnesses ...*mock.Mock) *proof.Verifier {
	honest := n.provider(t, nil, nil)
	one, err := honest.LightBlock(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	v := &proof.Verifier{ChainID: apptest.ChainID, Trust: proof.TrustRoot{Height: 1, Hash: one.Hash()}, Primary: primary,
		Node: node{n: n}, Now: func() time.Time { return apptest.GenesisTime.Add(24 * time.Hour) }}
	for _, w := range witnesses {
		v.Witnesses = append(v.Witnesses, w)
	}
	return v
}

func certificateKey(number string) []byte {
	return append([]byte{certtypes.StorePrefix}, certtypes.CertificateKey(number)...)
}

func TestProvesPresenceAndAbsence(t *testing.T) {
	n := newNetwork(t)
	v := n.verifier(t, n.provider(t, nil, nil))
	p, err := v.Prove(context.Background(), certificateKey("BW-2005-1"))
	if err != nil {
		t.Fatal(err)
	}
	var cert certtypes.Certificate
	if err := cert.Unmarshal(p.Value); err != nil || cert.Number != "BW-2005-1" {
		t.Fatalf("proved %q, %v", cert.Number, err)
	}
	if p.Height != n.c.Height || p.Signed != 4 || p.Validators != 4 {
		t.Errorf("proved at %d by %d of %d, want %d by 4 of 4", p.Height, p.Signed, p.Validators, n.c.Height)
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
	n := newNetwork(t)
	ctx := context.Background()
	key := certificateKey("BW-2005-1")
	honest := n.provider(t, nil, nil)
	foreign := []crypto.PrivKey{ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey(), ed25519.GenPrivKey()}
	cases := []struct {
		name     string
		verifier func() *proof.Verifier
		want     error
	}{
		{"a node that edits the certificate's bytes", func() *proof.Verifier {
			v := n.verifier(t, honest)
			v.Node = node{n: n, edit: func(value, op []byte) ([]byte, []byte) {
				value[len(value)-1] ^= 1
				return value, op
			}}
			return v
		}, proof.ErrProof},
		{"a node that says a certificate does not exist", func() *proof.Verifier {
			v := n.verifier(t, honest)
			v.Node = node{n: n, edit: func(_, op []byte) ([]byte, []byte) { return nil, op }}
			return v
		}, proof.ErrProof},
		{"a node that edits the proof", func() *proof.Verifier {
			v := n.verifier(t, honest)
			v.Node = node{n: n, edit: func(value, op []byte) ([]byte, []byte) {
				op[len(op)/2] ^= 1
				return value, op
			}}
			return v
		}, proof.ErrProof},
		{"headers signed by a foreign validator set", func() *proof.Verifier {
			v := n.verifier(t, n.provider(t, foreign, nil))
			return v
		}, proof.ErrTrustRoot},
		{"a header after the trust root signed by a foreign set", func() *proof.Verifier {
			v := n.verifier(t, honest)
			forged := n.provider(t, foreign, nil)
			one, _ := honest.LightBlock(ctx, 1)
			forged.AddLightBlock(one)
			v.Primary, v.Witnesses = forged, nil
			return v
		}, proof.ErrHeader},
		{"a primary whose witness serves another app hash", func() *proof.Verifier {
			fork := n.provider(t, nil, func(h *cmttypes.Header) {
				if h.Height == n.latest() {
					h.AppHash = make([]byte, 32)
				}
			})
			return n.verifier(t, honest, fork)
		}, proof.ErrWitness},
		{"a trust root nobody serves", func() *proof.Verifier {
			v := n.verifier(t, honest)
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
	n := newNetwork(t)
	doc, err := n.c.Genesis.Doc()
	if err != nil {
		t.Fatal(err)
	}
	primary := n.provider(t, nil, func(h *cmttypes.Header) { h.Time = doc.GenesisTime })
	root, err := proof.HeaderOfGenesis(context.Background(), primary, doc, n.genesis)
	if err != nil || root.Height != 1 {
		t.Fatalf("trust root %+v: %v", root, err)
	}
	if _, err := proof.HeaderOfGenesis(context.Background(), primary, doc, make([]byte, 32)); !errors.Is(err, proof.ErrTrustRoot) {
		t.Errorf("another genesis state: %v, want %v", err, proof.ErrTrustRoot)
	}
	if _, err := proof.HeaderOfGenesis(context.Background(), n.provider(t, nil, nil), doc, n.genesis); !errors.Is(err, proof.ErrTrustRoot) {
		t.Errorf("block 1 at another time than genesis: %v, want %v", err, proof.ErrTrustRoot)
	}
}

func TestRegistryExportedAndCheckedOffline(t *testing.T) {
	n := newNetwork(t)
	v := n.verifier(t, n.provider(t, nil, nil))
	keyOf := func(name string) []byte {
		return append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(n.c.Key(name).PubKey().Address())...)
	}
	set, err := v.ProveAll(context.Background(), [][]byte{keyOf("bw-issuer"), keyOf("za-issuer")})
	if err != nil {
		t.Fatal(err)
	}
	registry, err := proof.NewRegistry(apptest.ChainID, set)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := n.c.Genesis.Doc()
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
