package keeper_test

import (
	"bytes"
	"sort"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/x/participant/types"
)

// newChain starts the fixture network and commits an empty first block, so
// that queries and CheckTx read a saved state.
func newChain(t testing.TB) *apptest.Chain { return chainWith()(t) }

// chainWith is newChain on a fixture network that opts change.
func chainWith(opts ...apptest.Option) func(t testing.TB) *apptest.Chain {
	return func(t testing.TB) *apptest.Chain {
		t.Helper()
		c := apptest.New(t, opts...)
		c.Block()
		return c
	}
}

// withStatus gives a fixture participant another status in genesis. Genesis
// refuses validators of non-active participants: use it on India (no node).
func withStatus(code string, status types.ParticipantStatus) apptest.Option {
	return apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		for i := range g.Registry.Participants {
			if g.Registry.Participants[i].Code == code {
				g.Registry.Participants[i].Status = status
				return
			}
		}
		panic("withStatus: no participant " + code)
	})
}

func addOfficer(keyName string, role envelope.Role, name string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgAddOfficer{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func addOperator(keyName string, role envelope.Role, name string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgAddOperator{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func rotateOfficer(oldKey, newKey string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRotateOfficer{Address: c.Address(oldKey), NewPubKey: c.PubKey(newKey)}
	}
}

func revokeOfficer(keyName string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRevokeOfficer{Address: c.Address(keyName)}
	}
}

func revokeOperator(keyName string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRevokeOperator{Address: c.Address(keyName)}
	}
}

// queryKey asks Key, Officer or Operator about an address.
func queryKey(t *testing.T, c *apptest.Chain, method, address string) (types.RegisteredKey, *abci.QueryResponse) {
	t.Helper()
	var resp types.QueryKeyResponse
	q := c.Query(method, &types.QueryKeyRequest{Address: address}, &resp)
	return resp.Key, q
}

// mustKey returns the registered key of a named fixture key.
func mustKey(t *testing.T, c *apptest.Chain, keyName string) types.RegisteredKey {
	t.Helper()
	rk, q := queryKey(t, c, types.QueryKey, c.Address(keyName))
	if q.Code != 0 {
		t.Fatalf("key %s: code %d (%s)", keyName, q.Code, q.Log)
	}
	return rk
}

// keyIs checks an active key registered at the current height.
func keyIs(method, keyName string, role envelope.Role, participant, name string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
	return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
		t.Helper()
		rk, q := queryKey(t, c, method, c.Address(keyName))
		if q.Code != 0 {
			t.Fatalf("%s %s: code %d (%s)", method, keyName, q.Code, q.Log)
		}
		want := types.RegisteredKey{
			Address: c.Address(keyName), PubKey: c.PubKey(keyName), Role: role, Participant: participant,
			Name: name, Status: types.KeyStatus_KEY_STATUS_ACTIVE, AddedHeight: c.Height,
		}
		if !proto.Equal(&rk, &want) {
			t.Errorf("%s %s = %+v\nwant %+v", method, keyName, rk, want)
		}
	}
}

// revokedAt checks that a named key was revoked in the last block.
func revokedAt(t *testing.T, c *apptest.Chain, keyName string) types.RegisteredKey {
	t.Helper()
	rk := mustKey(t, c, keyName)
	if rk.Status != types.KeyStatus_KEY_STATUS_REVOKED || rk.RevokedHeight != c.Height {
		t.Errorf("%s: status %s revoked at %d, want revoked at %d", keyName, rk.Status.Name(), rk.RevokedHeight, c.Height)
	}
	return rk
}

// signs checks what becomes of a transaction a named key signs: want nil for
// accepted, else the refusal Chain.Refused checks (no state changed, the
// sequence rule). The message registers a new exporter for the signer.
func signs(t *testing.T, c *apptest.Chain, keyName string, want *refusal.Error) {
	t.Helper()
	msg := &types.MsgAddOperator{PubKey: c.PubKey(keyName + "-probe"), Role: envelope.Role_ROLE_EXPORTER, Name: "Probe Exporters"}
	if want == nil {
		c.DeliverOK(keyName, msg)
		return
	}
	c.Refused(keyName, msg, want)
}

// addresses lists the addresses of named keys in address order (the order of
// the Officers and Operators queries).
func addresses(c *apptest.Chain, keyNames ...string) []string {
	out := make([]string, len(keyNames))
	for i, n := range keyNames {
		out[i] = c.Address(n)
	}
	sort.Strings(out)
	return out
}

// fixtureKey is the fixture's deterministic key of a name, for tests that
// build a genesis without a chain.
func fixtureKey(name string) ed25519.PrivKey {
	return ed25519.GenPrivKeyFromSecret([]byte("kpledger fixture " + name))
}

// pubKeyOf is the public key bytes of a fixture key name.
func pubKeyOf(name string) []byte { return fixtureKey(name).PubKey().Bytes() }

// bytesOf returns a byte slice of n copies of b.
func bytesOf(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }
