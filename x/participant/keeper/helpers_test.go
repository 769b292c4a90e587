package keeper_test

import (
	"bytes"
	"sort"
	"strings"
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
func newChain(t *testing.T, opts ...apptest.Option) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, opts...)
	c.Block()
	return c
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

// message builds a message on a chain (keys and addresses are the chain's).
type message func(c *apptest.Chain) envelope.Message

func addOfficer(keyName string, role envelope.Role, name string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgAddOfficer{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func addOperator(keyName string, role envelope.Role, name string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgAddOperator{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func rotateOfficer(oldKey, newKey string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRotateOfficer{Address: c.Address(oldKey), NewPubKey: c.PubKey(newKey)}
	}
}

func revokeOfficer(keyName string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRevokeOfficer{Address: c.Address(keyName)}
	}
}

func revokeOperator(keyName string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgRevokeOperator{Address: c.Address(keyName)}
	}
}

// step is one accepted transaction of a case's setup.
type step struct {
	signer string
	msg    message
}

func by(signer string, msg message) step { return step{signer, msg} }

// given is a setup that delivers each step in its own block and requires it
// to succeed.
func given(steps ...step) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		for _, s := range steps {
			if res := c.Deliver(c.Tx(s.signer, s.msg(c))); res.Code != 0 {
				t.Fatalf("setup: %s signing %s: code %d: %s", s.signer, apptest.MsgName(s.msg(c)), res.Code, res.Log)
			}
		}
	}
}

// txCase is one transaction on a fresh fixture chain: accepted (want nil, then
// check) or refused with want, leaving the registry as it was.
type txCase struct {
	name   string
	setup  func(t *testing.T, c *apptest.Chain)
	signer string
	msg    message
	want   *refusal.Error
	check  func(t *testing.T, c *apptest.Chain)
}

func runTxCases(t *testing.T, cases []txCase, opts ...apptest.Option) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, opts...)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := registry(t, c)
			res := c.Deliver(c.Tx(tc.signer, tc.msg(c)))
			if tc.want == nil {
				if res.Code != 0 {
					t.Fatalf("refused: code %d (%s)", res.Code, res.Log)
				}
				if tc.check != nil {
					tc.check(t, c)
				}
				return
			}
			wantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, tc.want)
			if after := registry(t, c); after != before {
				t.Errorf("a refused transaction changed the registry:\nbefore: %s\nafter:  %s", before, after)
			}
		})
	}
}

// wantRefusal checks a result's code and codespace against a refusal.
func wantRefusal(t *testing.T, where string, code uint32, codespace, log string, want *refusal.Error) {
	t.Helper()
	if code != want.Code() || codespace != want.Codespace() {
		t.Errorf("%s: code %d %q (%s), want %d %q (%s)", where, code, codespace, log, want.Code(), want.Codespace(), want.Reason())
	}
}

// registry renders the whole participant registry as its queries answer it:
// participants, observers, validators, and every participant's keys, revoked
// ones included. Two equal renderings are two equal registries.
func registry(t *testing.T, c *apptest.Chain) string {
	t.Helper()
	var b strings.Builder
	show := func(method string, req request, resp proto.Message) {
		q := c.Query(method, req, resp.(interface{ Unmarshal([]byte) error }))
		if q.Code != 0 {
			t.Fatalf("%s: code %d (%s)", method, q.Code, q.Log)
		}
		b.WriteString(method + " " + proto.CompactTextString(resp) + "\n")
	}
	var participants types.QueryParticipantsResponse
	show(types.QueryParticipants, &types.QueryParticipantsRequest{}, &participants)
	show(types.QueryObservers, &types.QueryObserversRequest{}, &types.QueryObserversResponse{})
	show(types.QueryValidators, &types.QueryValidatorsRequest{}, &types.QueryValidatorsResponse{})
	for _, p := range participants.Participants {
		req := &types.QueryKeysRequest{Participant: p.Code, IncludeRevoked: true}
		show(types.QueryOfficers, req, &types.QueryKeysResponse{})
		show(types.QueryOperators, req, &types.QueryKeysResponse{})
	}
	return b.String()
}

// request is a query's request message.
type request = interface{ Marshal() ([]byte, error) }

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
func keyIs(method, keyName string, role envelope.Role, participant, name string) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
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
// accepted. The message registers a new exporter for the signer.
func signs(t *testing.T, c *apptest.Chain, keyName string, want *refusal.Error) {
	t.Helper()
	msg := &types.MsgAddOperator{PubKey: c.PubKey(keyName + "-probe"), Role: envelope.Role_ROLE_EXPORTER, Name: "Probe Exporters"}
	res := c.Deliver(c.Tx(keyName, msg))
	if want == nil {
		if res.Code != 0 {
			t.Errorf("%s signs: code %d (%s), want accepted", keyName, res.Code, res.Log)
		}
		return
	}
	wantRefusal(t, keyName+" signs", res.Code, res.Codespace, res.Log, want)
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
