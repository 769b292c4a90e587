package keeper_test

import (
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestRelease: the importing authority releases a detained shipment after
// remedy (review A3.3, B6): the rejected certificate becomes received, with
// what arrived, when and the authority's reference; what lets goods in is
// checked as at a confirmation.
func TestRelease(t *testing.T) {
	const n = "BW-2005-1"
	detained := apptest.Given(apptest.By("bw-issuer", apptest.Shipment(n, "BW", "ZA")),
		apptest.By("za-customs", apptest.Reject(n, types.RejectionReason_REJECTION_REASON_SEAL_BROKEN)))
	release := func(carats int64) apptest.Message {
		return apptest.Fixed(&types.MsgRelease{Number: n, Parcels: apptest.StdParcels, Carats: carats, ValueUsd: apptest.StdValue,
			Reference: "ZA-JHB-2005-17", Note: "contents proved by the exporter"})
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "South Africa's customs release the goods", Setup: detained, Signer: "za-customs", Msg: release(apptest.StdCarats),
			Check: func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult) {
				got := statusIs(t, c, n, received)
				if got.ReceivedAt != c.Time.Unix() || got.ReceivedReference != "ZA-JHB-2005-17" || got.ReceivedCarats != apptest.StdCarats {
					t.Errorf("received %d ct at %d, reference %q", got.ReceivedCarats, got.ReceivedAt, got.ReceivedReference)
				}
				evs := eventsOf(got, types.EventKind_EVENT_KIND_RELEASED_AFTER_REMEDY)
				if len(evs) != 1 || evs[0].SignerRole != envelope.Role_ROLE_IMPORTER_AUTHORITY || evs[0].Reference != "ZA-JHB-2005-17" {
					t.Errorf("release events %+v", evs)
				}
				if a := abciActions(res.Events); !slices.Equal(a, []string{n + " released-after-remedy"}) {
					t.Errorf("ABCI events %v", a)
				}
				c.Refused("za-customs", release(apptest.StdCarats)(c), types.ErrNotDetained)
			}},
		{Name: "released re-weighed within the tolerance", Setup: detained, Signer: "za-customs", Msg: release(apptest.StdCarats - 100),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if got := statusIs(t, c, n, received); !got.Discrepancy {
					t.Error("not received with discrepancy")
				}
			}},

		{Name: "a shipment never detained", Setup: shipped(n), Signer: "eu-customs", Msg: release(apptest.StdCarats), Want: types.ErrNotDetained},
		{Name: "a certificate nobody issued", Signer: "za-customs", Msg: release(apptest.StdCarats), Want: types.ErrUnknownCertificate},
		{Name: "another participant's customs", Setup: detained, Signer: "eu-customs", Msg: release(apptest.StdCarats), Want: types.ErrNotImportingSide},
		{Name: "the importing company", Setup: detained, Signer: "za-importer", Msg: release(apptest.StdCarats), Want: envelope.ErrUnauthorized},
		{Name: "beyond the re-weighing tolerance", Setup: detained, Signer: "za-customs", Msg: release(apptest.StdCarats - 153), Want: types.ErrQuantityMismatch},
		{Name: "received before it was certified", Setup: detained, Signer: "za-customs",
			Msg: func(c *apptest.Chain) envelope.Message {
				return &types.MsgRelease{Number: n, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue,
					ReceivedAt: c.Certificate(n).IssuedAt - 1}
			}, Want: types.ErrReceiptDate},
		{Name: "a release of no value", Setup: detained, Signer: "za-customs",
			Msg: apptest.Fixed(&types.MsgRelease{Number: n, Parcels: apptest.StdParcels, Carats: apptest.StdCarats}), Want: types.ErrNotPositive},
		{Name: "India suspended meanwhile, nothing grandfathered", Signer: "za-customs",
			Setup: apptest.Then(apptest.Given(apptest.By("in-issuer", apptest.Shipment("IN-2005-1", "IN", "ZA")),
				apptest.By("za-customs", apptest.Reject("IN-2005-1", types.RejectionReason_REJECTION_REASON_FORGED))),
				plenaryDecides(suspension("IN", false))),
			Msg:  apptest.Fixed(&types.MsgRelease{Number: "IN-2005-1", Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue}),
			Want: types.ErrIssuerNotActive},
	})
}

// TestReseal: an authority on the route records an inspection and its new
// seal (review A15, probe P10); later transfers quote the new seal.
func TestReseal(t *testing.T) {
	const n = "BW-2005-1"
	sealed := apptest.Given(apptest.By("bw-issuer", apptest.Shipment(n, "BW", "EU", apptest.Seal("BW-SEAL-1"), apptest.Transit("ZA"))))
	reseal := func(seal string) apptest.Message {
		return apptest.Fixed(&types.MsgReseal{Number: n, Seal: seal, Note: "inspected"})
	}
	resealedBy := func(participant string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
			got := statusIs(t, c, n, issued)
			evs := eventsOf(got, types.EventKind_EVENT_KIND_RESEALED)
			if got.Seal != "BW-SEAL-1" || got.CurrentSeal != "S-2" || len(evs) != 1 || evs[0].Participant != participant || evs[0].Seal != "S-2" {
				t.Errorf("seal %q now %q, events %+v", got.Seal, got.CurrentSeal, evs)
			}
			c.Refused("bw-exporter", apptest.Transfer(n, "za-customs", "BW-SEAL-1")(c), types.ErrSealMismatch)
			c.DeliverOK("bw-exporter", apptest.Transfer(n, "za-customs", "S-2")(c))
		}
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "Botswana's export customs (an issuer officer)", Setup: sealed, Signer: "bw-issuer", Msg: reseal("S-2"), Check: resealedBy("BW")},
		{Name: "South Africa's transit customs", Setup: sealed, Signer: "za-customs", Msg: reseal("S-2"), Check: resealedBy("ZA")},
		{Name: "the destination's customs", Setup: sealed, Signer: "eu-customs", Msg: reseal("S-2"), Check: resealedBy("EU")},

		{Name: "Russia's customs, off the route", Setup: sealed, Signer: "ru-customs", Msg: reseal("S-2"), Want: types.ErrNotOnRoute},
		{Name: "the exporter", Setup: sealed, Signer: "bw-exporter", Msg: reseal("S-2"), Want: envelope.ErrUnauthorized},
		{Name: "the seal it already bears", Setup: sealed, Signer: "bw-issuer", Msg: reseal("BW-SEAL-1"), Want: types.ErrSealMismatch},
		{Name: "no seal", Setup: sealed, Signer: "bw-issuer", Msg: reseal(""), Want: types.ErrInvalidField},
		{Name: "a received shipment", Setup: apptest.Then(sealed, apptest.Given(apptest.By("eu-customs", apptest.ConfirmAsCertified(n)))),
			Signer: "eu-customs", Msg: reseal("S-2"), Want: types.ErrFinalState},
	})
}
