package apptest

import (
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// FixtureParticipant is a participant of the fixture network.
type FixtureParticipant struct {
	Code, Name  string
	Kind        participanttypes.ParticipantKind
	Validator   bool
	TimeZone    string
	NonProducer bool
}

// FixtureParticipants are Botswana, the European Community, South Africa and
// the Russian Federation (validators), India (a voting participant without a
// node) and Chinese Taipei (a trading entity); the European Community and
// Chinese Taipei produce no rough diamonds.
var FixtureParticipants = []FixtureParticipant{
	{"BW", "Botswana", participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY, true, "Africa/Gaborone", false},
	{"EU", "European Community", participanttypes.ParticipantKind_PARTICIPANT_KIND_REIO, true, "Europe/Brussels", true},
	{"ZA", "South Africa", participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY, true, "Africa/Johannesburg", false},
	{"RU", "Russian Federation", participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY, true, "Europe/Moscow", false},
	{"IN", "India", participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY, false, "Asia/Kolkata", false},
	{"TW", "Chinese Taipei", participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY, false, "Asia/Taipei", true},
}

// ParticipantKeyRoles are the keys every fixture participant has, by the
// suffix of their name (DESIGN §4's test keyring names): "bw-admin",
// "bw-issuer", "bw-customs", "bw-exporter", "bw-importer".
var ParticipantKeyRoles = []struct {
	Suffix string
	Role   envelope.Role
}{
	{"admin", envelope.Role_ROLE_ADMIN},
	{"issuer", envelope.Role_ROLE_ISSUER},
	{"customs", envelope.Role_ROLE_IMPORTER_AUTHORITY},
	{"exporter", envelope.Role_ROLE_EXPORTER},
	{"importer", envelope.Role_ROLE_IMPORTER},
}

// Fixture is the fixture network's genesis, with keys from key(name); the
// observer WDC has the key "wdc-observer", validator keys are "<code>-node".
func Fixture(key func(name string) ed25519.PrivKey) *genesis.Document {
	g := genesis.New(ChainID, GenesisTime)
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	for _, p := range FixtureParticipants {
		must(g.AddParticipant(p.Code, p.Name, p.Kind))
		must(g.SetTimeZone(p.Code, p.TimeZone))
		must(g.SetNonProducer(p.Code, p.NonProducer))
		for _, r := range ParticipantKeyRoles {
			name := KeyName(p.Code, r.Suffix)
			must(g.AddKey(key(name).PubKey().Bytes(), r.Role, p.Code, name))
		}
		if p.Validator {
			must(g.AddValidator(p.Code, key(KeyName(p.Code, "node")).PubKey().Bytes()))
		}
	}
	must(g.AddObserver("WDC", "World Diamond Council", participanttypes.ObserverKind_OBSERVER_KIND_INDUSTRY))
	must(g.AddKey(key("wdc-observer").PubKey().Bytes(), envelope.Role_ROLE_OBSERVER, "WDC", "wdc-observer"))
	return g
}

// KeyName is the fixture's name of a participant's key: "bw-admin".
func KeyName(code, suffix string) string {
	return strings.ToLower(code) + "-" + suffix
}
