package keeper_test

import (
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/participant/types"
)

const (
	issuer    = envelope.Role_ROLE_ISSUER
	customs   = envelope.Role_ROLE_IMPORTER_AUTHORITY
	admin     = envelope.Role_ROLE_ADMIN
	exporter  = envelope.Role_ROLE_EXPORTER
	importer  = envelope.Role_ROLE_IMPORTER
	observer  = envelope.Role_ROLE_OBSERVER
	suspended = types.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED
	expelled  = types.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED
)

func TestAddOfficer(t *testing.T) {
	apptest.RunTxCases(t, newChain, []apptest.TxCase{
		{Name: "Botswana admin registers an issuer", Signer: "bw-admin",
			Msg:   addOfficer("bw-issuer-2", issuer, "Kagiso Molefe"),
			Check: keyIs(types.QueryOfficer, "bw-issuer-2", issuer, "BW", "Kagiso Molefe")},
		{Name: "Botswana admin registers an importing-authority officer", Signer: "bw-admin",
			Msg:   addOfficer("bw-customs-2", customs, "Lesedi Customs Officer"),
			Check: keyIs(types.QueryOfficer, "bw-customs-2", customs, "BW", "Lesedi Customs Officer")},
		{Name: "Botswana admin registers a second admin", Signer: "bw-admin",
			Msg:   addOfficer("bw-admin-2", admin, "Neo Sebina"),
			Check: keyIs(types.QueryOfficer, "bw-admin-2", admin, "BW", "Neo Sebina")},
		{Name: "South African admin registers an issuer of South Africa", Signer: "za-admin",
			Msg:   addOfficer("za-issuer-2", issuer, "Thandi Nkosi"),
			Check: keyIs(types.QueryOfficer, "za-issuer-2", issuer, "ZA", "Thandi Nkosi")},
		{Name: "a name of exactly the longest length", Signer: "bw-admin",
			Msg:   addOfficer("bw-issuer-2", issuer, strings.Repeat("K", types.MaxNameLength)),
			Check: keyIs(types.QueryOfficer, "bw-issuer-2", issuer, "BW", strings.Repeat("K", types.MaxNameLength))},

		{Name: "an exporter is not an officer role", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", exporter, "Debswana Diamond Company"), Want: types.ErrInvalidRole},
		{Name: "an importer is not an officer role", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", importer, "Gaborone Rough Imports"), Want: types.ErrInvalidRole},
		{Name: "an observer is not an officer role", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", observer, "Watchful Eye"), Want: types.ErrInvalidRole},
		{Name: "an officer without a role", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", envelope.Role_ROLE_UNSPECIFIED, "Kagiso Molefe"), Want: types.ErrInvalidRole},

		{Name: "a 31-byte public key", Signer: "bw-admin",
			Msg: rawAddOfficer(bytesOf(31, 7), "Kagiso Molefe"), Want: types.ErrInvalidPubKey},
		{Name: "a 33-byte public key", Signer: "bw-admin",
			Msg: rawAddOfficer(bytesOf(33, 7), "Kagiso Molefe"), Want: types.ErrInvalidPubKey},
		{Name: "no public key", Signer: "bw-admin",
			Msg: rawAddOfficer(nil, "Kagiso Molefe"), Want: types.ErrInvalidPubKey},
		{Name: "an all-zero public key", Signer: "bw-admin",
			Msg: rawAddOfficer(bytesOf(32, 0), "Kagiso Molefe"), Want: types.ErrInvalidPubKey},

		{Name: "an officer without a name", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, ""), Want: types.ErrInvalidName},
		{Name: "a name one byte too long", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, strings.Repeat("K", types.MaxNameLength+1)), Want: types.ErrInvalidName},
		{Name: "a name with a newline", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, "Kagiso\nMolefe"), Want: types.ErrInvalidName},
		{Name: "a name with a NUL", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, "Kagiso\x00Molefe"), Want: types.ErrInvalidName},
		{Name: "a name with surrounding spaces", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, " Kagiso Molefe "), Want: types.ErrInvalidName},
		{Name: "a name that is not UTF-8", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer-2", issuer, "Kagiso \xff"), Want: types.ErrInvalidName},

		{Name: "Botswana's own issuer key registered again", Signer: "bw-admin",
			Msg: addOfficer("bw-issuer", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "Botswana's exporter key registered as an officer", Signer: "bw-admin",
			Msg: addOfficer("bw-exporter", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "South Africa's issuer key registered by Botswana", Signer: "bw-admin",
			Msg: addOfficer("za-issuer", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "the World Diamond Council's key registered by Botswana", Signer: "bw-admin",
			Msg: addOfficer("wdc-observer", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "a revoked issuer key registered again", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOfficer("bw-issuer"))),
			Msg:   addOfficer("bw-issuer", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "a key rotated out registered again", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", rotateOfficer("bw-issuer", "bw-issuer-2"))),
			Msg:   addOfficer("bw-issuer", issuer, "Kagiso Molefe"), Want: types.ErrKeyRegistered},

		{Name: "an issuer may not register officers", Signer: "bw-issuer",
			Msg: addOfficer("bw-issuer-2", issuer, "Kagiso Molefe"), Want: envelope.ErrUnauthorized},
	})
}

// rawAddOfficer is an issuer registration with arbitrary public-key bytes.
func rawAddOfficer(pubKey []byte, name string) apptest.Message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgAddOfficer{PubKey: pubKey, Role: issuer, Name: name}
	}
}

// TestAddOfficerIsAtomic: the same new key twice in one transaction refuses
// the whole transaction, the first registration included.
func TestAddOfficerIsAtomic(t *testing.T) {
	c := newChain(t)
	before := c.ModuleState()
	first := addOfficer("bw-issuer-2", issuer, "Kagiso Molefe")(c)
	again := addOfficer("bw-issuer-2", customs, "Kagiso Molefe")(c)
	res := c.Deliver(c.Tx("bw-admin", first, again))
	apptest.WantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrKeyRegistered)
	if after := c.ModuleState(); !slices.Equal(after, before) {
		t.Errorf("the refused transaction changed the state:\nbefore: %v\nafter:  %v", before, after)
	}
}

func TestAddOperator(t *testing.T) {
	apptest.RunTxCases(t, newChain, []apptest.TxCase{
		{Name: "Botswana admin licenses an exporter", Signer: "bw-admin",
			Msg:   addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"),
			Check: keyIs(types.QueryOperator, "bw-exporter-2", exporter, "BW", "Okavango Diamond Company")},
		{Name: "European Community admin licenses an importer", Signer: "eu-admin",
			Msg:   addOperator("eu-importer-2", importer, "Antwerp Rough Importers"),
			Check: keyIs(types.QueryOperator, "eu-importer-2", importer, "EU", "Antwerp Rough Importers")},
		{Name: "Chinese Taipei admin licenses an importer", Signer: "tw-admin",
			Msg:   addOperator("tw-importer-2", importer, "Taipei Rough Traders"),
			Check: keyIs(types.QueryOperator, "tw-importer-2", importer, "TW", "Taipei Rough Traders")},

		{Name: "an issuer is not an operator role", Signer: "bw-admin",
			Msg: addOperator("bw-exporter-2", issuer, "Kagiso Molefe"), Want: types.ErrInvalidRole},
		{Name: "an importing authority is not an operator role", Signer: "bw-admin",
			Msg: addOperator("bw-exporter-2", customs, "Lesedi Customs Officer"), Want: types.ErrInvalidRole},
		{Name: "an admin is not an operator role", Signer: "bw-admin",
			Msg: addOperator("bw-exporter-2", admin, "Neo Sebina"), Want: types.ErrInvalidRole},
		{Name: "an observer is not an operator role", Signer: "bw-admin",
			Msg: addOperator("bw-exporter-2", observer, "Watchful Eye"), Want: types.ErrInvalidRole},
		{Name: "an operator with a 16-byte key", Signer: "bw-admin",
			Msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgAddOperator{PubKey: bytesOf(16, 9), Role: exporter, Name: "Okavango Diamond Company"}
			}, Want: types.ErrInvalidPubKey},
		{Name: "an operator without a name", Signer: "bw-admin",
			Msg: addOperator("bw-exporter-2", exporter, ""), Want: types.ErrInvalidName},

		{Name: "Botswana's exporter licensed twice", Signer: "bw-admin",
			Msg: addOperator("bw-exporter", exporter, "Debswana Diamond Company"), Want: types.ErrKeyRegistered},
		{Name: "a new exporter licensed twice", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"))),
			Msg:   addOperator("bw-exporter-2", importer, "Okavango Diamond Company"), Want: types.ErrKeyRegistered},
		{Name: "Botswana's issuer key licensed as an exporter", Signer: "bw-admin",
			Msg: addOperator("bw-issuer", exporter, "Kagiso Molefe"), Want: types.ErrKeyRegistered},
		{Name: "South Africa's importer licensed by Botswana", Signer: "bw-admin",
			Msg: addOperator("za-importer", importer, "Johannesburg Importers"), Want: types.ErrKeyRegistered},
		{Name: "a revoked exporter licensed again", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOperator("bw-exporter"))),
			Msg:   addOperator("bw-exporter", exporter, "Debswana Diamond Company"), Want: types.ErrKeyRegistered},

		{Name: "an exporter may not license operators", Signer: "bw-exporter",
			Msg: addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"), Want: envelope.ErrUnauthorized},
	})
}

func TestRotateOfficer(t *testing.T) {
	apptest.RunTxCases(t, chainWith(withStatus("IN", suspended)), []apptest.TxCase{
		{Name: "Botswana admin rotates its issuer's key", Signer: "bw-admin",
			Msg:   rotateOfficer("bw-issuer", "bw-issuer-2"),
			Check: rotated("bw-issuer", "bw-issuer-2", issuer, "BW", envelope.ErrUnauthorized)},
		{Name: "Botswana admin rotates its importing authority's key", Signer: "bw-admin",
			Msg:   rotateOfficer("bw-customs", "bw-customs-2"),
			Check: rotated("bw-customs", "bw-customs-2", customs, "BW", envelope.ErrUnauthorized)},
		{Name: "Botswana admin rotates its own key", Signer: "bw-admin",
			Msg:   rotateOfficer("bw-admin", "bw-admin-2"),
			Check: rotated("bw-admin", "bw-admin-2", admin, "BW", nil)},
		{Name: "a suspended participant's admin rotates an issuer", Signer: "in-admin",
			Msg:   rotateOfficer("in-issuer", "in-issuer-2"),
			Check: rotated("in-issuer", "in-issuer-2", issuer, "IN", envelope.ErrUnauthorized)},

		{Name: "an address nobody registered", Signer: "bw-admin",
			Msg: rotateOfficer("smuggler", "bw-issuer-2"), Want: types.ErrUnknownKey},
		{Name: "South Africa's issuer rotated by Botswana", Signer: "bw-admin",
			Msg: rotateOfficer("za-issuer", "bw-issuer-2"), Want: types.ErrNotYourKey},
		{Name: "the World Diamond Council's key rotated by Botswana", Signer: "bw-admin",
			Msg: rotateOfficer("wdc-observer", "bw-issuer-2"), Want: types.ErrNotYourKey},
		{Name: "Botswana's exporter is not an officer", Signer: "bw-admin",
			Msg: rotateOfficer("bw-exporter", "bw-exporter-2"), Want: types.ErrNotAnOfficer},
		{Name: "a revoked issuer rotated", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOfficer("bw-issuer"))),
			Msg:   rotateOfficer("bw-issuer", "bw-issuer-2"), Want: types.ErrKeyRevoked},
		{Name: "a key already rotated out rotated again", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", rotateOfficer("bw-issuer", "bw-issuer-2"))),
			Msg:   rotateOfficer("bw-issuer", "bw-issuer-3"), Want: types.ErrKeyRevoked},
		{Name: "the new key is Botswana's importing authority's", Signer: "bw-admin",
			Msg: rotateOfficer("bw-issuer", "bw-customs"), Want: types.ErrKeyRegistered},
		{Name: "the new key is the old key", Signer: "bw-admin",
			Msg: rotateOfficer("bw-issuer", "bw-issuer"), Want: types.ErrKeyRegistered},
		{Name: "the new key is South Africa's exporter's", Signer: "bw-admin",
			Msg: rotateOfficer("bw-issuer", "za-exporter"), Want: types.ErrKeyRegistered},
		{Name: "the new key was revoked", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOfficer("bw-customs"))),
			Msg:   rotateOfficer("bw-issuer", "bw-customs"), Want: types.ErrKeyRegistered},
		{Name: "the address in lower case", Signer: "bw-admin",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: strings.ToLower(c.Address("bw-issuer")), NewPubKey: c.PubKey("bw-issuer-2")}
			}, Want: types.ErrInvalidAddress},
		{Name: "an address of 19 bytes", Signer: "bw-admin",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: c.Address("bw-issuer")[2:], NewPubKey: c.PubKey("bw-issuer-2")}
			}, Want: types.ErrInvalidAddress},
		{Name: "a new key of 31 bytes", Signer: "bw-admin",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: c.Address("bw-issuer"), NewPubKey: bytesOf(31, 3)}
			}, Want: types.ErrInvalidPubKey},
		{Name: "an issuer may not rotate keys", Signer: "bw-issuer",
			Msg: rotateOfficer("bw-issuer", "bw-issuer-2"), Want: envelope.ErrUnauthorized},
	})
}

// rotated checks a rotation in the last block: the old key revoked and
// replaced by the new one, the new key active with the old key's role and
// name. The old key can sign nothing any more; the new key is a known, active
// signer, so what it signs is decided by its role alone (newSigns: nil for an
// admin, ErrUnauthorized for an officer who may not license an exporter).
func rotated(oldKey, newKey string, role envelope.Role, participant string, newSigns *refusal.Error) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
	return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
		t.Helper()
		old := revokedAt(t, c, oldKey)
		if old.ReplacedBy != c.Address(newKey) || old.Role != role || old.Participant != participant {
			t.Errorf("old key = %+v, want a %s of %s replaced by %s", old, role.Name(), participant, c.Address(newKey))
		}
		keyIs(types.QueryOfficer, newKey, role, participant, old.Name)(t, c, nil)
		signs(t, c, oldKey, envelope.ErrRevokedSigner)
		signs(t, c, newKey, newSigns)
	}
}

func TestRevokeOfficer(t *testing.T) {
	apptest.RunTxCases(t, newChain, []apptest.TxCase{
		{Name: "Botswana admin revokes its issuer", Signer: "bw-admin",
			Msg: revokeOfficer("bw-issuer"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if rk := revokedAt(t, c, "bw-issuer"); rk.ReplacedBy != "" || rk.AddedHeight != 1 {
					t.Errorf("revoked issuer = %+v", rk)
				}
				signs(t, c, "bw-issuer", envelope.ErrRevokedSigner)
			}},
		{Name: "Botswana admin revokes its importing authority", Signer: "bw-admin",
			Msg:   revokeOfficer("bw-customs"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { revokedAt(t, c, "bw-customs") }},
		{Name: "Botswana admin revokes the second admin", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina"))),
			Msg:   revokeOfficer("bw-admin-2"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				revokedAt(t, c, "bw-admin-2")
				signs(t, c, "bw-admin-2", envelope.ErrRevokedSigner)
			}},
		{Name: "Botswana admin revokes itself once a second admin exists", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina"))),
			Msg:   revokeOfficer("bw-admin"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				revokedAt(t, c, "bw-admin")
				signs(t, c, "bw-admin", envelope.ErrRevokedSigner)
				signs(t, c, "bw-admin-2", nil)
			}},

		{Name: "Botswana's only admin revokes itself", Signer: "bw-admin",
			Msg: revokeOfficer("bw-admin"), Want: types.ErrLastAdmin},
		{Name: "the only admin left after a second admin was revoked", Signer: "bw-admin",
			Setup: apptest.Given(
				apptest.By("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina")),
				apptest.By("bw-admin", revokeOfficer("bw-admin-2"))),
			Msg: revokeOfficer("bw-admin"), Want: types.ErrLastAdmin},
		{Name: "the only admin, its key rotated, revokes itself", Signer: "bw-admin-2",
			Setup: apptest.Given(apptest.By("bw-admin", rotateOfficer("bw-admin", "bw-admin-2"))),
			Msg:   revokeOfficer("bw-admin-2"), Want: types.ErrLastAdmin},
		{Name: "South Africa's issuer revoked by Botswana", Signer: "bw-admin",
			Msg: revokeOfficer("za-issuer"), Want: types.ErrNotYourKey},
		{Name: "South Africa's admin revoked by Botswana", Signer: "bw-admin",
			Msg: revokeOfficer("za-admin"), Want: types.ErrNotYourKey},
		{Name: "Botswana's importer is not an officer", Signer: "bw-admin",
			Msg: revokeOfficer("bw-importer"), Want: types.ErrNotAnOfficer},
		{Name: "an address nobody registered", Signer: "bw-admin",
			Msg: revokeOfficer("smuggler"), Want: types.ErrUnknownKey},
		{Name: "an issuer revoked twice", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOfficer("bw-issuer"))),
			Msg:   revokeOfficer("bw-issuer"), Want: types.ErrKeyRevoked},
		{Name: "the address in lower case", Signer: "bw-admin",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRevokeOfficer{Address: strings.ToLower(c.Address("bw-issuer"))}
			}, Want: types.ErrInvalidAddress},
		{Name: "an importing authority may not revoke officers", Signer: "bw-customs",
			Msg: revokeOfficer("bw-issuer"), Want: envelope.ErrUnauthorized},
	})
}

func TestRevokeOperator(t *testing.T) {
	apptest.RunTxCases(t, newChain, []apptest.TxCase{
		{Name: "Botswana admin revokes its exporter's licence", Signer: "bw-admin",
			Msg: revokeOperator("bw-exporter"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				rk, q := queryKey(t, c, types.QueryOperator, c.Address("bw-exporter"))
				if q.Code != 0 || rk.Status != types.KeyStatus_KEY_STATUS_REVOKED || rk.RevokedHeight != c.Height || rk.Role != exporter {
					t.Errorf("Operator bw-exporter: code %d, %+v", q.Code, rk)
				}
				// A revoked key is refused before its role is looked at.
				signs(t, c, "bw-exporter", envelope.ErrRevokedSigner)
			}},
		{Name: "Botswana admin revokes its importer's licence", Signer: "bw-admin",
			Msg: revokeOperator("bw-importer"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				revokedAt(t, c, "bw-importer")
				signs(t, c, "bw-importer", envelope.ErrRevokedSigner)
			}},
		{Name: "an operator licensed on the ledger, then revoked", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"))),
			Msg:   revokeOperator("bw-exporter-2"),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { revokedAt(t, c, "bw-exporter-2") }},

		{Name: "Botswana's issuer is not an operator", Signer: "bw-admin",
			Msg: revokeOperator("bw-issuer"), Want: types.ErrNotAnOperator},
		{Name: "Botswana's admin is not an operator", Signer: "bw-admin",
			Msg: revokeOperator("bw-admin"), Want: types.ErrNotAnOperator},
		{Name: "South Africa's exporter revoked by Botswana", Signer: "bw-admin",
			Msg: revokeOperator("za-exporter"), Want: types.ErrNotYourKey},
		{Name: "an address nobody registered", Signer: "bw-admin",
			Msg: revokeOperator("smuggler"), Want: types.ErrUnknownKey},
		{Name: "an exporter revoked twice", Signer: "bw-admin",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOperator("bw-exporter"))),
			Msg:   revokeOperator("bw-exporter"), Want: types.ErrKeyRevoked},
		{Name: "the address in lower case", Signer: "bw-admin",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRevokeOperator{Address: strings.ToLower(c.Address("bw-exporter"))}
			}, Want: types.ErrInvalidAddress},
		{Name: "an exporter may not revoke itself", Signer: "bw-exporter",
			Msg: revokeOperator("bw-exporter"), Want: envelope.ErrUnauthorized},
	})
}

// TestParticipantStatus: a suspended participant's admin still manages its
// keys; an expelled participant's admin can do none of it. India has no
// validator, so genesis accepts it in either status.
func TestParticipantStatus(t *testing.T) {
	messages := []struct {
		name  string
		msg   apptest.Message
		check func(*testing.T, *apptest.Chain, *abci.ExecTxResult)
	}{
		{"registers an issuer", addOfficer("in-issuer-2", issuer, "Arjun Mehta"),
			keyIs(types.QueryOfficer, "in-issuer-2", issuer, "IN", "Arjun Mehta")},
		{"licenses an importer", addOperator("in-importer-2", importer, "Surat Rough Imports"),
			keyIs(types.QueryOperator, "in-importer-2", importer, "IN", "Surat Rough Imports")},
		{"rotates its issuer's key", rotateOfficer("in-issuer", "in-issuer-2"),
			func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { revokedAt(t, c, "in-issuer") }},
		{"revokes its importing authority", revokeOfficer("in-customs"),
			func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { revokedAt(t, c, "in-customs") }},
		{"revokes its exporter", revokeOperator("in-exporter"),
			func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { revokedAt(t, c, "in-exporter") }},
	}
	for _, status := range []struct {
		status types.ParticipantStatus
		want   *refusal.Error
	}{
		{suspended, nil},
		{expelled, types.ErrParticipantStatus},
	} {
		var cases []apptest.TxCase
		for _, m := range messages {
			tc := apptest.TxCase{Name: status.status.Name() + " India's admin " + m.name, Signer: "in-admin", Msg: m.msg}
			if status.want == nil {
				tc.Check = m.check
			} else {
				tc.Want = status.want
			}
			cases = append(cases, tc)
		}
		apptest.RunTxCases(t, chainWith(withStatus("IN", status.status)), cases)
	}
}
