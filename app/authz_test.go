package app_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// signerKind is one kind of key that may sign a message of the matrix; key
// names it from the executor's role suffix (every case's executor is a
// Botswana key: Botswana is "the right participant").
type signerKind struct {
	kind string
	key  func(suffix string) string
}

func fixed(name string) func(string) string { return func(string) string { return name } }
func ofCode(code string) func(string) string {
	return func(s string) string { return apptest.KeyName(code, s) }
}

// matrixSigners: each key of the right participant (its three officers and
// two operators), each key of another participant (Russia), the observer, a
// revoked key of the executor's role, the key of that role of a suspended
// participant (Côte d'Ivoire, suspended at genesis) and of a trading entity
// (Chinese Taipei), and a key nobody registered.
var matrixSigners = []signerKind{
	{"BW admin", fixed("bw-admin")},
	{"BW issuer", fixed("bw-issuer")},
	{"BW customs", fixed("bw-customs")},
	{"BW exporter (operator)", fixed("bw-exporter")},
	{"BW importer (operator)", fixed("bw-importer")},
	{"RU admin", fixed("ru-admin")},
	{"RU issuer", fixed("ru-issuer")},
	{"RU customs", fixed("ru-customs")},
	{"RU exporter (operator)", fixed("ru-exporter")},
	{"RU importer (operator)", fixed("ru-importer")},
	{"observer", fixed("wdc-observer")},
	{"revoked key", fixed("bw-revoked")},
	{"suspended CI's key", ofCode("CI")},
	{"trading entity TW's key", ofCode("TW")},
	{"unknown key", fixed("stranger")},
}

// alsoAllowed lists, per message, the signer kinds besides its executor
// whose transaction executes. Another participant's admin acts for its own
// participant: its keys, settings and production (a suspended participant
// too: suspension stops its certificates, DESIGN §1, not its registry), its
// opening stocks and the invitation of a review visit (not a suspended
// one), its proposal and its vote (a voting participant). A certificate's route admits both authorities of the
// destination to confirm (customs or the importer) and to re-seal (issuer
// or customs).
var alsoAllowed = map[string][]string{
	"MsgAddOfficer":       {"RU admin", "suspended CI's key", "trading entity TW's key"},
	"MsgAddOperator":      {"RU admin", "suspended CI's key", "trading entity TW's key"},
	"MsgSetSettings":      {"RU admin", "suspended CI's key", "trading entity TW's key"},
	"MsgReportProduction": {"RU admin", "suspended CI's key", "trading entity TW's key"},
	"MsgDeclareStock":     {"RU admin", "trading entity TW's key"},
	"MsgPropose":          {"RU admin"},
	"MsgVote":             {"RU admin"},
	"MsgInviteReview":     {"RU admin", "trading entity TW's key"},
	"MsgReseal":           {"BW customs"},
	"MsgConfirm":          {"BW customs"},
}

// TestAuthorizationMatrix delivers every message kind, valid in the state
// its case sets up, signed by every kind of signer, each in a chain of its
// own: only the executor and the pairs of alsoAllowed execute; every other
// pair is refused, no module's state changes, and CheckTx refuses whatever
// the envelope refuses.
func TestAuthorizationMatrix(t *testing.T) {
	router := apptest.New(t).App.MsgRouter()
	for _, url := range router.TypeURLs() {
		rc, ok := roleCases[url]
		if !ok || rc.build == nil {
			t.Errorf("%s has no case in roleCases", url)
			continue
		}
		name := url[strings.LastIndex(url, ".")+1:]
		allowed := map[string]bool{}
		for _, k := range alsoAllowed[name] {
			allowed[k] = true
		}
		executorSuffix := rc.executor[strings.Index(rc.executor, "-")+1:]
		executorRole := roleOf(t, apptest.New(t), rc.executor)
		var passed []string
		for _, s := range matrixSigners {
			key := s.key(executorSuffix)
			c := matrixChain(t, executorRole)
			if rc.setup != nil {
				rc.setup(c)
			}
			msg := rc.build(c)
			before := c.ModuleState()
			tx := c.Tx(key, msg)
			check := c.CheckTx(tx, false)
			res := c.Deliver(tx)
			if res.Code == 0 {
				passed = append(passed, s.kind)
			}
			want := key == rc.executor || allowed[s.kind]
			switch {
			case want && res.Code != 0:
				t.Errorf("%s signed by %s (%s): code %d (%s), want executed", name, s.kind, key, res.Code, res.Log)
			case !want && res.Code == 0:
				t.Errorf("%s signed by %s (%s) executed; only %s and %v may", name, s.kind, key, rc.executor, alsoAllowed[name])
			case res.Code != 0:
				for i, after := range c.ModuleState() {
					if after != before[i] {
						t.Errorf("%s signed by %s: the refusal (code %d) changed the %s module's state", name, s.kind, res.Code, after.Module)
					}
				}
				if res.Codespace == "app" && check.Code == 0 {
					t.Errorf("%s signed by %s: CheckTx admitted what the envelope refuses (code %d)", name, s.kind, res.Code)
				}
			}
		}
		sort.Strings(passed)
		t.Logf("%-22s executed for: %s", name, strings.Join(passed, ", "))
	}
}

// matrixChain is the fixture with Côte d'Ivoire, suspended, and a second Botswana key
// of the executor's role ("bw-revoked"), revoked in the first block.
func matrixChain(t *testing.T, role envelope.Role) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		if err := g.AddParticipant("CI", "Côte d'Ivoire", participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY); err != nil {
			t.Fatal(err)
		}
		for _, r := range apptest.ParticipantKeyRoles {
			name := apptest.KeyName("CI", r.Suffix)
			if err := g.AddKey(key(name).PubKey().Bytes(), r.Role, "CI", name); err != nil {
				t.Fatal(err)
			}
		}
		for i := range g.Registry.Participants {
			if g.Registry.Participants[i].Code == "CI" {
				g.Registry.Participants[i].Status = participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED
			}
		}
		if err := g.AddKey(key("bw-revoked").PubKey().Bytes(), role, "BW", "bw-revoked"); err != nil {
			t.Fatal(err)
		}
	}))
	c.Block()
	var revoke envelope.Message = &participanttypes.MsgRevokeOfficer{Address: c.Address("bw-revoked")}
	if role == envelope.Role_ROLE_EXPORTER || role == envelope.Role_ROLE_IMPORTER {
		revoke = &participanttypes.MsgRevokeOperator{Address: c.Address("bw-revoked")}
	}
	c.DeliverOK("bw-admin", revoke)
	return c
}
