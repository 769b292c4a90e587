package keeper_test

import (
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

const (
	printerError = types.VoidReason_VOID_REASON_PRINTER_ERROR
	replaced     = types.VoidReason_VOID_REASON_REPLACED
	reissued     = types.VoidReason_VOID_REASON_REISSUED
	returned     = types.VoidReason_VOID_REASON_SHIPMENT_RETURNED
	surrendered  = types.VoidReason_VOID_REASON_SURRENDERED
)

func TestVoid(t *testing.T) {
	const n, r = "BW-2005-1", "BW-2005-2"
	voidedBy := func(reason types.VoidReason, replacement string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult) {
			got := statusIs(t, c, n, voided)
			if got.ReplacedBy != replacement {
				t.Errorf("replaced by %q, want %q", got.ReplacedBy, replacement)
			}
			evs := eventsOf(got, types.EventKind_EVENT_KIND_VOIDED)
			if len(evs) != 1 || evs[0].VoidReason != reason || evs[0].Related != replacement ||
				evs[0].Signer != c.Address("bw-issuer") || evs[0].Height != c.Height || len(evs[0].TxHash) != 32 {
				t.Errorf("voided events %+v", evs)
			}
			want := []string{n + " voided"}
			if replacement != "" {
				want = []string{replacement + " replaces", n + " voided"}
			}
			if a := abciActions(res.Events); !slices.Equal(a, want) {
				t.Errorf("ABCI events %v", a)
			}
			if expiry, awaiting := indexed(t, c, got); expiry || awaiting {
				t.Errorf("still indexed: expiry %v awaiting %v", expiry, awaiting)
			}
			if replacement != "" {
				rc := statusIs(t, c, replacement, issued)
				evs := eventsOf(rc, types.EventKind_EVENT_KIND_REPLACES)
				if rc.Replaces != n || len(evs) != 1 || evs[0].Related != n || evs[0].Height != c.Height {
					t.Errorf("replacement replaces %q, events %+v", rc.Replaces, evs)
				}
			}
			// The number stays used, and the void is final.
			c.Refused("bw-issuer", apptest.Shipment(n, "BW", "EU")(c), types.ErrNumberUsed)
			c.Refused("bw-issuer", apptest.Void(n, printerError, "")(c), types.ErrFinalState)
			c.Refused("eu-importer", apptest.ConfirmAsCertified(n)(c), types.ErrFinalState)
		}
	}
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "Botswana voids a misprinted certificate", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, printerError, ""), Check: voidedBy(printerError, "")},
		{Name: "Botswana voids a certificate lost in transit", Setup: shipped(n), Signer: "bw-issuer",
			Msg:   apptest.Void(n, types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, ""),
			Check: voidedBy(types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, "")},
		{Name: "Botswana replaces a certificate with a corrected one", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), shipped(r)),
			Msg:   apptest.Void(n, replaced, r), Check: voidedBy(replaced, r)},
		{Name: "Botswana voids for a transposition error and names the corrected certificate", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), shipped(r)),
			Msg:   apptest.Void(n, types.VoidReason_VOID_REASON_TRANSPOSITION_ERROR, r),
			Check: voidedBy(types.VoidReason_VOID_REASON_TRANSPOSITION_ERROR, r)},
		{Name: "Botswana reissues a certificate to another destination", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Shipment(r, "BW", "ZA")))),
			Msg:   apptest.Void(n, reissued, r), Check: voidedBy(reissued, r)},
		{Name: "Botswana's replacement of a shipment, re-weighed, to the same parties", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Shipment(r, "BW", "EU", apptest.Carats(152300))))),
			Msg:   apptest.Void(n, replaced, r), Check: voidedBy(replaced, r)},
		{Name: "a shipment returned while the Antwerp importer held it", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-exporter", apptest.Transfer(n, "eu-importer", "")))),
			Msg:   apptest.Void(n, types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, ""), Check: voidedBy(types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, "")},

		// A replacement is for the same shipment (review A16, probe P11).
		{Name: "a replacement to another destination, as replaced", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Shipment(r, "BW", "ZA")))),
			Msg:   apptest.Void(n, replaced, r), Want: types.ErrInvalidReplacement},
		{Name: "a replacement to another importer, as a printer error", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Shipment(r, "BW", "EU", unregisteredImporter)))),
			Msg:   apptest.Void(n, printerError, r), Want: types.ErrInvalidReplacement},
		{Name: "reason reissued without naming the replacement", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, reissued, ""), Want: types.ErrInvalidReplacement},
		// Custody on the destination's side (review A16, probe P11b).
		{Name: "a void for a printer error once the Antwerp importer holds the goods", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-exporter", apptest.Transfer(n, "eu-importer", "")))),
			Msg:   apptest.Void(n, printerError, ""), Want: types.ErrCustodyAtDestination},
		{Name: "a void as cancelled once the destination's customs hold the goods", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-exporter", apptest.Transfer(n, "eu-customs", "")))),
			Msg:   apptest.Void(n, types.VoidReason_VOID_REASON_SHIPMENT_CANCELLED, ""), Want: types.ErrCustodyAtDestination},

		{Name: "reason replaced without naming the replacement", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, replaced, ""), Want: types.ErrInvalidReplacement},
		{Name: "a replacement not issued yet", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, replaced, r), Want: types.ErrInvalidReplacement},
		{Name: "a South African certificate as Botswana's replacement", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "EU")))),
			Msg:   apptest.Void(n, replaced, "ZA-2005-1"), Want: types.ErrInvalidReplacement},
		{Name: "a void certificate as the replacement", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), shipped(r), apptest.Given(apptest.By("bw-issuer", apptest.Void(r, printerError, "")))),
			Msg:   apptest.Void(n, replaced, r), Want: types.ErrInvalidReplacement},
		{Name: "a replacement that already replaces another certificate", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), shipped("BW-2005-0"), shipped(r), apptest.Given(apptest.By("bw-issuer", apptest.Void("BW-2005-0", replaced, r)))),
			Msg:   apptest.Void(n, replaced, r), Want: types.ErrInvalidReplacement},
		{Name: "a certificate replacing itself", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, replaced, n), Want: types.ErrInvalidReplacement},
		{Name: "a malformed replacement number", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, replaced, "bw-2005-2"), Want: types.ErrInvalidReplacement},

		{Name: "South Africa's issuer voids a Botswana certificate", Setup: shipped(n), Signer: "za-issuer",
			Msg: apptest.Void(n, printerError, ""), Want: types.ErrNotIssuingAuthority},
		{Name: "the European Community's issuer voids a certificate it was to receive", Setup: shipped(n), Signer: "eu-issuer",
			Msg: apptest.Void(n, printerError, ""), Want: types.ErrNotIssuingAuthority},

		{Name: "Botswana voids a certificate the European Community received", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("eu-importer", apptest.ConfirmAsCertified(n)))),
			Msg:   apptest.Void(n, types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, ""), Want: types.ErrFinalState},
		{Name: "Botswana voids a certificate twice", Signer: "bw-issuer",
			Setup: apptest.Then(shipped(n), apptest.Given(apptest.By("bw-issuer", apptest.Void(n, printerError, "")))),
			Msg:   apptest.Void(n, printerError, ""), Want: types.ErrFinalState},
		{Name: "Botswana voids a certificate nobody issued", Signer: "bw-issuer",
			Msg: apptest.Void(n, printerError, ""), Want: types.ErrUnknownCertificate},

		{Name: "a void without a reason", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, types.VoidReason_VOID_REASON_UNSPECIFIED, ""), Want: types.ErrInvalidReason},
		{Name: "a void for a reason the ledger does not know", Setup: shipped(n), Signer: "bw-issuer",
			Msg: apptest.Void(n, types.VoidReason(9), ""), Want: types.ErrInvalidReason},
		{Name: "a void note one byte too long", Setup: shipped(n), Signer: "bw-issuer",
			Msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgVoid{Number: n, Reason: printerError, Note: strings.Repeat("n", types.MaxNoteLength+1)}
			}, Want: types.ErrInvalidField},
	})
}

// TestVoidAfterTheShipment: a rejected certificate is voided as
// shipment-returned when the goods come back (and only so), an expired one as
// surrendered (and only so) — review A3.3, C6, probe P5.
func TestVoidAfterTheShipment(t *testing.T) {
	const n = "BW-2005-1"
	rejectedSetup := apptest.Given(apptest.By("bw-issuer", apptest.Shipment(n, "BW", "EU", apptest.ValidFor(100))),
		apptest.By("eu-customs", apptest.Reject(n, types.RejectionReason_REJECTION_REASON_SEAL_BROKEN)))
	expiredSetup := func(t *testing.T, c *apptest.Chain) {
		c.DeliverOK("bw-issuer", apptest.Shipment(n, "BW", "EU", apptest.ValidFor(1))(c))
		c.Block()
		statusIs(t, c, n, expired)
	}
	voidedAs := func(reason types.VoidReason) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
			got := statusIs(t, c, n, voided)
			if evs := eventsOf(got, types.EventKind_EVENT_KIND_VOIDED); len(evs) != 1 || evs[0].VoidReason != reason {
				t.Errorf("voided events %+v", evs)
			}
			c.Refused("bw-issuer", apptest.Void(n, reason, "")(c), types.ErrFinalState)
		}
	}
	apptest.RunTxCases(t, chainsWith(with(certificateGenesis(shortDeadlines))), []apptest.TxCase{
		{Name: "the detained shipment came back", Setup: rejectedSetup, Signer: "bw-issuer", Msg: apptest.Void(n, returned, ""), Check: voidedAs(returned)},
		{Name: "a rejected certificate voided as cancelled", Setup: rejectedSetup, Signer: "bw-issuer",
			Msg: apptest.Void(n, types.VoidReason_VOID_REASON_SHIPMENT_CANCELLED, ""), Want: types.ErrVoidReasonForStatus},
		{Name: "the unused expired certificate surrendered", Setup: expiredSetup, Signer: "bw-issuer", Msg: apptest.Void(n, surrendered, ""), Check: voidedAs(surrendered)},
		{Name: "an expired certificate voided as a printer error", Setup: expiredSetup, Signer: "bw-issuer",
			Msg: apptest.Void(n, printerError, ""), Want: types.ErrVoidReasonForStatus},
		{Name: "an expired certificate voided by another participant", Setup: expiredSetup, Signer: "za-issuer",
			Msg: apptest.Void(n, surrendered, ""), Want: types.ErrNotIssuingAuthority},
	})
}

// TestVoidedChainOfReplacements: a replacement can itself be voided and
// replaced; each link is kept.
func TestVoidedChainOfReplacements(t *testing.T) {
	c := newChain(t)
	apptest.Given(
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU")),
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "EU")),
		apptest.By("bw-issuer", apptest.Void("BW-2005-1", replaced, "BW-2005-2")),
		apptest.By("bw-issuer", apptest.Shipment("BW-2005-3", "BW", "EU")),
		apptest.By("bw-issuer", apptest.Void("BW-2005-2", replaced, "BW-2005-3")),
	)(t, c)
	one, two, three := c.Certificate("BW-2005-1"), c.Certificate("BW-2005-2"), c.Certificate("BW-2005-3")
	if one.ReplacedBy != "BW-2005-2" || two.Replaces != "BW-2005-1" || two.ReplacedBy != "BW-2005-3" || three.Replaces != "BW-2005-2" {
		t.Errorf("links: 1→%q, 2←%q 2→%q, 3←%q", one.ReplacedBy, two.Replaces, two.ReplacedBy, three.Replaces)
	}
	if two.Status != voided || three.Status != issued {
		t.Errorf("statuses %s, %s", two.Status.Name(), three.Status.Name())
	}
	if got := kinds(two); !slices.Equal(got, []string{"issued", "replaces", "voided"}) {
		t.Errorf("history of the middle certificate: %v", got)
	}
}
