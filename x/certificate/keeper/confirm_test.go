package keeper_test

import (
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// shipped is the setup of a standard Botswana certificate to the European
// Community.
func shipped(number string) apptest.Setup {
	return apptest.Given(apptest.By("bw-issuer", apptest.Shipment(number, "BW", "EU")))
}

// TestConfirm: the named importer or the destination's importing authority
// confirms receipt; the certificate is received with the figures quoted, leaves
// the time indexes, and is never flagged overdue nor expired afterwards.
func TestConfirm(t *testing.T) {
	for _, tc := range []struct {
		name, signer string
		value        int64
	}{
		{"the Antwerp importer confirms what Botswana certified", "eu-importer", apptest.StdValue},
		{"the European Community's customs confirms what Botswana certified", "eu-customs", apptest.StdValue},
		{"the Antwerp importer confirms at a lower value (monitoring compares it)", "eu-importer", apptest.StdValue - 250000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, with(certificateGenesis(shortDeadlines)))
			c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(100))(c))
			issuedAt := c.Time.Unix()
			tx := c.Tx(tc.signer, apptest.Confirm("BW-2005-1", apptest.StdParcels, apptest.StdCarats, tc.value)(c))
			res := c.Deliver(tx)
			if res.Code != 0 {
				t.Fatalf("refused: code %d (%s)", res.Code, res.Log)
			}
			got := statusIs(t, c, "BW-2005-1", received)
			if got.ReceivedParcels != apptest.StdParcels || got.ReceivedCarats != apptest.StdCarats || got.ReceivedValueUsd != tc.value {
				t.Errorf("received %d parcels, %d ct/100, %d cents; want %d, %d, %d",
					got.ReceivedParcels, got.ReceivedCarats, got.ReceivedValueUsd, apptest.StdParcels, apptest.StdCarats, tc.value)
			}
			if got.ValueUsd != apptest.StdValue {
				t.Errorf("certified value became %d", got.ValueUsd)
			}
			hash := sha256.Sum256(tx)
			role := envelope.Role_ROLE_IMPORTER
			if tc.signer == "eu-customs" {
				role = envelope.Role_ROLE_IMPORTER_AUTHORITY
			}
			want := types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RECEIVED, Height: c.Height, Time: c.Time.Unix(),
				TxHash: hash[:], Signer: c.Address(tc.signer), SignerRole: role, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: tc.value,
				ReceivedAt: c.Time.Unix(), Note: "counted at the diamond office"}
			if got.ReceivedAt != c.Time.Unix() || got.Discrepancy {
				t.Errorf("received at %d (discrepancy %v), want the block time %d", got.ReceivedAt, got.Discrepancy, c.Time.Unix())
			}
			if evs := eventsOf(got, types.EventKind_EVENT_KIND_RECEIVED); len(evs) != 1 || !proto.Equal(&evs[0], &want) {
				t.Errorf("received events %+v, want %+v", evs, want)
			}
			if a := abciActions(res.Events); !slices.Equal(a, []string{"BW-2005-1 received"}) {
				t.Errorf("ABCI events %v", a)
			}
			if expiry, awaiting := indexed(t, c, got); expiry || awaiting {
				t.Errorf("still indexed: expiry %v awaiting %v", expiry, awaiting)
			}
			if !hasKey(t, c, types.DestinationKey("EU", "BW-2005-1")) {
				t.Error("left the destination's index")
			}
			// Past the confirmation deadline and the expiry: nothing happens.
			for c.Time.Unix() <= issuedAt+200 {
				if a := abciActions(c.Block().Events); len(a) != 0 {
					t.Errorf("block-time events for a received certificate: %v", a)
				}
			}
			after := statusIs(t, c, "BW-2005-1", received)
			if after.Overdue || !slices.Equal(kinds(after), []string{"issued", "received"}) {
				t.Errorf("history %v overdue %v", kinds(after), after.Overdue)
			}
		})
	}
}

func TestConfirmRefusals(t *testing.T) {
	const n = "BW-2005-1"
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "a confirmation of a certificate nobody issued", Signer: "eu-importer",
			Msg: apptest.ConfirmAsCertified("BW-2005-9"), Want: types.ErrUnknownCertificate},

		{Name: "the importer confirms twice", Signer: "eu-importer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrFinalState},
		{Name: "customs confirms what the importer confirmed", Signer: "eu-customs",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrFinalState},
		{Name: "the importer confirms a shipment customs rejected", Signer: "eu-importer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("eu-customs", apptest.Reject(n, types.RejectionReason_REJECTION_REASON_SEAL_BROKEN)))),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrFinalState},
		{Name: "the importer confirms a void certificate", Signer: "eu-importer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Void(n, types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, "")))),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrFinalState},

		{Name: "South Africa's customs confirms a shipment to the European Community", Signer: "za-customs",
			Setup: shipped(n), Msg: apptest.ConfirmAsCertified(n), Want: types.ErrNotImportingSide},
		{Name: "South Africa's importer confirms a shipment to the European Community", Signer: "za-importer",
			Setup: shipped(n), Msg: apptest.ConfirmAsCertified(n), Want: types.ErrNotImportingSide},
		{Name: "another Antwerp importer, not named on the certificate, confirms", Signer: "eu-importer-2",
			Setup: apptest.Then(apptest.Given(apptest.By("eu-admin", addOperator("eu-importer-2", envelope.Role_ROLE_IMPORTER, "Antwerp Rough Trading"))), shipped(n)),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrNotImportingSide},

		{Name: "one parcel more than certified", Signer: "eu-importer",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels+1, apptest.StdCarats, apptest.StdValue), Want: types.ErrQuantityMismatch},
		{Name: "one parcel fewer than certified", Signer: "eu-importer",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels-1, apptest.StdCarats, apptest.StdValue), Want: types.ErrQuantityMismatch},
		// The tolerance is 0.1% of 1,523.40 ct: 1.52 ct (hundredths, rounded down).
		{Name: "re-weighed a hundredth beyond the tolerance, short", Signer: "eu-customs",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, apptest.StdCarats-153, apptest.StdValue), Want: types.ErrQuantityMismatch},
		{Name: "re-weighed a hundredth beyond the tolerance, over", Signer: "eu-customs",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, apptest.StdCarats+153, apptest.StdValue), Want: types.ErrQuantityMismatch},

		{Name: "received before it was certified", Signer: "eu-customs", Setup: shipped(n),
			Msg: receivedOn(n, func(c *apptest.Chain) int64 { return c.Certificate(n).IssuedAt - 1 }), Want: types.ErrReceiptDate},
		{Name: "received after the block it is confirmed in", Signer: "eu-customs", Setup: shipped(n),
			Msg: receivedOn(n, func(c *apptest.Chain) int64 { return c.NextBlockTime() + 1 }), Want: types.ErrReceiptDate},
		{Name: "a reference with a newline", Signer: "eu-customs", Setup: shipped(n),
			Msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgConfirm{Number: n, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Reference: "BE\nANT"}
			}, Want: types.ErrInvalidField},

		{Name: "the Antwerp importer confirms where only the authority does", Signer: "eu-importer",
			Setup: apptest.Then(apptest.Given(apptest.By("eu-admin", apptest.Fixed(&participanttypes.MsgSetSettings{TimeZone: "Europe/Brussels", AuthorityConfirmsOnly: true}))), shipped(n)),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrAuthorityConfirms},
		{Name: "an importer not registered: the importer company cannot confirm", Signer: "eu-importer",
			Setup: apptest.Given(apptest.By("bw-issuer", apptest.Shipment(n, "BW", "EU", unregisteredImporter))),
			Msg:   apptest.ConfirmAsCertified(n), Want: types.ErrNotImportingSide},

		{Name: "a confirmation of no carats", Signer: "eu-importer",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, 0, apptest.StdValue), Want: types.ErrNotPositive},
		{Name: "a confirmation of no value", Signer: "eu-importer",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, apptest.StdCarats, 0), Want: types.ErrNotPositive},
		{Name: "a confirmation of no parcels", Signer: "eu-importer",
			Setup: shipped(n), Msg: apptest.Confirm(n, 0, apptest.StdCarats, apptest.StdValue), Want: types.ErrNotPositive},
		{Name: "a confirmation of a malformed number", Signer: "eu-importer",
			Msg: apptest.ConfirmAsCertified("bw-2005-1"), Want: types.ErrInvalidNumber},
		{Name: "a note with a control character", Signer: "eu-importer",
			Setup: shipped(n),
			Msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgConfirm{Number: n, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Note: "ok\x07"}
			}, Want: types.ErrInvalidField},
	})
}

// TestConfirmAtExpiry: expiry is inclusive. A certificate expiring exactly at
// a block's time is still open in that block and can be confirmed; one
// expiring a second earlier was expired by that block's block-time work, and
// a confirmation of goods received at the block time is too late
// (ErrCertificateExpired); TestLateConfirmation has goods received in time.
func TestConfirmAtExpiry(t *testing.T) {
	t.Run("expiry exactly at the block time", func(t *testing.T) {
		c := newChain(t, with(certificateGenesis(shortDeadlines)))
		c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(10))(c))
		c.Block()
		if c.NextBlockTime() != c.Certificate("BW-2005-1").ExpiresAt {
			t.Fatalf("the next block is not at the expiry")
		}
		c.DeliverOK("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c))
		statusIs(t, c, "BW-2005-1", received)
	})
	t.Run("a second past expiry", func(t *testing.T) {
		c := newChain(t, with(certificateGenesis(shortDeadlines)))
		c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(9))(c))
		c.Block()
		// The block expires the certificate before the confirmation runs, so
		// the state changes: the expiry, and nothing of the confirmation.
		res := c.Deliver(c.Tx("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c)))
		apptest.WantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrCertificateExpired)
		got := statusIs(t, c, "BW-2005-1", expired)
		if !slices.Equal(kinds(got), []string{"issued", "expired"}) || got.ReceivedCarats != 0 {
			t.Errorf("history %v, received %d", kinds(got), got.ReceivedCarats)
		}
	})
}

func TestReject(t *testing.T) {
	const n = "BW-2005-1"
	var cases []apptest.TxCase
	for r := types.RejectionReason(1); int(r) < len(types.RejectionReason_name); r++ {
		reason := r
		cases = append(cases, apptest.TxCase{
			Name:  "the European Community's customs detains the shipment: " + reason.Name(),
			Setup: shipped(n), Signer: "eu-customs", Msg: apptest.Reject(n, reason),
			Check: func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult) {
				got := statusIs(t, c, n, rejected)
				evs := eventsOf(got, types.EventKind_EVENT_KIND_REJECTED)
				if len(evs) != 1 || evs[0].RejectionReason != reason || evs[0].Note != "shipment detained" ||
					evs[0].Signer != c.Address("eu-customs") || evs[0].Height != c.Height {
					t.Errorf("rejected events %+v", evs)
				}
				if a := abciActions(res.Events); !slices.Equal(a, []string{n + " rejected"}) {
					t.Errorf("ABCI events %v", a)
				}
				if expiry, awaiting := indexed(t, c, got); expiry || awaiting {
					t.Errorf("still indexed: expiry %v awaiting %v", expiry, awaiting)
				}
				// Detained: not confirmed, rejected again, voided for
				// another cause than its return, nor handed on.
				c.Refused("eu-importer", apptest.ConfirmAsCertified(n)(c), types.ErrFinalState)
				c.Refused("eu-customs", apptest.Reject(n, types.RejectionReason_REJECTION_REASON_OTHER)(c), types.ErrFinalState)
				c.Refused("bw-issuer", apptest.Void(n, types.VoidReason_VOID_REASON_PRINTER_ERROR, "")(c), types.ErrVoidReasonForStatus)
				c.Refused("bw-exporter", apptest.Transfer(n, "bw-admin", "")(c), types.ErrFinalState)
			},
		})
	}
	cases = append(cases,
		// Only an authority detains (review A14, probe P8).
		apptest.TxCase{Name: "the Antwerp importer detains the shipment", Setup: shipped(n), Signer: "eu-importer",
			Msg: apptest.Reject(n, types.RejectionReason_REJECTION_REASON_MISMATCH), Want: envelope.ErrUnauthorized},
		apptest.TxCase{Name: "a rejection without a reason", Setup: shipped(n), Signer: "eu-customs",
			Msg: apptest.Reject(n, types.RejectionReason_REJECTION_REASON_UNSPECIFIED), Want: types.ErrInvalidReason},
		apptest.TxCase{Name: "a rejection for a reason the ledger does not know", Setup: shipped(n), Signer: "eu-customs",
			Msg: apptest.Reject(n, types.RejectionReason(99)), Want: types.ErrInvalidReason},
		apptest.TxCase{Name: "a rejection for a negative reason", Setup: shipped(n), Signer: "eu-customs",
			Msg: apptest.Reject(n, types.RejectionReason(-1)), Want: types.ErrInvalidReason},
		apptest.TxCase{Name: "a rejection of a certificate nobody issued", Signer: "eu-customs",
			Msg: apptest.Reject("BW-2005-9", types.RejectionReason_REJECTION_REASON_FORGED), Want: types.ErrUnknownCertificate},
		apptest.TxCase{Name: "South Africa's customs detains a shipment to the European Community", Setup: shipped(n), Signer: "za-customs",
			Msg: apptest.Reject(n, types.RejectionReason_REJECTION_REASON_FORGED), Want: types.ErrNotImportingSide},
		apptest.TxCase{Name: "a rejection of a received shipment", Signer: "eu-customs",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.Reject(n, types.RejectionReason_REJECTION_REASON_MISMATCH), Want: types.ErrFinalState},
	)
	apptest.RunTxCases(t, chainsWith(), cases)
}

// TestRejectExpired: a shipment arriving on an expired certificate is
// detained — rejected for the reason expired — within the late-confirmation
// grace (review A3.1, probe P4); after it the certificate is left expired.
func TestRejectExpired(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(5))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "EU", apptest.ValidFor(5))(c))
	c.Block()
	statusIs(t, c, "BW-2005-1", expired)
	c.DeliverOK("eu-customs", apptest.Reject("BW-2005-1", types.RejectionReason_REJECTION_REASON_EXPIRED)(c))
	got := statusIs(t, c, "BW-2005-1", rejected)
	if evs := eventsOf(got, types.EventKind_EVENT_KIND_REJECTED); len(evs) != 1 || evs[0].RejectionReason != types.RejectionReason_REJECTION_REASON_EXPIRED {
		t.Errorf("rejected events %+v", evs)
	}
	c.Skip(time.Duration(shortDeadlines.LateConfirmationGrace) * time.Second)
	c.Refused("eu-customs", apptest.Reject("BW-2005-2", types.RejectionReason_REJECTION_REASON_EXPIRED)(c), types.ErrCertificateExpired)
	statusIs(t, c, "BW-2005-2", expired)
}

// TestLateConfirmation: a shipment received on or before its certificate's
// expiry but keyed in after it is confirmed within the late-confirmation
// grace, with its date of receipt (review A3.2, B2, probe P4b); goods
// received after the expiry, or a confirmation after the grace, are refused.
func TestLateConfirmation(t *testing.T) {
	const n = "BW-2005-1"
	expiredSetup := func(t *testing.T, c *apptest.Chain) {
		c.DeliverOK("bw-issuer", apptest.Shipment(n, "BW", "EU", apptest.ValidFor(20))(c))
		c.Skip(25 * time.Second)
		c.Block()
		statusIs(t, c, n, expired)
	}
	expiry := func(c *apptest.Chain) int64 { return c.Certificate(n).ExpiresAt }
	apptest.RunTxCases(t, chainsWith(with(certificateGenesis(shortDeadlines))), []apptest.TxCase{
		{Name: "received at the expiry, confirmed 30 s later", Signer: "eu-customs", Setup: expiredSetup,
			Msg: receivedOn(n, expiry),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				got := statusIs(t, c, n, received)
				if got.ReceivedAt != got.ExpiresAt || got.ReceivedReference != "BE-ANT-2005-0771" || !slices.Equal(kinds(got), []string{"issued", "expired", "received"}) {
					t.Errorf("received at %d (expiry %d), reference %q, history %v", got.ReceivedAt, got.ExpiresAt, got.ReceivedReference, kinds(got))
				}
			}},
		{Name: "received a second after the expiry", Signer: "eu-customs", Setup: expiredSetup,
			Msg: receivedOn(n, func(c *apptest.Chain) int64 { return expiry(c) + 1 }), Want: types.ErrCertificateExpired},
		{Name: "received in time, confirmed after the grace", Signer: "eu-customs",
			Setup: apptest.Then(expiredSetup, func(_ *testing.T, c *apptest.Chain) { c.Skip(30 * time.Second) }),
			Msg:   receivedOn(n, expiry), Want: types.ErrCertificateExpired},
		{Name: "an expired certificate voided as surrendered cannot be confirmed late", Signer: "eu-customs",
			Setup: apptest.Then(expiredSetup, apptest.Given(apptest.By("bw-issuer", apptest.Void(n, types.VoidReason_VOID_REASON_SURRENDERED, "")))),
			Msg:   receivedOn(n, expiry), Want: types.ErrFinalState},
	})
}

// TestConfirmFromSuspendedIssuer: India issues to Botswana and is suspended
// before Botswana confirms. Without grandfathering the goods are refused
// entry (review A4, probe PL4); a suspension that grandfathered goods already
// certified lets them in; India cannot certify anything new.
func TestConfirmFromSuspendedIssuer(t *testing.T) {
	const n = "IN-2005-1"
	issuedThenSuspended := func(grandfather bool) apptest.Setup {
		return apptest.Then(apptest.Given(apptest.By("in-issuer", apptest.Shipment(n, "IN", "BW"))), plenaryDecides(suspension("IN", grandfather)))
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "India suspended after issue", Signer: "bw-customs", Setup: issuedThenSuspended(false),
			Msg: apptest.ConfirmAsCertified(n), Want: types.ErrIssuerNotActive},
		{Name: "India suspended, goods certified before grandfathered", Signer: "bw-customs", Setup: issuedThenSuspended(true),
			Msg: apptest.ConfirmAsCertified(n), Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, n, received) }},
		{Name: "grandfathered India issues after its suspension", Signer: "in-issuer", Setup: issuedThenSuspended(true),
			Msg: apptest.Shipment("IN-2005-2", "IN", "BW"), Want: types.ErrIssuerNotActive},
	})
}

// receivedOn is the European Community's customs confirming the standard
// shipment as certified, received at a time, under its reference.
func receivedOn(number string, at func(c *apptest.Chain) int64) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgConfirm{Number: number, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue,
			ReceivedAt: at(c), Reference: "BE-ANT-2005-0771", Note: "received at the Antwerp diamond office"}
	}
}

// unregisteredImporter names an importer the destination has not registered
// on the ledger by name and address.
func unregisteredImporter(_ *apptest.Chain, m *types.MsgIssue) {
	m.Importer, m.ImporterName, m.ImporterAddress = "", "Hoveniersstraat Rough BVBA", "Hoveniersstraat 22, 2018 Antwerpen"
}
