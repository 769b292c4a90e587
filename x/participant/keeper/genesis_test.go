package keeper_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/x/participant/keeper"
	"github.com/kpledger/kpledger/x/participant/types"
)

// fixtureRegistry is the fixture network's participant genesis.
func fixtureRegistry() *types.GenesisState {
	return &apptest.Fixture(fixtureKey).Registry
}

// participantOf returns a participant of a genesis registry by code.
func participantOf(gs *types.GenesisState, code string) *types.Participant {
	for i := range gs.Participants {
		if gs.Participants[i].Code == code {
			return &gs.Participants[i]
		}
	}
	panic("no participant " + code)
}

// keyOf returns a registered key of a genesis registry by its fixture name.
func keyOf(gs *types.GenesisState, keyName string) *types.RegisteredKey {
	pub := pubKeyOf(keyName)
	for i := range gs.Keys {
		if bytes.Equal(gs.Keys[i].PubKey, pub) {
			return &gs.Keys[i]
		}
	}
	panic("no key " + keyName)
}

func newParticipant(code, name string) types.Participant {
	return types.Participant{Code: code, Name: name,
		Kind: types.ParticipantKind_PARTICIPANT_KIND_COUNTRY, Status: types.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE}
}

func newKey(keyName string, role envelope.Role, participant, observerCode string) types.RegisteredKey {
	return types.RegisteredKey{PubKey: pubKeyOf(keyName), Role: role, Participant: participant, Observer: observerCode, Name: keyName}
}

func newValidator(code, nodeKey string) types.Validator {
	return types.Validator{Participant: code, PubKey: pubKeyOf(nodeKey), Power: types.ValidatorPower}
}

// TestValidateGenesis edits the fixture's registry into each mistake genesis
// must refuse, and checks the refusal both on the registry (ValidateGenesis)
// and on its JSON (ParseGenesis, what InitChain reads).
func TestValidateGenesis(t *testing.T) {
	cases := []struct {
		name string
		edit func(gs *types.GenesisState)
		want *refusal.Error
	}{
		{"the fixture network", func(*types.GenesisState) {}, nil},
		{"an empty registry", func(gs *types.GenesisState) { *gs = types.GenesisState{} }, nil},
		{"India gets a validator", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, newValidator("IN", "in-node"))
		}, nil},
		{"a candidate and an expelled participant without validators", func(gs *types.GenesisState) {
			participantOf(gs, "IN").Status = types.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE
			participantOf(gs, "TW").Status = types.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED
		}, nil},
		{"a key without its address (InitGenesis derives it)", func(gs *types.GenesisState) {
			keyOf(gs, "bw-admin").Address = ""
		}, nil},

		{"Botswana listed twice", func(gs *types.GenesisState) {
			gs.Participants = append(gs.Participants, newParticipant("BW", "Republic of Botswana"))
		}, types.ErrInvalidGenesis},
		{"a participant code in lower case (na)", func(gs *types.GenesisState) {
			gs.Participants = append(gs.Participants, newParticipant("na", "Namibia"))
		}, types.ErrInvalidCode},
		{"an alpha-3 participant code (NAM)", func(gs *types.GenesisState) {
			gs.Participants = append(gs.Participants, newParticipant("NAM", "Namibia"))
		}, types.ErrInvalidCode},
		{"a participant without a name", func(gs *types.GenesisState) {
			gs.Participants = append(gs.Participants, newParticipant("NA", ""))
		}, types.ErrInvalidGenesis},
		{"a participant whose time zone climbs out of the zone database", func(gs *types.GenesisState) {
			participantOf(gs, "BW").TimeZone = "../../etc/localtime"
		}, types.ErrInvalidGenesis},
		{"a participant of no kind", func(gs *types.GenesisState) {
			participantOf(gs, "BW").Kind = types.ParticipantKind_PARTICIPANT_KIND_UNSPECIFIED
		}, types.ErrInvalidKind},
		{"a participant of an unknown kind", func(gs *types.GenesisState) {
			participantOf(gs, "BW").Kind = 9
		}, types.ErrInvalidKind},
		{"a participant without a status", func(gs *types.GenesisState) {
			participantOf(gs, "IN").Status = types.ParticipantStatus_PARTICIPANT_STATUS_UNSPECIFIED
		}, types.ErrInvalidGenesis},
		{"a participant of an unknown status", func(gs *types.GenesisState) {
			participantOf(gs, "IN").Status = 9
		}, types.ErrInvalidGenesis},

		{"the World Diamond Council listed twice", func(gs *types.GenesisState) {
			gs.Observers = append(gs.Observers, gs.Observers[0])
		}, types.ErrInvalidGenesis},
		{"an observer code in lower case", func(gs *types.GenesisState) {
			gs.Observers = append(gs.Observers, types.Observer{Code: "gw", Name: "Global Witness", Kind: types.ObserverKind_OBSERVER_KIND_CIVIL_SOCIETY})
		}, types.ErrInvalidCode},
		{"an observer of no kind", func(gs *types.GenesisState) {
			gs.Observers[0].Kind = types.ObserverKind_OBSERVER_KIND_UNSPECIFIED
		}, types.ErrInvalidKind},

		{"a key of Namibia, not a participant", func(gs *types.GenesisState) {
			gs.Keys = append(gs.Keys, newKey("na-admin", admin, "NA", ""))
		}, types.ErrUnknownParticipant},
		{"a key without a holder", func(gs *types.GenesisState) {
			gs.Keys = append(gs.Keys, newKey("na-admin", admin, "", ""))
		}, types.ErrUnknownParticipant},
		{"an observer key of Global Witness, not an observer", func(gs *types.GenesisState) {
			gs.Keys = append(gs.Keys, newKey("gw-observer", observer, "", "GW"))
		}, types.ErrUnknownObserver},
		{"an observer key that also names Botswana", func(gs *types.GenesisState) {
			keyOf(gs, "wdc-observer").Participant = "BW"
		}, types.ErrUnknownObserver},
		{"an officer key that also names the World Diamond Council", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").Observer = "WDC"
		}, types.ErrUnknownParticipant},
		{"a key without a role", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").Role = envelope.Role_ROLE_UNSPECIFIED
		}, types.ErrInvalidRole},
		{"a key whose address is another key's", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").Address = envelope.AddressHex(envelope.AddressOf(pubKeyOf("bw-admin")))
		}, types.ErrInvalidGenesis},
		{"a key whose address is in lower case", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").Address = strings.ToLower(envelope.AddressHex(envelope.AddressOf(pubKeyOf("bw-issuer"))))
		}, types.ErrInvalidGenesis},
		{"a key of 31 bytes", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").PubKey = bytesOf(31, 5)
		}, types.ErrInvalidGenesis},
		{"a key without a name", func(gs *types.GenesisState) {
			keyOf(gs, "bw-issuer").Name = ""
		}, types.ErrInvalidGenesis},
		{"Botswana's issuer key listed again as South Africa's", func(gs *types.GenesisState) {
			gs.Keys = append(gs.Keys, newKey("bw-issuer", issuer, "ZA", ""))
		}, types.ErrInvalidGenesis},

		{"a validator of Namibia, not a participant", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, newValidator("NA", "na-node"))
		}, types.ErrUnknownParticipant},
		{"a validator of Chinese Taipei, a trading entity", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, newValidator("TW", "tw-node"))
		}, types.ErrInvalidGenesis},
		{"a validator of suspended India", func(gs *types.GenesisState) {
			participantOf(gs, "IN").Status = types.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED
			gs.Validators = append(gs.Validators, newValidator("IN", "in-node"))
		}, types.ErrInvalidGenesis},
		{"a validator of candidate India", func(gs *types.GenesisState) {
			participantOf(gs, "IN").Status = types.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE
			gs.Validators = append(gs.Validators, newValidator("IN", "in-node"))
		}, types.ErrInvalidGenesis},
		{"a validator of expelled Botswana", func(gs *types.GenesisState) {
			participantOf(gs, "BW").Status = types.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED
		}, types.ErrInvalidGenesis},
		{"two validators for Botswana", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, newValidator("BW", "bw-node-2"))
		}, types.ErrInvalidGenesis},
		{"a validator with twice the power", func(gs *types.GenesisState) {
			gs.Validators[0].Power = 2 * types.ValidatorPower
		}, types.ErrInvalidGenesis},
		{"a validator without power", func(gs *types.GenesisState) {
			gs.Validators[0].Power = 0
		}, types.ErrInvalidGenesis},
		{"a validator key of 33 bytes", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, types.Validator{Participant: "IN", PubKey: bytesOf(33, 4), Power: types.ValidatorPower})
		}, types.ErrInvalidGenesis},
		{"India validating with Botswana's node key", func(gs *types.GenesisState) {
			gs.Validators = append(gs.Validators, newValidator("IN", "bw-node"))
		}, types.ErrValidatorKeyTaken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := fixtureRegistry()
			tc.edit(gs)
			bz, err := format.MarshalJSON(gs)
			if err != nil {
				t.Fatal(err)
			}
			checkGenesisError(t, "ValidateGenesis", gs.Validate(), tc.want)
			_, err = keeper.ParseGenesis(bz)
			checkGenesisError(t, "ParseGenesis", err, tc.want)
		})
	}
}

// TestParseGenesisJSON: what only the JSON can get wrong.
func TestParseGenesisJSON(t *testing.T) {
	botswana := `{"code":"BW","name":"Botswana","kind":"PARTICIPANT_KIND_COUNTRY","status":"PARTICIPANT_STATUS_ACTIVE"%s}`
	cases := []struct {
		name string
		json string
		want *refusal.Error
	}{
		{"an empty section", "", nil},
		{"an empty object", "{}", nil},
		{"the default genesis", string(keeper.Keeper{}.DefaultGenesis()), nil},
		{"one participant", `{"participants":[` + strings.Replace(botswana, "%s", "", 1) + `]}`, nil},
		{"an unknown top-level field", `{"participants":[],"crown_jewels":[]}`, types.ErrInvalidGenesis},
		{"an unknown field in a participant", `{"participants":[` + strings.Replace(botswana, "%s", `,"capital":"Gaborone"`, 1) + `]}`, types.ErrInvalidGenesis},
		{"an unknown kind name", `{"participants":[{"code":"BW","name":"Botswana","kind":"PARTICIPANT_KIND_EMPIRE","status":"PARTICIPANT_STATUS_ACTIVE"}]}`, types.ErrInvalidGenesis},
		{"not JSON", `participants: BW`, types.ErrInvalidGenesis},
		{"a list where an object belongs", `[]`, types.ErrInvalidGenesis},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := keeper.ParseGenesis([]byte(tc.json))
			checkGenesisError(t, "ParseGenesis", err, tc.want)
		})
	}
}

func checkGenesisError(t *testing.T, where string, err error, want *refusal.Error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: %v, want accepted", where, err)
	case want != nil && err == nil:
		t.Errorf("%s accepted it, want %d (%s)", where, want.Code(), want.Reason())
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: code %d (%v), want %d (%s)", where, refusal.Of(err).Code(), err, want.Code(), want.Reason())
	}
}

// TestParseGenesisRoundTrip: the fixture's registry survives its JSON.
func TestParseGenesisRoundTrip(t *testing.T) {
	gs := fixtureRegistry()
	bz, err := format.MarshalJSON(gs)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := keeper.ParseGenesis(bz)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(parsed, gs) {
		t.Errorf("ParseGenesis(MarshalJSON(fixture)) differs from the fixture")
	}
}

// TestInitGenesis: genesis keys are active from the genesis height, and the
// state does not depend on the order genesis lists things in.
func TestInitGenesis(t *testing.T) {
	c := newChain(t)
	for _, name := range []string{"bw-admin", "tw-importer", "wdc-observer"} {
		rk := mustKey(t, c, name)
		if rk.Status != types.KeyStatus_KEY_STATUS_ACTIVE || rk.AddedHeight != 1 || rk.RevokedHeight != 0 || rk.Address != c.Address(name) {
			t.Errorf("genesis key %s = %+v, want active from height 1", name, rk)
		}
	}

	reversed := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		reverse(g.Registry.Participants)
		reverse(g.Registry.Observers)
		reverse(g.Registry.Keys)
		reverse(g.Registry.Validators)
	}))
	if straight := apptest.New(t); !bytes.Equal(straight.AppHash, reversed.AppHash) {
		t.Errorf("genesis in reverse order: app hash %X, in fixture order %X", reversed.AppHash, straight.AppHash)
	}
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
