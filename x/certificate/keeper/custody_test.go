package keeper_test

import (
	"bytes"
	"encoding/binary"
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
func sealed(number string) apptest.Setup {
	return apptest.Given(apptest.By("bw-issuer", apptest.Shipment(number, "BW", "EU", apptest.Seal(sealNo))))
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
		res := c.DeliverOK(h.from, apptest.Transfer("BW-2005-1", h.to, sealNo)(c))
		heights[i] = c.Height
		if a := abciActions(res.Events); !slices.Equal(a, []string{"BW-2005-1 transferred"}) {
			t.Errorf("ABCI events %v", a)
		}
		if got := c.Certificate("BW-2005-1"); got.Holder != c.Address(h.to) {
			t.Errorf("after %s → %s the holder is %s", h.from, h.to, got.Holder)
		}
	}
	got := c.Certificate("BW-2005-1")
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
	c.DeliverOK("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c))
}

func TestTransfer(t *testing.T) {
	const n = "BW-2005-1"
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "the exporter of an unsealed shipment hands it to Botswana's admin", Setup: shipped(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "bw-admin", ""),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if got := c.Certificate(n); got.Holder != c.Address("bw-admin") {
					t.Errorf("holder %s", got.Holder)
				}
			}},
		{Name: "the exporter hands it to the issuer officer", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "bw-issuer", sealNo),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if got := c.Certificate(n); got.Holder != c.Address("bw-issuer") {
					t.Errorf("holder %s", got.Holder)
				}
			}},

		{Name: "Botswana's admin, not the holder, hands the shipment on", Setup: sealed(n), Signer: "bw-admin",
			Msg: apptest.Transfer(n, "eu-importer", sealNo), Want: types.ErrNotHolder},
		{Name: "the exporter hands on a shipment it already handed over", Signer: "bw-exporter",
			Setup: apptest.Then(sealed(n), apptest.Given(apptest.By("bw-exporter", apptest.Transfer(n, "za-customs", sealNo)))),
			Msg:   apptest.Transfer(n, "eu-importer", sealNo), Want: types.ErrNotHolder},
		{Name: "the named importer takes the shipment before it is handed over", Setup: sealed(n), Signer: "eu-importer",
			Msg: apptest.Transfer(n, "eu-customs", sealNo), Want: types.ErrNotHolder},

		{Name: "the exporter quotes another seal", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "za-customs", "BW-SEAL-0043"), Want: types.ErrSealMismatch},
		{Name: "the exporter quotes no seal on a sealed shipment", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "za-customs", ""), Want: types.ErrSealMismatch},
		{Name: "the exporter quotes a seal on an unsealed shipment", Setup: shipped(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "za-customs", sealNo), Want: types.ErrSealMismatch},
		{Name: "the exporter quotes the seal in lower case", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "za-customs", strings.ToLower(sealNo)), Want: types.ErrSealMismatch},

		{Name: "to a key nobody registered", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "smuggler", sealNo), Want: types.ErrInvalidHolder},
		{Name: "to the World Diamond Council's observer", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "wdc-observer", sealNo), Want: types.ErrInvalidHolder},
		{Name: "to an importer whose licence was revoked", Signer: "bw-exporter",
			Setup: apptest.Then(sealed(n), apptest.Given(apptest.By("eu-admin", revokeOperator("eu-importer")))),
			Msg:   apptest.Transfer(n, "eu-importer", sealNo), Want: types.ErrInvalidHolder},
		{Name: "to the holder itself", Setup: sealed(n), Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "bw-exporter", sealNo), Want: types.ErrInvalidHolder},
		{Name: "to an address in lower case", Setup: sealed(n), Signer: "bw-exporter",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgTransfer{Number: n, To: strings.ToLower(c.Address("za-customs")), Seal: sealNo}
			}, Want: types.ErrInvalidHolder},
		{Name: "to nobody", Setup: sealed(n), Signer: "bw-exporter",
			Msg: func(*apptest.Chain) envelope.Message { return &types.MsgTransfer{Number: n, Seal: sealNo} }, Want: types.ErrInvalidHolder},

		{Name: "a carrier name one byte too long", Setup: sealed(n), Signer: "bw-exporter",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgTransfer{Number: n, To: c.Address("za-customs"), Seal: sealNo, Carrier: strings.Repeat("c", types.MaxTextLength+1)}
			}, Want: types.ErrInvalidField},
		{Name: "a shipment already received", Signer: "eu-importer",
			Setup: apptest.Then(sealed(n), apptest.Given(apptest.By("bw-exporter", apptest.Transfer(n, "eu-importer", sealNo)), apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.Transfer(n, "eu-customs", sealNo), Want: types.ErrFinalState},
		{Name: "a shipment nobody certified", Signer: "bw-exporter",
			Msg: apptest.Transfer(n, "za-customs", ""), Want: types.ErrUnknownCertificate},
	})
}

// transitShipment is South Africa's shipment to the European Community through
// Botswana and the Russian Federation.
func transitShipment(number string) apptest.Setup {
	return apptest.Given(apptest.By("za-issuer", apptest.Shipment(number, "ZA", "EU", apptest.Transit("BW", "RU"))))
}

func addOfficer(keyName string, role envelope.Role, name string) apptest.Message {
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
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "Botswana's customs attests the transit", Setup: transitShipment(n), Signer: "bw-customs",
			Msg: apptest.Attest(n), Check: attested("BW")},
		{Name: "the Russian Federation's customs attests after Botswana's", Signer: "ru-customs",
			Setup: apptest.Then(transitShipment(n), apptest.Given(apptest.By("bw-customs", apptest.Attest(n)))),
			Msg:   apptest.Attest(n), Check: attested("BW", "RU")},

		{Name: "the European Community's customs, the destination's, attests", Setup: transitShipment(n), Signer: "eu-customs",
			Msg: apptest.Attest(n), Want: types.ErrNotTransitParticipant},
		{Name: "India's customs, not on the route, attests", Setup: transitShipment(n), Signer: "in-customs",
			Msg: apptest.Attest(n), Want: types.ErrNotTransitParticipant},
		{Name: "South Africa's customs attests its own export", Setup: transitShipment(n), Signer: "za-customs",
			Msg: apptest.Attest(n), Want: types.ErrNotTransitParticipant},
		{Name: "Botswana's customs attests a shipment without transit", Signer: "bw-customs",
			Setup: apptest.Given(apptest.By("za-issuer", apptest.Shipment(n, "ZA", "EU"))),
			Msg:   apptest.Attest(n), Want: types.ErrNotTransitParticipant},

		{Name: "Botswana's customs attests twice", Signer: "bw-customs",
			Setup: apptest.Then(transitShipment(n), apptest.Given(apptest.By("bw-customs", apptest.Attest(n)))),
			Msg:   apptest.Attest(n), Want: types.ErrAlreadyAttested},
		{Name: "a second Botswana customs officer attests again", Signer: "bw-customs-2",
			Setup: apptest.Then(transitShipment(n), apptest.Given(
				apptest.By("bw-admin", addOfficer("bw-customs-2", envelope.Role_ROLE_IMPORTER_AUTHORITY, "Francistown Customs")),
				apptest.By("bw-customs", apptest.Attest(n)))),
			Msg: apptest.Attest(n), Want: types.ErrAlreadyAttested},

		{Name: "an attestation after receipt", Signer: "bw-customs",
			Setup: apptest.Then(transitShipment(n), apptest.Given(apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.Attest(n), Want: types.ErrFinalState},
		{Name: "an attestation of a certificate nobody issued", Signer: "bw-customs",
			Msg: apptest.Attest(n), Want: types.ErrUnknownCertificate},
		{Name: "an attestation note one byte too long", Setup: transitShipment(n), Signer: "bw-customs",
			Msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgAttest{Number: n, Note: strings.Repeat("n", types.MaxNoteLength+1)}
			}, Want: types.ErrInvalidField},
	})
}

// TestCustodyIsBounded (reliability review D5): two holders handing one
// shipment back and forth, with a re-seal among the hand-overs, reach
// types.MaxCustodyEvents; the next hand-over or re-seal is refused and
// changes nothing, and the importer can still confirm.
func TestCustodyIsBounded(t *testing.T) {
	c := newChain(t)
	sealed("BW-2005-1")(t, c)
	c.DeliverOK("bw-issuer", &types.MsgReseal{Number: "BW-2005-1", Seal: "BW-SEAL-0043", Note: "inspected at Gaborone"})
	const seal = "BW-SEAL-0043"
	holders := []string{"bw-exporter", "eu-importer"}
	for i := 1; i < types.MaxCustodyEvents; i++ {
		c.DeliverOK(holders[(i+1)%2], apptest.Transfer("BW-2005-1", holders[i%2], seal)(c))
	}
	holder := holders[(types.MaxCustodyEvents-1)%2]
	if got := c.Certificate("BW-2005-1"); got.Holder != c.Address(holder) || len(got.Events) != 1+types.MaxCustodyEvents {
		t.Fatalf("holder %s, %d events", got.Holder, len(got.Events))
	}
	c.Refused(holder, apptest.Transfer("BW-2005-1", holders[types.MaxCustodyEvents%2], seal)(c), types.ErrCustodyBound)
	c.Refused("bw-issuer", &types.MsgReseal{Number: "BW-2005-1", Seal: "BW-SEAL-0044"}, types.ErrCustodyBound)
	if holder != "eu-importer" {
		t.Fatalf("the importer should hold the shipment after %d hand-overs", types.MaxCustodyEvents-1)
	}
	c.DeliverOK("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c))
}

// TestHistoryIsApartFromTheRecord (reliability review D5): a shipment handed
// back and forth types.MaxCustodyEvents times keeps a record of the same
// size after every hand-over; each step adds one key to the history, which
// reads back in order. With the history inside the record (schema 10 and
// before), the record grew by every event and was rewritten whole at each.
func TestHistoryIsApartFromTheRecord(t *testing.T) {
	c := newChain(t)
	const n, seal = "BW-2005-1", "BW-SEAL-0042"
	sealed(n)(t, c)
	holders := []string{"bw-exporter", "eu-importer"}
	// The first hand-over reaches the destination's side (arrived_at set);
	// from then on only the holder changes, an address of fixed length.
	c.DeliverOK("bw-exporter", apptest.Transfer(n, "eu-importer", seal)(c))
	size := len(storeValue(t, c, types.CertificateKey(n)))
	for i := 2; i <= types.MaxCustodyEvents; i++ {
		c.DeliverOK(holders[(i+1)%2], apptest.Transfer(n, holders[i%2], seal)(c))
		if got := len(storeValue(t, c, types.CertificateKey(n))); got != size {
			t.Fatalf("after %d hand-overs the record has %d bytes, after the first %d", i, got, size)
		}
	}
	history := c.Certificate(n).Events
	if len(history) != 1+types.MaxCustodyEvents {
		t.Fatalf("%d events, want the issuance and %d hand-overs", len(history), types.MaxCustodyEvents)
	}
	inHistory := 0
	for i, ev := range history {
		want := types.EventKind_EVENT_KIND_TRANSFERRED
		if i == 0 {
			want = types.EventKind_EVENT_KIND_ISSUED
		}
		if ev.Kind != want || (i > 0 && (ev.Height <= history[i-1].Height || ev.Holder != c.Address(holders[i%2]))) {
			t.Fatalf("event %d: %s at height %d to %s, out of order", i, ev.Kind.Name(), ev.Height, ev.Holder)
		}
		bz := storeValue(t, c, types.HistoryKey(n, uint64(i)))
		if want, _ := ev.Marshal(); !bytes.Equal(bz, want) {
			t.Fatalf("history key %d holds %X, want event %d", i, bz, i)
		}
		inHistory += len(bz)
	}
	if hasKey(t, c, types.HistoryKey(n, uint64(len(history)))) {
		t.Fatal("a history key past the last event")
	}
	// Embedded as field 28 (tag, length, event), as before schema 11.
	embedded := size
	for i := range history {
		l := history[i].Size()
		embedded += 1 + len(binary.AppendUvarint(nil, uint64(l))) + l
	}
	t.Logf("after %d hand-overs: record %d bytes, history %d keys of %d bytes in all; the record with its history inside would be %d bytes",
		types.MaxCustodyEvents, size, len(history), inHistory, embedded)
}
