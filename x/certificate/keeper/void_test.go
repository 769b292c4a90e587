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
			refused(t, c, "bw-issuer", issue(n, "BW", "EU")(c), types.ErrNumberUsed)
			refused(t, c, "bw-issuer", void(n, printerError, "")(c), types.ErrFinalState)
			refused(t, c, "eu-importer", confirmStd(n)(c), types.ErrFinalState)
		}
	}
	runTxCases(t, []txCase{
		{name: "Botswana voids a misprinted certificate", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, printerError, ""), check: voidedBy(printerError, "")},
		{name: "Botswana voids a certificate lost in transit", setup: shipped(n), signer: "bw-issuer",
			msg:   void(n, types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, ""),
			check: voidedBy(types.VoidReason_VOID_REASON_LOST_IN_TRANSIT, "")},
		{name: "Botswana replaces a certificate with a corrected one", signer: "bw-issuer",
			setup: then(shipped(n), shipped(r)),
			msg:   void(n, replaced, r), check: voidedBy(replaced, r)},
		{name: "Botswana voids for a transposition error and names the corrected certificate", signer: "bw-issuer",
			setup: then(shipped(n), shipped(r)),
			msg:   void(n, types.VoidReason_VOID_REASON_TRANSPOSITION_ERROR, r),
			check: voidedBy(types.VoidReason_VOID_REASON_TRANSPOSITION_ERROR, r)},
		{name: "Botswana replaces a certificate with one to another destination", signer: "bw-issuer",
			setup: then(shipped(n), given(by("bw-issuer", issue(r, "BW", "ZA")))),
			msg:   void(n, replaced, r), check: voidedBy(replaced, r)},

		{name: "reason replaced without naming the replacement", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, replaced, ""), want: types.ErrInvalidReplacement},
		{name: "a replacement not issued yet", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, replaced, r), want: types.ErrInvalidReplacement},
		{name: "a South African certificate as Botswana's replacement", signer: "bw-issuer",
			setup: then(shipped(n), given(by("za-issuer", issue("ZA-2005-1", "ZA", "EU")))),
			msg:   void(n, replaced, "ZA-2005-1"), want: types.ErrInvalidReplacement},
		{name: "a void certificate as the replacement", signer: "bw-issuer",
			setup: then(shipped(n), shipped(r), given(by("bw-issuer", void(r, printerError, "")))),
			msg:   void(n, replaced, r), want: types.ErrInvalidReplacement},
		{name: "a replacement that already replaces another certificate", signer: "bw-issuer",
			setup: then(shipped(n), shipped("BW-2005-0"), shipped(r), given(by("bw-issuer", void("BW-2005-0", replaced, r)))),
			msg:   void(n, replaced, r), want: types.ErrInvalidReplacement},
		{name: "a certificate replacing itself", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, replaced, n), want: types.ErrInvalidReplacement},
		{name: "a malformed replacement number", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, replaced, "bw-2005-2"), want: types.ErrInvalidReplacement},

		{name: "South Africa's issuer voids a Botswana certificate", setup: shipped(n), signer: "za-issuer",
			msg: void(n, printerError, ""), want: types.ErrNotIssuingAuthority},
		{name: "the European Community's issuer voids a certificate it was to receive", setup: shipped(n), signer: "eu-issuer",
			msg: void(n, printerError, ""), want: types.ErrNotIssuingAuthority},

		{name: "Botswana voids a certificate the European Community received", signer: "bw-issuer",
			setup: then(shipped(n), given(by("eu-importer", confirmStd(n)))),
			msg:   void(n, types.VoidReason_VOID_REASON_SHIPMENT_RETURNED, ""), want: types.ErrFinalState},
		{name: "Botswana voids a certificate twice", signer: "bw-issuer",
			setup: then(shipped(n), given(by("bw-issuer", void(n, printerError, "")))),
			msg:   void(n, printerError, ""), want: types.ErrFinalState},
		{name: "Botswana voids a certificate nobody issued", signer: "bw-issuer",
			msg: void(n, printerError, ""), want: types.ErrUnknownCertificate},

		{name: "a void without a reason", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, types.VoidReason_VOID_REASON_UNSPECIFIED, ""), want: types.ErrInvalidReason},
		{name: "a void for a reason the ledger does not know", setup: shipped(n), signer: "bw-issuer",
			msg: void(n, types.VoidReason(8), ""), want: types.ErrInvalidReason},
		{name: "a void note one byte too long", setup: shipped(n), signer: "bw-issuer",
			msg: func(*apptest.Chain) envelope.Message {
				return &types.MsgVoid{Number: n, Reason: printerError, Note: strings.Repeat("n", types.MaxNoteLength+1)}
			}, want: types.ErrInvalidField},
	})
}

// TestVoidExpired: an expired certificate can no longer be voided.
func TestVoidExpired(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	deliverOK(t, c, "bw-issuer", issue("BW-2005-1", "BW", "EU", validFor(1)))
	c.Block()
	statusIs(t, c, "BW-2005-1", expired)
	refused(t, c, "bw-issuer", void("BW-2005-1", printerError, "")(c), types.ErrFinalState)
}

// TestVoidedChainOfReplacements: a replacement can itself be voided and
// replaced; each link is kept.
func TestVoidedChainOfReplacements(t *testing.T) {
	c := newChain(t)
	given(
		by("bw-issuer", issue("BW-2005-1", "BW", "EU")),
		by("bw-issuer", issue("BW-2005-2", "BW", "EU")),
		by("bw-issuer", void("BW-2005-1", replaced, "BW-2005-2")),
		by("bw-issuer", issue("BW-2005-3", "BW", "EU")),
		by("bw-issuer", void("BW-2005-2", replaced, "BW-2005-3")),
	)(t, c)
	one, two, three := certificate(t, c, "BW-2005-1"), certificate(t, c, "BW-2005-2"), certificate(t, c, "BW-2005-3")
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
