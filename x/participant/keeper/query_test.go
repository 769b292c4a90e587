package keeper_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/participant/types"
)

// queryCase is one query on the shared chain of TestQueries: answered (want
// nil, then check decodes and checks the answer) or refused with want.
type queryCase struct {
	name   string
	method string
	req    func(c *apptest.Chain) apptest.Request
	want   *refusal.Error
	check  func(t *testing.T, c *apptest.Chain, answer []byte)
}

// TestQueries runs on the fixture network after Botswana's admin revoked its
// issuer and its exporter.
func TestQueries(t *testing.T) {
	c := newChain(t)
	apptest.Given(
		apptest.By("bw-admin", revokeOfficer("bw-issuer")),
		apptest.By("bw-admin", revokeOperator("bw-exporter")),
	)(t, c)

	cases := []queryCase{
		{name: "Botswana, with its validator", method: types.QueryParticipant,
			req: participantReq("BW"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryParticipantResponse
				decode(t, answer, &resp)
				want := types.Participant{Code: "BW", Name: "Botswana",
					Kind: types.ParticipantKind_PARTICIPANT_KIND_COUNTRY, Status: types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE, TimeZone: "Africa/Gaborone"}
				if !proto.Equal(&resp.Participant, &want) {
					t.Errorf("participant = %+v, want %+v", resp.Participant, want)
				}
				if v := resp.Validator; v == nil || v.Participant != "BW" || !bytes.Equal(v.PubKey, c.PubKey("bw-node")) || v.Power != types.ValidatorPower {
					t.Errorf("validator = %+v, want bw-node with power %d", v, types.ValidatorPower)
				}
			}},
		{name: "India, without a validator", method: types.QueryParticipant,
			req: participantReq("IN"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryParticipantResponse
				decode(t, answer, &resp)
				if resp.Participant.Code != "IN" || resp.Participant.Name != "India" || resp.Validator != nil {
					t.Errorf("India = %+v", resp)
				}
			}},
		{name: "Chinese Taipei, a trading entity", method: types.QueryParticipant,
			req: participantReq("TW"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryParticipantResponse
				decode(t, answer, &resp)
				if resp.Participant.Kind != types.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY || resp.Validator != nil {
					t.Errorf("Chinese Taipei = %+v", resp)
				}
			}},
		{name: "Namibia, not a participant", method: types.QueryParticipant,
			req: participantReq("NA"), want: types.ErrUnknownParticipant},

		{name: "participants in code order", method: types.QueryParticipants,
			req: func(*apptest.Chain) apptest.Request { return &types.QueryParticipantsRequest{} },
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryParticipantsResponse
				decode(t, answer, &resp)
				var codes []string
				for _, p := range resp.Participants {
					codes = append(codes, p.Code)
				}
				if got, want := strings.Join(codes, " "), "BW EU IN RU TW ZA"; got != want {
					t.Errorf("participants %s, want %s", got, want)
				}
			}},
		{name: "observers", method: types.QueryObservers,
			req: func(*apptest.Chain) apptest.Request { return &types.QueryObserversRequest{} },
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryObserversResponse
				decode(t, answer, &resp)
				want := types.Observer{Code: "WDC", Name: "World Diamond Council", Kind: types.ObserverKind_OBSERVER_KIND_INDUSTRY}
				if len(resp.Observers) != 1 || !proto.Equal(&resp.Observers[0], &want) {
					t.Errorf("observers = %+v, want only %+v", resp.Observers, want)
				}
			}},
		{name: "validators in participant order", method: types.QueryValidators,
			req: func(*apptest.Chain) apptest.Request { return &types.QueryValidatorsRequest{} },
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryValidatorsResponse
				decode(t, answer, &resp)
				var got []string
				for _, v := range resp.Validators {
					if !bytes.Equal(v.PubKey, c.PubKey(strings.ToLower(v.Participant)+"-node")) || v.Power != types.ValidatorPower {
						t.Errorf("validator %+v", v)
					}
					got = append(got, v.Participant)
				}
				if strings.Join(got, " ") != "BW EU RU ZA" {
					t.Errorf("validators of %v, want BW EU RU ZA", got)
				}
			}},

		{name: "Botswana's active officers", method: types.QueryOfficers,
			req: keysReq("BW", false), check: keysAre("bw-admin", "bw-customs")},
		{name: "Botswana's officers, revoked included", method: types.QueryOfficers,
			req: keysReq("BW", true), check: keysAre("bw-admin", "bw-customs", "bw-issuer")},
		{name: "Botswana's active operators", method: types.QueryOperators,
			req: keysReq("BW", false), check: keysAre("bw-importer")},
		{name: "Botswana's operators, revoked included", method: types.QueryOperators,
			req: keysReq("BW", true), check: keysAre("bw-exporter", "bw-importer")},
		{name: "South Africa's officers", method: types.QueryOfficers,
			req: keysReq("ZA", false), check: keysAre("za-admin", "za-customs", "za-issuer")},
		{name: "operators of Namibia, not a participant", method: types.QueryOperators,
			req: keysReq("NA", false), want: types.ErrUnknownParticipant},
		{name: "officers of Namibia, not a participant", method: types.QueryOfficers,
			req: keysReq("NA", true), want: types.ErrUnknownParticipant},

		{name: "the World Diamond Council's key", method: types.QueryKey,
			req: keyReq("wdc-observer"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryKeyResponse
				decode(t, answer, &resp)
				want := types.RegisteredKey{Address: c.Address("wdc-observer"), PubKey: c.PubKey("wdc-observer"), Role: observer,
					Observer: "WDC", Name: "wdc-observer", Status: types.KeyStatus_KEY_STATUS_ACTIVE, AddedHeight: 1}
				if !proto.Equal(&resp.Key, &want) {
					t.Errorf("key = %+v\nwant %+v", resp.Key, want)
				}
			}},
		{name: "Botswana's revoked issuer, as an officer", method: types.QueryOfficer,
			req: keyReq("bw-issuer"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryKeyResponse
				decode(t, answer, &resp)
				if resp.Key.Role != issuer || resp.Key.Participant != "BW" || resp.Key.Status != types.KeyStatus_KEY_STATUS_REVOKED || resp.Key.RevokedHeight <= 1 {
					t.Errorf("key = %+v, want Botswana's revoked issuer", resp.Key)
				}
			}},
		{name: "Botswana's importer, as an operator", method: types.QueryOperator,
			req: keyReq("bw-importer"),
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryKeyResponse
				decode(t, answer, &resp)
				if resp.Key.Role != importer || resp.Key.Participant != "BW" || resp.Key.Status != types.KeyStatus_KEY_STATUS_ACTIVE {
					t.Errorf("key = %+v, want Botswana's active importer", resp.Key)
				}
			}},
		{name: "Botswana's importer asked for as an officer", method: types.QueryOfficer,
			req: keyReq("bw-importer"), want: types.ErrNotAnOfficer},
		{name: "the World Diamond Council's key asked for as an officer", method: types.QueryOfficer,
			req: keyReq("wdc-observer"), want: types.ErrNotAnOfficer},
		{name: "Botswana's admin asked for as an operator", method: types.QueryOperator,
			req: keyReq("bw-admin"), want: types.ErrNotAnOperator},
		{name: "a key nobody registered", method: types.QueryKey,
			req: keyReq("smuggler"), want: types.ErrUnknownKey},
		{name: "an address in lower case", method: types.QueryKey,
			req: func(c *apptest.Chain) apptest.Request {
				return &types.QueryKeyRequest{Address: strings.ToLower(c.Address("bw-admin"))}
			}, want: types.ErrInvalidAddress},
		{name: "the parties of a certificate in one question, a stranger among them", method: types.QueryKeysByAddress,
			req: func(c *apptest.Chain) apptest.Request {
				return &types.QueryKeysByAddressRequest{Addresses: []string{c.Address("za-customs"), c.Address("smuggler"), c.Address("bw-exporter")}}
			},
			check: func(t *testing.T, c *apptest.Chain, answer []byte) {
				var resp types.QueryKeysByAddressResponse
				decode(t, answer, &resp)
				if len(resp.Keys) != 2 || resp.Keys[0].Address != c.Address("za-customs") || resp.Keys[1].Address != c.Address("bw-exporter") ||
					resp.Keys[1].Status != types.KeyStatus_KEY_STATUS_REVOKED {
					t.Errorf("keys %+v, want South Africa's customs officer and Botswana's revoked exporter", resp.Keys)
				}
			}},
		{name: "more addresses than one question may carry", method: types.QueryKeysByAddress,
			req: func(c *apptest.Chain) apptest.Request {
				req := &types.QueryKeysByAddressRequest{}
				for range types.MaxKeysByAddress + 1 {
					req.Addresses = append(req.Addresses, c.Address("bw-admin"))
				}
				return req
			}, want: types.ErrInvalidQuery},
		{name: "a malformed address among the parties", method: types.QueryKeysByAddress,
			req: func(c *apptest.Chain) apptest.Request {
				return &types.QueryKeysByAddressRequest{Addresses: []string{c.Address("bw-admin"), "not-an-address"}}
			}, want: types.ErrInvalidAddress},
		{name: "an empty address", method: types.QueryOfficer,
			req:  func(*apptest.Chain) apptest.Request { return &types.QueryKeyRequest{} },
			want: types.ErrInvalidAddress},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := c.Query(tc.method, tc.req(c), nil)
			if tc.want != nil {
				apptest.WantRefusal(t, tc.method, q.Code, q.Codespace, q.Log, tc.want)
				return
			}
			if q.Code != 0 {
				t.Fatalf("%s: code %d (%s)", tc.method, q.Code, q.Log)
			}
			if q.Height != c.Height {
				t.Errorf("answered at height %d, want %d", q.Height, c.Height)
			}
			tc.check(t, c, q.Value)
		})
	}
}

func participantReq(code string) func(*apptest.Chain) apptest.Request {
	return func(*apptest.Chain) apptest.Request {
		return &types.QueryParticipantRequest{Code: code}
	}
}

func keysReq(code string, includeRevoked bool) func(*apptest.Chain) apptest.Request {
	return func(*apptest.Chain) apptest.Request {
		return &types.QueryKeysRequest{Participant: code, IncludeRevoked: includeRevoked}
	}
}

func keyReq(keyName string) func(*apptest.Chain) apptest.Request {
	return func(c *apptest.Chain) apptest.Request {
		return &types.QueryKeyRequest{Address: c.Address(keyName)}
	}
}

// keysAre checks an Officers or Operators answer: exactly these keys, in
// address order.
func keysAre(keyNames ...string) func(*testing.T, *apptest.Chain, []byte) {
	return func(t *testing.T, c *apptest.Chain, answer []byte) {
		t.Helper()
		var resp types.QueryKeysResponse
		decode(t, answer, &resp)
		var got []string
		for _, k := range resp.Keys {
			got = append(got, k.Address)
		}
		if want := addresses(c, keyNames...); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("keys %v, want %v (%v in address order)", got, want, keyNames)
		}
	}
}

func decode(t *testing.T, answer []byte, into interface{ Unmarshal([]byte) error }) {
	t.Helper()
	if err := into.Unmarshal(answer); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
}
