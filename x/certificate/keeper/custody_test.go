package keeper_test

import (
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

const sealNo = "BW-SEAL-0042"

// sealed is the setup of a sealed Botswana shipment to the European Community.
func sealed(number string) func(*testing.T, *apptest.Chain) {
	return given(by("bw-issuer", issue(number, "BW", "EU", seal(sealNo))))
}

// TestChainOfCustody: Debswana's exporter hands the sealed shipment to South
// Africa's customs at the transit airport, who hands it to the European
// Community's customs, who releases it to the Antwerp importer. The holder
// follows, and the transferred events are the chain of custody in order.
func TestChainOfCustody(t *testing.T) {
	c := newChain(t)
	sealed("BW-2005-1")(t, c)
	hops := []struct{ from, to string }{
		{"bw-exporter", "za-customs"},
		{"za-customs", "eu-customs"},
		{"eu-customs", "eu-importer"},
	}
	heights := make([]int64, len(hops))
	for i, h := range hops {
		res := deliverOK(t, c, h.from, transfer("BW-2005-1", h.to, sealNo))
		heights[i] = c.Height
		if a := abciActions(res.Events); !slices.Equal(a, []string{"BW-2005-1 transferred"}) {
			t.Errorf("ABCI events %v", a)
		}
		if got := certificate(t, c, "BW-2005-1"); got.Holder != c.Address(h.to) {
			t.Errorf("after %s → %s the holder is %s", h.from, h.to, got.Holder)
		}
	}
	got := certificate(t, c, "BW-2005-1")
	evs := eventsOf(got, types.EventKind_EVENT_KIND_TRANSFERRED)
	if len(evs) != len(hops) {
		t.Fatalf("%d transferred events, want %d", len(evs), len(hops))
	}
	for i, h := range hops {
		if evs[i].Signer != c.Address(h.from) || evs[i].Holder != c.Address(h.to) || evs[i].Carrier != "Air Botswana Cargo" || evs[i].Height != heights[i] {
			t.Errorf("hop %d: %+v, want %s → %s at %d", i, evs[i], h.from, h.to, heights[i])
		}
	}
	if got.Status != issued {
		t.Errorf("custody changed the status to %s", got.Status.Name())
	}
	// The importer, now holding it, confirms.
	deliverOK(t, c, "eu-importer", confirmStd("BW-2005-1"))
}

func TestTransfer(t *testing.T) {
	const n = "BW-2005-1"
	runTxCases(t, []txCase{
		{name: "the exporter of an unsealed shipment hands it to Botswana's admin", setup: shipped(n), signer: "bw-exporter",
			msg: transfer(n, "bw-admin", ""),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if got := certificate(t, c, n); got.Holder != c.Address("bw-admin") {
					t.Errorf("holder %s", got.Holder)
				}
			}},
		{name: "the exporter hands it to the issuer officer", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "bw-issuer", sealNo),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if got := certificate(t, c, n); got.Holder != c.Address("bw-issuer") {
					t.Errorf("holder %s", got.Holder)
				}
			}},

		{name: "Botswana's admin, not the holder, hands the shipment on", setup: sealed(n), signer: "bw-admin",
			msg: transfer(n, "eu-importer", sealNo), want: types.ErrNotHolder},
		{name: "the exporter hands on a shipment it already handed over", signer: "bw-exporter",
			setup: then(sealed(n), given(by("bw-exporter", transfer(n, "za-customs", sealNo)))),
			msg:   transfer(n, "eu-importer", sealNo), want: types.ErrNotHolder},
		{name: "the named importer takes the shipment before it is handed over", setup: sealed(n), signer: "eu-importer",
			msg: transfer(n, "eu-customs", sealNo), want: types.ErrNotHolder},

		{name: "the exporter quotes another seal", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "za-customs", "BW-SEAL-0043"), want: types.ErrSealMismatch},
		{name: "the exporter quotes no seal on a sealed shipment", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "za-customs", ""), want: types.ErrSealMismatch},
		{name: "the exporter quotes a seal on an unsealed shipment", setup: shipped(n), signer: "bw-exporter",
			msg: transfer(n, "za-customs", sealNo), want: types.ErrSealMismatch},
		{name: "the exporter quotes the seal in lower case", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "za-customs", strings.ToLower(sealNo)), want: types.ErrSealMismatch},

		{name: "to a key nobody registered", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "smuggler", sealNo), want: types.ErrInvalidHolder},
		{name: "to the World Diamond Council's observer", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "wdc-observer", sealNo), want: types.ErrInvalidHolder},
		{name: "to an importer whose licence was revoked", signer: "bw-exporter",
			setup: then(sealed(n), given(by("eu-admin", revokeOperator("eu-importer")))),
			msg:   transfer(n, "eu-importer", sealNo), want: types.ErrInvalidHolder},
		{name: "to the holder itself", setup: sealed(n), signer: "bw-exporter",
			msg: transfer(n, "bw-exporter", sealNo), want: types.ErrInvalidHolder},
		{name: "to an address in lower case", setup: sealed(n), signer: "bw-exporter",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgTransfer{Number: n, To: strings.ToLower(c.Address("za-customs")), Seal: sealNo}
			}, want: types.ErrInvalidHolder},
		{name: "to nobody", setup: sealed(n), signer: "bw-exporter",
			msg: func(*apptest.Chain) envelope.Message { return &types.MsgTransfer{Number: n, Seal: sealNo} }, want: types.ErrInvalidHolder},

		{name: "a carrier name one byte too long", setup: sealed(n), signer: "bw-exporter",
			msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgTransfer{Number: n, To: c.Address("za-customs"), Seal: sealNo, Carrier: strings.Repeat("c", types.MaxTextLength+1)}
			}, want: types.ErrInvalidField},
		{name: "a shipment already received", signer: "eu-importer",
			setup: then(sealed(n), given(by("bw-exporter", transfer(n, "eu-importer", sealNo)), by("eu-importer", confirmStd(n)))),
			msg:   transfer(n, "eu-customs", sealNo), want: types.ErrFinalState},
		{name: "a shipment nobody certified", signer: "bw-exporter",
			msg: transfer(n, "za-customs", ""), want: types.ErrUnknownCertificate},
	})
}

// transitShipment is South Africa's shipment to the European Community through
// Botswana and the Russian Federation.
func transitShipment(number string) func(*testing.T, *apptest.Chain) {
	return given(by("za-issuer", issue(number, "ZA", "EU", transit("BW", "RU"))))
}

func addOfficer(keyName string, role envelope.Role, name string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &participanttypes.MsgAddOfficer{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func TestAttest(t *testing.T) {
	const n = "ZA-2005-1"
	attested := func(participants ...string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult) {
			got := statusIs(t, c, n, issued)
			evs := eventsOf(got, types.EventKind_EVENT_KIND_ATTESTED)
			var who []string
			for _, ev := range evs {
				who = append(who, ev.Participant)
				if ev.Note != "arrived sealed, left unopened" || ev.Signer != c.Address(apptest.KeyName(ev.Participant, "customs")) {
					t.Errorf("attestation %+v", ev)
				}
			}
			if !slices.Equal(who, participants) {
				t.Errorf("attested by %v, want %v", who, participants)
			}
			if a := abciActions(res.Events); !slices.Equal(a, []string{n + " attested"}) {
				t.Errorf("ABCI events %v", a)
			}
		}
	}
	runTxCases(t, []txCase{
		{name: "Botswana's customs attests the transit", setup: transitShipment(n), signer: "bw-customs",
			msg: attest(n), check: attested("BW")},
		{name: "the Russian Federation's customs attests after Botswana's", signer: "ru-customs",
			setup: then(transitShipment(n), given(by("bw-customs", attest(n)))),
			msg:   attest(n), check: attested("BW", "RU")},

		{name: "the European Community's customs, the destination's, attests", setup: transitShipment(n), signer: "eu-customs",
			msg: attest(n), want: types.ErrNotTransitParticipant},
		{name: "India's customs, not on the route, attests", setup: transitShipment(n), signer: "in-customs",
			msg: attest(n), want: types.ErrNotTransitParticipant},
		{name: "South Africa's customs attests its own export", setup: transitShipment(n), signer: "za-customs",
			msg: attest(n), want: types.ErrNotTransitParticipant},
		{name: "Botswana's customs attests a shipment without transit", signer: "bw-customs",
			setup: given(by("za-issuer", issue(n, "ZA", "EU"))),
			msg:   attest(n), want: types.ErrNotTransitParticipant},

		{name: "Botswana's customs attests twice", signer: "bw-customs",
			setup: then(transitShipment(n), given(by("bw-customs", attest(n)))),
			msg:   attest(n), want: types.ErrAlreadyAttested},
		{name: "a second Botswana customs officer attests again", signer: "bw-customs-2",
			setup: then(transitShipment(n), given(
				by("bw-admin", addOfficer("bw-customs-2", envelope.Role_ROLE_IMPORTER_AUTHORITY, "Francistown Customs")),
				by("bw-customs", attest(n)))),
			msg: attest(n), want: types.ErrAlreadyAttested},

		{name: "an attestation after receipt", signer: "bw-customs",
			setup: then(transitShipment(n), given(by("eu-importer", confirmStd(n)))),
			msg:   attest(n), want: types.ErrFinalState},
		{name: "an attestation of a certificate nobody issued", signer: "bw-customs",
			msg: attest(n), want: types.ErrUnknownCertificate},
		{name: "an attestation note one byte too long", setup: transitShipment(n), signer: "bw-customs",
			msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgAttest{Number: n, Note: strings.Repeat("n", types.MaxNoteLength+1)}
			}, want: types.ErrInvalidField},
	})
}
