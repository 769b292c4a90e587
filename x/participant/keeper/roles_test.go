package keeper_test

import (
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/app/envelope"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/x/participant/types"
)

// validMessages holds, for every registered message type, a message that
// Botswana's admin may send: valid in itself and in the fixture's state, so
// that only the signer's role decides whether CheckTx admits it. A new message
// type fails TestOnlyAllowedRolesSign until it has an entry here.
var validMessages = []message{
	addOfficer("bw-issuer-2", issuer, "Kagiso Molefe"),
	rotateOfficer("bw-issuer", "bw-issuer-2"),
	revokeOfficer("bw-customs"),
	addOperator("bw-exporter-2", exporter, "Okavango Diamond Company"),
	revokeOperator("bw-importer"),
}

// signer is a fixture key and the role it was registered with.
type signer struct {
	key  string
	role types.Role
}

// fixtureSigners are Botswana's keys, one of each role, and the World Diamond
// Council's observer key.
func fixtureSigners() []signer {
	var signers []signer
	for _, r := range apptest.ParticipantKeyRoles {
		signers = append(signers, signer{apptest.KeyName("BW", r.Suffix), r.Role})
	}
	return append(signers, signer{"wdc-observer", observer})
}

// TestOnlyAllowedRolesSign: for every message type and every role, CheckTx
// admits exactly the roles the message's route allows and refuses the others
// with ErrUnauthorized; the admitted transaction then executes.
func TestOnlyAllowedRolesSign(t *testing.T) {
	probe := newChain(t)
	router := probe.App.MsgRouter()
	messages := map[string]message{}
	for _, build := range validMessages {
		messages[ledger.TypeURL(build(probe))] = build
	}
	urls := router.TypeURLs()
	if len(urls) == 0 {
		t.Fatal("no message registered")
	}
	for _, url := range urls {
		if messages[url] == nil {
			t.Errorf("%s has no valid message in validMessages", url)
		}
	}
	for url := range messages {
		if router.Route(url) == nil {
			t.Errorf("validMessages holds %s, which is not registered", url)
		}
	}

	for _, url := range urls {
		route, build := router.Route(url), messages[url]
		if build == nil {
			continue
		}
		short := url[strings.LastIndex(url, ".")+1:]
		t.Run(short, func(t *testing.T) {
			// DESIGN §4: observers sign nothing; tx.proto: every participant
			// message is an admin's.
			if route.Allows(observer) {
				t.Errorf("%s admits observers", short)
			}
			if strings.HasPrefix(url, "/kpledger.participant.v1.") && (len(route.Roles) != 1 || route.Roles[0] != admin) {
				t.Errorf("%s admits %v, want admins only", short, route.Roles)
			}

			c := newChain(t)
			var admitted []byte
			for _, s := range fixtureSigners() {
				t.Run(s.key, func(t *testing.T) {
					if got := mustKey(t, c, s.key).Role; got != s.role {
						t.Fatalf("fixture key %s is %s, want %s", s.key, got.Name(), s.role.Name())
					}
					tx := c.TxAt(s.key, 0, build(c))
					res := c.CheckTx(tx, false)
					if !route.Allows(s.role) {
						wantRefusal(t, "CheckTx", res.Code, res.Codespace, res.Log, envelope.ErrUnauthorized)
						return
					}
					if res.Code != 0 {
						t.Errorf("CheckTx: code %d (%s), want admitted", res.Code, res.Log)
					}
					if admitted == nil {
						admitted = tx
					}
				})
			}
			if admitted == nil {
				t.Fatalf("no fixture role may sign %s", short)
			}
			if res := c.Deliver(admitted); res.Code != 0 {
				t.Errorf("the admitted %s does not execute: code %d (%s)", short, res.Code, res.Log)
			}
		})
	}
}
