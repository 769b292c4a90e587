package keeper_test

import (
	"strings"
	"testing"

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
	runTxCases(t, []txCase{
		{name: "Botswana admin registers an issuer", signer: "bw-admin",
			msg:   addOfficer("bw-issuer-2", issuer, "Kagiso Molefe"),
			check: keyIs(types.QueryOfficer, "bw-issuer-2", issuer, "BW", "Kagiso Molefe")},
		{name: "Botswana admin registers an importing-authority officer", signer: "bw-admin",
			msg:   addOfficer("bw-customs-2", customs, "Lesedi Customs Officer"),
			check: keyIs(types.QueryOfficer, "bw-customs-2", customs, "BW", "Lesedi Customs Officer")},
		{name: "Botswana admin registers a second admin", signer: "bw-admin",
			msg:   addOfficer("bw-admin-2", admin, "Neo Sebina"),
			check: keyIs(types.QueryOfficer, "bw-admin-2", admin, "BW", "Neo Sebina")},
		{name: "South African admin registers an issuer of South Africa", signer: "za-admin",
			msg:   addOfficer("za-issuer-2", issuer, "Thandi Nkosi"),
			check: keyIs(types.QueryOfficer, "za-issuer-2", issuer, "ZA", "Thandi Nkosi")},
		{name: "a name of exactly the longest length", signer: "bw-admin",
			msg:   addOfficer("bw-issuer-2", issuer, strings.Repeat("K", types.MaxNameLength)),
			check: keyIs(types.QueryOfficer, "bw-issuer-2", issuer, "BW", strings.Repeat("K", types.MaxNameLength))},

		{name: "an exporter is not an officer role", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", exporter, "Debswana Diamond Company"), want: types.ErrInvalidRole},
		{name: "an importer is not an officer role", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", importer, "Gaborone Rough Imports"), want: types.ErrInvalidRole},
		{name: "an observer is not an officer role", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", observer, "Watchful Eye"), want: types.ErrInvalidRole},
		{name: "an officer without a role", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", envelope.Role_ROLE_UNSPECIFIED, "Kagiso Molefe"), want: types.ErrInvalidRole},

		{name: "a 31-byte public key", signer: "bw-admin",
			msg: rawAddOfficer(bytesOf(31, 7), "Kagiso Molefe"), want: types.ErrInvalidPubKey},
		{name: "a 33-byte public key", signer: "bw-admin",
			msg: rawAddOfficer(bytesOf(33, 7), "Kagiso Molefe"), want: types.ErrInvalidPubKey},
		{name: "no public key", signer: "bw-admin",
			msg: rawAddOfficer(nil, "Kagiso Molefe"), want: types.ErrInvalidPubKey},
		{name: "an all-zero public key", signer: "bw-admin",
			msg: rawAddOfficer(bytesOf(32, 0), "Kagiso Molefe"), want: types.ErrInvalidPubKey},

		{name: "an officer without a name", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, ""), want: types.ErrInvalidName},
		{name: "a name one byte too long", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, strings.Repeat("K", types.MaxNameLength+1)), want: types.ErrInvalidName},
		{name: "a name with a newline", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, "Kagiso\nMolefe"), want: types.ErrInvalidName},
		{name: "a name with a NUL", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, "Kagiso\x00Molefe"), want: types.ErrInvalidName},
		{name: "a name with surrounding spaces", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, " Kagiso Molefe "), want: types.ErrInvalidName},
		{name: "a name that is not UTF-8", signer: "bw-admin",
			msg: addOfficer("bw-issuer-2", issuer, "Kagiso \xff"), want: types.ErrInvalidName},

		{name: "Botswana's own issuer key registered again", signer: "bw-admin",
			msg: addOfficer("bw-issuer", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "Botswana's exporter key registered as an officer", signer: "bw-admin",
			msg: addOfficer("bw-exporter", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "South Africa's issuer key registered by Botswana", signer: "bw-admin",
			msg: addOfficer("za-issuer", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "the World Diamond Council's key registered by Botswana", signer: "bw-admin",
			msg: addOfficer("wdc-observer", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "a revoked issuer key registered again", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOfficer("bw-issuer"))),
			msg:   addOfficer("bw-issuer", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "a key rotated out registered again", signer: "bw-admin",
			setup: given(by("bw-admin", rotateOfficer("bw-issuer", "bw-issuer-2"))),
			msg:   addOfficer("bw-issuer", issuer, "Kagiso Molefe"), want: types.ErrKeyRegistered},

		{name: "an issuer may not register officers", signer: "bw-issuer",
			msg: addOfficer("bw-issuer-2", issuer, "Kagiso Molefe"), want: envelope.ErrUnauthorized},
	})
}

// rawAddOfficer is an issuer registration with arbitrary public-key bytes.
func rawAddOfficer(pubKey []byte, name string) message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgAddOfficer{PubKey: pubKey, Role: issuer, Name: name}
	}
}

// TestAddOfficerIsAtomic: the same new key twice in one transaction refuses
// the whole transaction, the first registration included.
func TestAddOfficerIsAtomic(t *testing.T) {
	c := newChain(t)
	before := registry(t, c)
	first := addOfficer("bw-issuer-2", issuer, "Kagiso Molefe")(c)
	again := addOfficer("bw-issuer-2", customs, "Kagiso Molefe")(c)
	res := c.Deliver(c.Tx("bw-admin", first, again))
	wantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrKeyRegistered)
	if after := registry(t, c); after != before {
		t.Errorf("the refused transaction registered a key:\nbefore: %s\nafter:  %s", before, after)
	}
}

func TestAddOperator(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana admin licenses an exporter", signer: "bw-admin",
			msg:   addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"),
			check: keyIs(types.QueryOperator, "bw-exporter-2", exporter, "BW", "Okavango Diamond Company")},
		{name: "European Community admin licenses an importer", signer: "eu-admin",
			msg:   addOperator("eu-importer-2", importer, "Antwerp Rough Importers"),
			check: keyIs(types.QueryOperator, "eu-importer-2", importer, "EU", "Antwerp Rough Importers")},
		{name: "Chinese Taipei admin licenses an importer", signer: "tw-admin",
			msg:   addOperator("tw-importer-2", importer, "Taipei Rough Traders"),
			check: keyIs(types.QueryOperator, "tw-importer-2", importer, "TW", "Taipei Rough Traders")},

		{name: "an issuer is not an operator role", signer: "bw-admin",
			msg: addOperator("bw-exporter-2", issuer, "Kagiso Molefe"), want: types.ErrInvalidRole},
		{name: "an importing authority is not an operator role", signer: "bw-admin",
			msg: addOperator("bw-exporter-2", customs, "Lesedi Customs Officer"), want: types.ErrInvalidRole},
		{name: "an admin is not an operator role", signer: "bw-admin",
			msg: addOperator("bw-exporter-2", admin, "Neo Sebina"), want: types.ErrInvalidRole},
		{name: "an observer is not an operator role", signer: "bw-admin",
			msg: addOperator("bw-exporter-2", observer, "Watchful Eye"), want: types.ErrInvalidRole},
		{name: "an operator with a 16-byte key", signer: "bw-admin",
			msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgAddOperator{PubKey: bytesOf(16, 9), Role: exporter, Name: "Okavango Diamond Company"}
			}, want: types.ErrInvalidPubKey},
		{name: "an operator without a name", signer: "bw-admin",
			msg: addOperator("bw-exporter-2", exporter, ""), want: types.ErrInvalidName},

		{name: "Botswana's exporter licensed twice", signer: "bw-admin",
			msg: addOperator("bw-exporter", exporter, "Debswana Diamond Company"), want: types.ErrKeyRegistered},
		{name: "a new exporter licensed twice", signer: "bw-admin",
			setup: given(by("bw-admin", addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"))),
			msg:   addOperator("bw-exporter-2", importer, "Okavango Diamond Company"), want: types.ErrKeyRegistered},
		{name: "Botswana's issuer key licensed as an exporter", signer: "bw-admin",
			msg: addOperator("bw-issuer", exporter, "Kagiso Molefe"), want: types.ErrKeyRegistered},
		{name: "South Africa's importer licensed by Botswana", signer: "bw-admin",
			msg: addOperator("za-importer", importer, "Johannesburg Importers"), want: types.ErrKeyRegistered},
		{name: "a revoked exporter licensed again", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOperator("bw-exporter"))),
			msg:   addOperator("bw-exporter", exporter, "Debswana Diamond Company"), want: types.ErrKeyRegistered},

		{name: "an exporter may not license operators", signer: "bw-exporter",
			msg: addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"), want: envelope.ErrUnauthorized},
	})
}

func TestRotateOfficer(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana admin rotates its issuer's key", signer: "bw-admin",
			msg:   rotateOfficer("bw-issuer", "bw-issuer-2"),
			check: rotated("bw-issuer", "bw-issuer-2", issuer, "BW", envelope.ErrUnauthorized)},
		{name: "Botswana admin rotates its importing authority's key", signer: "bw-admin",
			msg:   rotateOfficer("bw-customs", "bw-customs-2"),
			check: rotated("bw-customs", "bw-customs-2", customs, "BW", envelope.ErrUnauthorized)},
		{name: "Botswana admin rotates its own key", signer: "bw-admin",
			msg:   rotateOfficer("bw-admin", "bw-admin-2"),
			check: rotated("bw-admin", "bw-admin-2", admin, "BW", nil)},
		{name: "a suspended participant's admin rotates an issuer", signer: "in-admin",
			msg:   rotateOfficer("in-issuer", "in-issuer-2"),
			check: rotated("in-issuer", "in-issuer-2", issuer, "IN", envelope.ErrUnauthorized)},

		{name: "an address nobody registered", signer: "bw-admin",
			msg: rotateOfficer("smuggler", "bw-issuer-2"), want: types.ErrUnknownKey},
		{name: "South Africa's issuer rotated by Botswana", signer: "bw-admin",
			msg: rotateOfficer("za-issuer", "bw-issuer-2"), want: types.ErrNotYourKey},
		{name: "the World Diamond Council's key rotated by Botswana", signer: "bw-admin",
			msg: rotateOfficer("wdc-observer", "bw-issuer-2"), want: types.ErrNotYourKey},
		{name: "Botswana's exporter is not an officer", signer: "bw-admin",
			msg: rotateOfficer("bw-exporter", "bw-exporter-2"), want: types.ErrNotAnOfficer},
		{name: "a revoked issuer rotated", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOfficer("bw-issuer"))),
			msg:   rotateOfficer("bw-issuer", "bw-issuer-2"), want: types.ErrKeyRevoked},
		{name: "a key already rotated out rotated again", signer: "bw-admin",
			setup: given(by("bw-admin", rotateOfficer("bw-issuer", "bw-issuer-2"))),
			msg:   rotateOfficer("bw-issuer", "bw-issuer-3"), want: types.ErrKeyRevoked},
		{name: "the new key is Botswana's importing authority's", signer: "bw-admin",
			msg: rotateOfficer("bw-issuer", "bw-customs"), want: types.ErrKeyRegistered},
		{name: "the new key is the old key", signer: "bw-admin",
			msg: rotateOfficer("bw-issuer", "bw-issuer"), want: types.ErrKeyRegistered},
		{name: "the new key is South Africa's exporter's", signer: "bw-admin",
			msg: rotateOfficer("bw-issuer", "za-exporter"), want: types.ErrKeyRegistered},
		{name: "the new key was revoked", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOfficer("bw-customs"))),
			msg:   rotateOfficer("bw-issuer", "bw-customs"), want: types.ErrKeyRegistered},
		{name: "the address in lower case", signer: "bw-admin",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: strings.ToLower(c.Address("bw-issuer")), NewPubKey: c.PubKey("bw-issuer-2")}
			}, want: types.ErrInvalidAddress},
		{name: "an address of 19 bytes", signer: "bw-admin",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: c.Address("bw-issuer")[2:], NewPubKey: c.PubKey("bw-issuer-2")}
			}, want: types.ErrInvalidAddress},
		{name: "a new key of 31 bytes", signer: "bw-admin",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRotateOfficer{Address: c.Address("bw-issuer"), NewPubKey: bytesOf(31, 3)}
			}, want: types.ErrInvalidPubKey},
		{name: "an issuer may not rotate keys", signer: "bw-issuer",
			msg: rotateOfficer("bw-issuer", "bw-issuer-2"), want: envelope.ErrUnauthorized},
	}, withStatus("IN", suspended))
}

// rotated checks a rotation in the last block: the old key revoked and
// replaced by the new one, the new key active with the old key's role and
// name. The old key can sign nothing any more; the new key is a known, active
// signer, so what it signs is decided by its role alone (newSigns: nil for an
// admin, ErrUnauthorized for an officer who may not license an exporter).
func rotated(oldKey, newKey string, role envelope.Role, participant string, newSigns *refusal.Error) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		old := revokedAt(t, c, oldKey)
		if old.ReplacedBy != c.Address(newKey) || old.Role != role || old.Participant != participant {
			t.Errorf("old key = %+v, want a %s of %s replaced by %s", old, role.Name(), participant, c.Address(newKey))
		}
		keyIs(types.QueryOfficer, newKey, role, participant, old.Name)(t, c)
		signs(t, c, oldKey, envelope.ErrRevokedSigner)
		signs(t, c, newKey, newSigns)
	}
}

func TestRevokeOfficer(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana admin revokes its issuer", signer: "bw-admin",
			msg: revokeOfficer("bw-issuer"),
			check: func(t *testing.T, c *apptest.Chain) {
				if rk := revokedAt(t, c, "bw-issuer"); rk.ReplacedBy != "" || rk.AddedHeight != 1 {
					t.Errorf("revoked issuer = %+v", rk)
				}
				signs(t, c, "bw-issuer", envelope.ErrRevokedSigner)
			}},
		{name: "Botswana admin revokes its importing authority", signer: "bw-admin",
			msg:   revokeOfficer("bw-customs"),
			check: func(t *testing.T, c *apptest.Chain) { revokedAt(t, c, "bw-customs") }},
		{name: "Botswana admin revokes the second admin", signer: "bw-admin",
			setup: given(by("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina"))),
			msg:   revokeOfficer("bw-admin-2"),
			check: func(t *testing.T, c *apptest.Chain) {
				revokedAt(t, c, "bw-admin-2")
				signs(t, c, "bw-admin-2", envelope.ErrRevokedSigner)
			}},
		{name: "Botswana admin revokes itself once a second admin exists", signer: "bw-admin",
			setup: given(by("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina"))),
			msg:   revokeOfficer("bw-admin"),
			check: func(t *testing.T, c *apptest.Chain) {
				revokedAt(t, c, "bw-admin")
				signs(t, c, "bw-admin", envelope.ErrRevokedSigner)
				signs(t, c, "bw-admin-2", nil)
			}},

		{name: "Botswana's only admin revokes itself", signer: "bw-admin",
			msg: revokeOfficer("bw-admin"), want: types.ErrLastAdmin},
		{name: "the only admin left after a second admin was revoked", signer: "bw-admin",
			setup: given(
				by("bw-admin", addOfficer("bw-admin-2", admin, "Neo Sebina")),
				by("bw-admin", revokeOfficer("bw-admin-2"))),
			msg: revokeOfficer("bw-admin"), want: types.ErrLastAdmin},
		{name: "the only admin, its key rotated, revokes itself", signer: "bw-admin-2",
			setup: given(by("bw-admin", rotateOfficer("bw-admin", "bw-admin-2"))),
			msg:   revokeOfficer("bw-admin-2"), want: types.ErrLastAdmin},
		{name: "South Africa's issuer revoked by Botswana", signer: "bw-admin",
			msg: revokeOfficer("za-issuer"), want: types.ErrNotYourKey},
		{name: "South Africa's admin revoked by Botswana", signer: "bw-admin",
			msg: revokeOfficer("za-admin"), want: types.ErrNotYourKey},
		{name: "Botswana's importer is not an officer", signer: "bw-admin",
			msg: revokeOfficer("bw-importer"), want: types.ErrNotAnOfficer},
		{name: "an address nobody registered", signer: "bw-admin",
			msg: revokeOfficer("smuggler"), want: types.ErrUnknownKey},
		{name: "an issuer revoked twice", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOfficer("bw-issuer"))),
			msg:   revokeOfficer("bw-issuer"), want: types.ErrKeyRevoked},
		{name: "the address in lower case", signer: "bw-admin",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRevokeOfficer{Address: strings.ToLower(c.Address("bw-issuer"))}
			}, want: types.ErrInvalidAddress},
		{name: "an importing authority may not revoke officers", signer: "bw-customs",
			msg: revokeOfficer("bw-issuer"), want: envelope.ErrUnauthorized},
	})
}

func TestRevokeOperator(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana admin revokes its exporter's licence", signer: "bw-admin",
			msg: revokeOperator("bw-exporter"),
			check: func(t *testing.T, c *apptest.Chain) {
				rk, q := queryKey(t, c, types.QueryOperator, c.Address("bw-exporter"))
				if q.Code != 0 || rk.Status != types.KeyStatus_KEY_STATUS_REVOKED || rk.RevokedHeight != c.Height || rk.Role != exporter {
					t.Errorf("Operator bw-exporter: code %d, %+v", q.Code, rk)
				}
				// A revoked key is refused before its role is looked at.
				signs(t, c, "bw-exporter", envelope.ErrRevokedSigner)
			}},
		{name: "Botswana admin revokes its importer's licence", signer: "bw-admin",
			msg: revokeOperator("bw-importer"),
			check: func(t *testing.T, c *apptest.Chain) {
				revokedAt(t, c, "bw-importer")
				signs(t, c, "bw-importer", envelope.ErrRevokedSigner)
			}},
		{name: "an operator licensed on the ledger, then revoked", signer: "bw-admin",
			setup: given(by("bw-admin", addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"))),
			msg:   revokeOperator("bw-exporter-2"),
			check: func(t *testing.T, c *apptest.Chain) { revokedAt(t, c, "bw-exporter-2") }},

		{name: "Botswana's issuer is not an operator", signer: "bw-admin",
			msg: revokeOperator("bw-issuer"), want: types.ErrNotAnOperator},
		{name: "Botswana's admin is not an operator", signer: "bw-admin",
			msg: revokeOperator("bw-admin"), want: types.ErrNotAnOperator},
		{name: "South Africa's exporter revoked by Botswana", signer: "bw-admin",
			msg: revokeOperator("za-exporter"), want: types.ErrNotYourKey},
		{name: "an address nobody registered", signer: "bw-admin",
			msg: revokeOperator("smuggler"), want: types.ErrUnknownKey},
		{name: "an exporter revoked twice", signer: "bw-admin",
			setup: given(by("bw-admin", revokeOperator("bw-exporter"))),
			msg:   revokeOperator("bw-exporter"), want: types.ErrKeyRevoked},
		{name: "the address in lower case", signer: "bw-admin",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRevokeOperator{Address: strings.ToLower(c.Address("bw-exporter"))}
			}, want: types.ErrInvalidAddress},
		{name: "an exporter may not revoke itself", signer: "bw-exporter",
			msg: revokeOperator("bw-exporter"), want: envelope.ErrUnauthorized},
	})
}

// TestParticipantStatus: a suspended participant's admin still manages its
// keys; an expelled participant's admin can do none of it. India has no
// validator, so genesis accepts it in either status.
func TestParticipantStatus(t *testing.T) {
	messages := []struct {
		name  string
		msg   message
		check func(*testing.T, *apptest.Chain)
	}{
		{"registers an issuer", addOfficer("in-issuer-2", issuer, "Arjun Mehta"),
			keyIs(types.QueryOfficer, "in-issuer-2", issuer, "IN", "Arjun Mehta")},
		{"licenses an importer", addOperator("in-importer-2", importer, "Surat Rough Imports"),
			keyIs(types.QueryOperator, "in-importer-2", importer, "IN", "Surat Rough Imports")},
		{"rotates its issuer's key", rotateOfficer("in-issuer", "in-issuer-2"),
			func(t *testing.T, c *apptest.Chain) { revokedAt(t, c, "in-issuer") }},
		{"revokes its importing authority", revokeOfficer("in-customs"),
			func(t *testing.T, c *apptest.Chain) { revokedAt(t, c, "in-customs") }},
		{"revokes its exporter", revokeOperator("in-exporter"),
			func(t *testing.T, c *apptest.Chain) { revokedAt(t, c, "in-exporter") }},
	}
	for _, status := range []struct {
		status types.ParticipantStatus
		want   *refusal.Error
	}{
		{suspended, nil},
		{expelled, types.ErrParticipantStatus},
	} {
		var cases []txCase
		for _, m := range messages {
			tc := txCase{name: status.status.Name() + " India's admin " + m.name, signer: "in-admin", msg: m.msg}
			if status.want == nil {
				tc.check = m.check
			} else {
				tc.want = status.want
			}
			cases = append(cases, tc)
		}
		runTxCases(t, cases, withStatus("IN", status.status))
	}
}
