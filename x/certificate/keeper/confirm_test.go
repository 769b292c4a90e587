package keeper_test

import (
	"crypto/sha256"
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
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
			want := types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RECEIVED, Height: c.Height, Time: c.Time.Unix(),
				TxHash: hash[:], Signer: c.Address(tc.signer), Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: tc.value,
				Note: "counted at the diamond office"}
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
		{Name: "a hundredth of a carat short", Signer: "eu-customs",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, apptest.StdCarats-1, apptest.StdValue), Want: types.ErrQuantityMismatch},
		{Name: "a hundredth of a carat over", Signer: "eu-customs",
			Setup: shipped(n), Msg: apptest.Confirm(n, apptest.StdParcels, apptest.StdCarats+1, apptest.StdValue), Want: types.ErrQuantityMismatch},

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
// expiring a second earlier was expired by that block's block-time work, so
// the confirmation meets ErrFinalState.
//
// ErrCertificateExpired (block time > expiry on an open certificate) cannot
// be provoked by a transaction: the block-time work runs first in every block
// and expires every open certificate with expiry < block time, so by the time
// a confirmation executes the status is already expired. The rule is checked
// on the keeper directly in TestConfirmRulesNoTransactionReaches.
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
		apptest.WantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrFinalState)
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
				// A rejection is final.
				c.Refused("eu-importer", apptest.ConfirmAsCertified(n)(c), types.ErrFinalState)
				c.Refused("eu-customs", apptest.Reject(n, types.RejectionReason_REJECTION_REASON_OTHER)(c), types.ErrFinalState)
				c.Refused("bw-issuer", apptest.Void(n, types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, "")(c), types.ErrFinalState)
				c.Refused("bw-exporter", apptest.Transfer(n, "bw-admin", "")(c), types.ErrFinalState)
			},
		})
	}
	cases = append(cases,
		apptest.TxCase{Name: "the Antwerp importer detains the shipment", Setup: shipped(n), Signer: "eu-importer",
			Msg: apptest.Reject(n, types.RejectionReason_REJECTION_REASON_MISMATCH),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				statusIs(t, c, n, rejected)
			}},
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

// TestRejectExpired: an expired certificate can no longer be rejected.
func TestRejectExpired(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(5))(c))
	c.Block()
	c.Block()
	statusIs(t, c, "BW-2005-1", expired)
	c.Refused("eu-customs", apptest.Reject("BW-2005-1", types.RejectionReason_REJECTION_REASON_EXPIRED)(c), types.ErrFinalState)
	c.Refused("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c), types.ErrFinalState)
}
