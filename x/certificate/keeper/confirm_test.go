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
func shipped(number string) func(*testing.T, *apptest.Chain) {
	return given(by("bw-issuer", issue(number, "BW", "EU")))
}

// TestConfirm: the named importer or the destination's importing authority
// confirms receipt; the certificate is received with the figures quoted, leaves
// the time indexes, and is never flagged overdue nor expired afterwards.
func TestConfirm(t *testing.T) {
	for _, tc := range []struct {
		name, signer string
		value        int64
	}{
		{"the Antwerp importer confirms what Botswana certified", "eu-importer", stdValue},
		{"the European Community's customs confirms what Botswana certified", "eu-customs", stdValue},
		{"the Antwerp importer confirms at a lower value (monitoring compares it)", "eu-importer", stdValue - 250000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, with(certificateGenesis(shortDeadlines)))
			deliverOK(t, c, "bw-issuer", issue("BW-2005-1", "BW", "EU", validFor(100)))
			issuedAt := c.Time.Unix()
			tx := c.Tx(tc.signer, confirm("BW-2005-1", stdParcels, stdCarats, tc.value)(c))
			res := c.Deliver(tx)
			if res.Code != 0 {
				t.Fatalf("refused: code %d (%s)", res.Code, res.Log)
			}
			got := statusIs(t, c, "BW-2005-1", received)
			if got.ReceivedParcels != stdParcels || got.ReceivedCarats != stdCarats || got.ReceivedValueUsd != tc.value {
				t.Errorf("received %d parcels, %d ct/100, %d cents; want %d, %d, %d",
					got.ReceivedParcels, got.ReceivedCarats, got.ReceivedValueUsd, stdParcels, stdCarats, tc.value)
			}
			if got.ValueUsd != stdValue {
				t.Errorf("certified value became %d", got.ValueUsd)
			}
			hash := sha256.Sum256(tx)
			want := types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_RECEIVED, Height: c.Height, Time: c.Time.Unix(),
				TxHash: hash[:], Signer: c.Address(tc.signer), Parcels: stdParcels, Carats: stdCarats, ValueUsd: tc.value,
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
	runTxCases(t, []txCase{
		{name: "a confirmation of a certificate nobody issued", signer: "eu-importer",
			msg: confirmStd("BW-2005-9"), want: types.ErrUnknownCertificate},

		{name: "the importer confirms twice", signer: "eu-importer",
			setup: then(shipped(n), given(by("eu-importer", confirmStd(n)))),
			msg:   confirmStd(n), want: types.ErrFinalState},
		{name: "customs confirms what the importer confirmed", signer: "eu-customs",
			setup: then(shipped(n), given(by("eu-importer", confirmStd(n)))),
			msg:   confirmStd(n), want: types.ErrFinalState},
		{name: "the importer confirms a shipment customs rejected", signer: "eu-importer",
			setup: then(shipped(n), given(by("eu-customs", reject(n, types.RejectionReason_REJECTION_REASON_SEAL_BROKEN)))),
			msg:   confirmStd(n), want: types.ErrFinalState},
		{name: "the importer confirms a void certificate", signer: "eu-importer",
			setup: then(shipped(n), given(by("bw-issuer", void(n, types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, "")))),
			msg:   confirmStd(n), want: types.ErrFinalState},

		{name: "South Africa's customs confirms a shipment to the European Community", signer: "za-customs",
			setup: shipped(n), msg: confirmStd(n), want: types.ErrNotImportingSide},
		{name: "South Africa's importer confirms a shipment to the European Community", signer: "za-importer",
			setup: shipped(n), msg: confirmStd(n), want: types.ErrNotImportingSide},
		{name: "another Antwerp importer, not named on the certificate, confirms", signer: "eu-importer-2",
			setup: then(given(by("eu-admin", addOperator("eu-importer-2", envelope.Role_ROLE_IMPORTER, "Antwerp Rough Trading"))), shipped(n)),
			msg:   confirmStd(n), want: types.ErrNotImportingSide},

		{name: "one parcel more than certified", signer: "eu-importer",
			setup: shipped(n), msg: confirm(n, stdParcels+1, stdCarats, stdValue), want: types.ErrQuantityMismatch},
		{name: "one parcel fewer than certified", signer: "eu-importer",
			setup: shipped(n), msg: confirm(n, stdParcels-1, stdCarats, stdValue), want: types.ErrQuantityMismatch},
		{name: "a hundredth of a carat short", signer: "eu-customs",
			setup: shipped(n), msg: confirm(n, stdParcels, stdCarats-1, stdValue), want: types.ErrQuantityMismatch},
		{name: "a hundredth of a carat over", signer: "eu-customs",
			setup: shipped(n), msg: confirm(n, stdParcels, stdCarats+1, stdValue), want: types.ErrQuantityMismatch},

		{name: "a confirmation of no carats", signer: "eu-importer",
			setup: shipped(n), msg: confirm(n, stdParcels, 0, stdValue), want: types.ErrNotPositive},
		{name: "a confirmation of no value", signer: "eu-importer",
			setup: shipped(n), msg: confirm(n, stdParcels, stdCarats, 0), want: types.ErrNotPositive},
		{name: "a confirmation of no parcels", signer: "eu-importer",
			setup: shipped(n), msg: confirm(n, 0, stdCarats, stdValue), want: types.ErrNotPositive},
		{name: "a confirmation of a malformed number", signer: "eu-importer",
			msg: confirmStd("bw-2005-1"), want: types.ErrInvalidNumber},
		{name: "a note with a control character", signer: "eu-importer",
			setup: shipped(n),
			msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgConfirm{Number: n, Parcels: stdParcels, Carats: stdCarats, ValueUsd: stdValue, Note: "ok\x07"}
			}, want: types.ErrInvalidField},
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
		deliverOK(t, c, "bw-issuer", issue("BW-2005-1", "BW", "EU", validFor(10)))
		c.Block()
		if nextBlockTime(c) != certificate(t, c, "BW-2005-1").ExpiresAt {
			t.Fatalf("the next block is not at the expiry")
		}
		deliverOK(t, c, "eu-importer", confirmStd("BW-2005-1"))
		statusIs(t, c, "BW-2005-1", received)
	})
	t.Run("a second past expiry", func(t *testing.T) {
		c := newChain(t, with(certificateGenesis(shortDeadlines)))
		deliverOK(t, c, "bw-issuer", issue("BW-2005-1", "BW", "EU", validFor(9)))
		c.Block()
		// The block expires the certificate before the confirmation runs, so
		// the state changes: the expiry, and nothing of the confirmation.
		res := c.Deliver(c.Tx("eu-importer", confirmStd("BW-2005-1")(c)))
		wantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrFinalState)
		got := statusIs(t, c, "BW-2005-1", expired)
		if !slices.Equal(kinds(got), []string{"issued", "expired"}) || got.ReceivedCarats != 0 {
			t.Errorf("history %v, received %d", kinds(got), got.ReceivedCarats)
		}
	})
}

func TestReject(t *testing.T) {
	const n = "BW-2005-1"
	var cases []txCase
	for r := types.RejectionReason(1); int(r) < len(types.RejectionReason_name); r++ {
		reason := r
		cases = append(cases, txCase{
			name:  "the European Community's customs detains the shipment: " + reason.Name(),
			setup: shipped(n), signer: "eu-customs", msg: reject(n, reason),
			check: func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult) {
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
				refused(t, c, "eu-importer", confirmStd(n)(c), types.ErrFinalState)
				refused(t, c, "eu-customs", reject(n, types.RejectionReason_REJECTION_REASON_OTHER)(c), types.ErrFinalState)
				refused(t, c, "bw-issuer", void(n, types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, "")(c), types.ErrFinalState)
				refused(t, c, "bw-exporter", transfer(n, "bw-admin", "")(c), types.ErrFinalState)
			},
		})
	}
	cases = append(cases,
		txCase{name: "the Antwerp importer detains the shipment", setup: shipped(n), signer: "eu-importer",
			msg: reject(n, types.RejectionReason_REJECTION_REASON_MISMATCH),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				statusIs(t, c, n, rejected)
			}},
		txCase{name: "a rejection without a reason", setup: shipped(n), signer: "eu-customs",
			msg: reject(n, types.RejectionReason_REJECTION_REASON_UNSPECIFIED), want: types.ErrInvalidReason},
		txCase{name: "a rejection for a reason the ledger does not know", setup: shipped(n), signer: "eu-customs",
			msg: reject(n, types.RejectionReason(99)), want: types.ErrInvalidReason},
		txCase{name: "a rejection for a negative reason", setup: shipped(n), signer: "eu-customs",
			msg: reject(n, types.RejectionReason(-1)), want: types.ErrInvalidReason},
		txCase{name: "a rejection of a certificate nobody issued", signer: "eu-customs",
			msg: reject("BW-2005-9", types.RejectionReason_REJECTION_REASON_FORGED), want: types.ErrUnknownCertificate},
		txCase{name: "South Africa's customs detains a shipment to the European Community", setup: shipped(n), signer: "za-customs",
			msg: reject(n, types.RejectionReason_REJECTION_REASON_FORGED), want: types.ErrNotImportingSide},
		txCase{name: "a rejection of a received shipment", signer: "eu-customs",
			setup: then(shipped(n), given(by("eu-importer", confirmStd(n)))),
			msg:   reject(n, types.RejectionReason_REJECTION_REASON_MISMATCH), want: types.ErrFinalState},
	)
	runTxCases(t, cases)
}

// TestRejectExpired: an expired certificate can no longer be rejected.
func TestRejectExpired(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	deliverOK(t, c, "bw-issuer", issue("BW-2005-1", "BW", "EU", validFor(5)))
	c.Block()
	c.Block()
	statusIs(t, c, "BW-2005-1", expired)
	refused(t, c, "eu-customs", reject("BW-2005-1", types.RejectionReason_REJECTION_REASON_EXPIRED)(c), types.ErrFinalState)
	refused(t, c, "eu-importer", confirmStd("BW-2005-1")(c), types.ErrFinalState)
}
