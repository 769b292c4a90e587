package app_test

import (
	"bytes"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"
	gogotypes "github.com/cosmos/gogoproto/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// addOperator is a valid message for a BW admin.
func addOperator(c *apptest.Chain, name string) *participanttypes.MsgAddOperator {
	return &participanttypes.MsgAddOperator{PubKey: c.PubKey(name), Role: envelope.Role_ROLE_EXPORTER, Name: "Debswana Diamond Company"}
}

// signBody signs an arbitrary body with a named key.
func signBody(t *testing.T, c *apptest.Chain, name string, body *envelope.TxBody) []byte {
	t.Helper()
	bodyBytes, err := body.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return signBodyBytes(t, c, name, bodyBytes)
}

func signBodyBytes(t *testing.T, c *apptest.Chain, name string, bodyBytes []byte) []byte {
	t.Helper()
	sig, err := c.Key(name).Sign(bodyBytes)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := (&envelope.Tx{BodyBytes: bodyBytes, Signature: sig}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func packed(t *testing.T, msgs ...envelope.Message) []gogotypes.Any {
	t.Helper()
	var out []gogotypes.Any
	for _, m := range msgs {
		v, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, gogotypes.Any{TypeUrl: "/" + proto.MessageName(m), Value: v})
	}
	return out
}

// TestEnvelopeRefusals provokes every envelope refusal once, in CheckTx and in
// FinalizeBlock, and checks its code and that the block changed nothing.
func TestEnvelopeRefusals(t *testing.T) {
	cases := []struct {
		name string
		want *refusal.Error
		// tx builds the refused transaction on a fresh chain at height 1.
		tx func(t *testing.T, c *apptest.Chain) []byte
	}{
		{"undecodable bytes", envelope.ErrTxDecode, func(t *testing.T, c *apptest.Chain) []byte {
			return []byte("issue BW-2005-0001 please")
		}},
		{"oversize", envelope.ErrTxTooLarge, func(t *testing.T, c *apptest.Chain) []byte {
			return bytes.Repeat([]byte{0x0A}, envelope.MaxTxBytes+1)
		}},
		{"too many messages", envelope.ErrTooManyMessages, func(t *testing.T, c *apptest.Chain) []byte {
			var msgs []envelope.Message
			for i := 0; i <= envelope.MaxMessages; i++ {
				msgs = append(msgs, addOperator(c, "op"))
			}
			return c.TxAt("bw-admin", 0, msgs...)
		}},
		{"no message", envelope.ErrNoMessages, func(t *testing.T, c *apptest.Chain) []byte {
			return c.TxAt("bw-admin", 0)
		}},
		{"unknown message type", envelope.ErrUnknownMessage, func(t *testing.T, c *apptest.Chain) []byte {
			body := &envelope.TxBody{ChainId: apptest.ChainID, Signer: c.Key("bw-admin").PubKey().Address(),
				Messages: []gogotypes.Any{{TypeUrl: "/kpledger.participant.v1.MsgCrownKing", Value: nil}}}
			return signBody(t, c, "bw-admin", body)
		}},
		{"unknown field in the body", envelope.ErrNonCanonical, func(t *testing.T, c *apptest.Chain) []byte {
			body := &envelope.TxBody{ChainId: apptest.ChainID, Signer: c.Key("bw-admin").PubKey().Address(),
				Messages: packed(t, addOperator(c, "op"))}
			bodyBytes, _ := body.Marshal()
			bodyBytes = append(bodyBytes, 0x78, 0x01) // field 15, varint 1
			return signBodyBytes(t, c, "bw-admin", bodyBytes)
		}},
		{"wrong chain-id", envelope.ErrWrongChainID, func(t *testing.T, c *apptest.Chain) []byte {
			body := &envelope.TxBody{ChainId: "kpledger-other", Signer: c.Key("bw-admin").PubKey().Address(),
				Messages: packed(t, addOperator(c, "op"))}
			return signBody(t, c, "bw-admin", body)
		}},
		{"unknown signer", envelope.ErrUnknownSigner, func(t *testing.T, c *apptest.Chain) []byte {
			return c.TxAt("smuggler", 0, addOperator(c, "op"))
		}},
		{"revoked signer", envelope.ErrRevokedSigner, func(t *testing.T, c *apptest.Chain) []byte {
			c.MustDeliver(c.TxAt("bw-admin", 0, &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-revoked")}))
			return c.TxAt("bw-revoked", 0, addOperator(c, "op"))
		}},
		{"bad signature", envelope.ErrBadSignature, func(t *testing.T, c *apptest.Chain) []byte {
			body := &envelope.TxBody{ChainId: apptest.ChainID, Signer: c.Key("bw-admin").PubKey().Address(),
				Messages: packed(t, addOperator(c, "op"))}
			bodyBytes, _ := body.Marshal()
			sig, _ := c.Key("za-admin").Sign(bodyBytes) // signed by someone else
			tx, _ := (&envelope.Tx{BodyBytes: bodyBytes, Signature: sig}).Marshal()
			return tx
		}},
		{"reused sequence", envelope.ErrSequenceReused, func(t *testing.T, c *apptest.Chain) []byte {
			c.MustDeliver(c.TxAt("bw-admin", 0, addOperator(c, "op-first")))
			return c.TxAt("bw-admin", 0, addOperator(c, "op"))
		}},
		{"a committed transaction sent again", envelope.ErrSequenceReused, func(t *testing.T, c *apptest.Chain) []byte {
			tx := c.TxAt("bw-admin", 0, addOperator(c, "op-once"))
			c.MustDeliver(tx)
			return tx
		}},
		{"skipped sequence", envelope.ErrSequenceSkipped, func(t *testing.T, c *apptest.Chain) []byte {
			// CheckTx admits up to app.SequenceWindow-1 past a missing
			// sequence (TestCheckTxAdmitsAWindowAhead); a block none.
			return c.TxAt("bw-admin", app.SequenceWindow, addOperator(c, "op"))
		}},
		{"exporter signs an admin's message", envelope.ErrUnauthorized, func(t *testing.T, c *apptest.Chain) []byte {
			return c.TxAt("bw-exporter", 0, addOperator(c, "op"))
		}},
		{"observer signs anything", envelope.ErrUnauthorized, func(t *testing.T, c *apptest.Chain) []byte {
			return c.TxAt("wdc-observer", 0, addOperator(c, "op"))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := apptest.New(t, apptest.WithGenesis(withRevokedOfficer))
			c.Block() // height 1: a committed state for CheckTx
			tx := tc.tx(t, c)
			if res := c.CheckTx(tx, false); res.Code != tc.want.Code() {
				t.Errorf("CheckTx: code %d (%s), want %d (%s)", res.Code, res.Log, tc.want.Code(), tc.want.Reason())
			}
			before := c.AppHash
			resp := c.Block(tx)
			if res := resp.TxResults[0]; res.Code != tc.want.Code() || res.Codespace != "app" {
				t.Errorf("FinalizeBlock: code %d %q (%s), want %d", res.Code, res.Codespace, res.Log, tc.want.Code())
			}
			if !bytes.Equal(resp.AppHash, before) {
				t.Error("a refused envelope changed the state")
			}
		})
	}
}

// withRevokedOfficer registers bw-revoked, an issuer the "revoked signer" case
// revokes.
func withRevokedOfficer(g *genesis.Document, key func(string) ed25519.PrivKey) {
	if err := g.AddKey(key("bw-revoked").PubKey().Bytes(), envelope.Role_ROLE_ISSUER, "BW", "Retired Issuer"); err != nil {
		panic(err)
	}
}
