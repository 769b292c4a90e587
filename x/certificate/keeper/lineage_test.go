package keeper_test

import (
	"fmt"
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// receivedBy is the setup of a certificate from issuer to destination that
// the destination's importer confirmed as certified.
func receivedBy(number, issuer, destination string, changes ...func(*apptest.Chain, *types.MsgIssue)) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		deliverOK(t, c, apptest.KeyName(issuer, "issuer"), issue(number, issuer, destination, changes...))
		got := certificate(t, c, number)
		deliverOK(t, c, apptest.KeyName(destination, "importer"), confirm(number, got.Parcels, got.Carats, got.ValueUsd))
	}
}

// TestReExport: Botswana receives South African goods and re-exports part of
// them to the European Community; the South African certificate records the
// draw, and a second re-export may take exactly what is left.
func TestReExport(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW", origin("ZA"))(t, c)

	deliverOK(t, c, "bw-issuer", issue("BW-2005-R1", "BW", "EU", origin("ZA"), carats(50000), parents(draw("ZA-2005-1", 50000))))
	parent := certificate(t, c, "ZA-2005-1")
	if parent.DrawnCarats != 50000 || !slices.Equal(parent.Children, []types.Draw{draw("BW-2005-R1", 50000)}) {
		t.Errorf("parent drawn %d, children %v", parent.DrawnCarats, parent.Children)
	}
	drawn := eventsOf(parent, types.EventKind_EVENT_KIND_DRAWN)
	want := types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_DRAWN, Height: c.Height, Time: c.Time.Unix(),
		Signer: c.Address("bw-issuer"), Related: "BW-2005-R1", Carats: 50000}
	if len(drawn) != 1 || drawn[0].TxHash == nil {
		t.Fatalf("drawn events %+v", drawn)
	}
	want.TxHash = drawn[0].TxHash
	if !proto.Equal(&drawn[0], &want) {
		t.Errorf("drawn event %+v, want %+v", drawn[0], want)
	}
	if parent.Status != received {
		t.Errorf("the parent became %s", parent.Status.Name())
	}
	child := certificate(t, c, "BW-2005-R1")
	if !slices.Equal(child.Parents, []types.Draw{draw("ZA-2005-1", 50000)}) {
		t.Errorf("child parents %v", child.Parents)
	}

	// What is left, to the hundredth of a carat, and not one more.
	refused(t, c, "bw-issuer", issue("BW-2005-R2", "BW", "ZA", origin("ZA"), parents(draw("ZA-2005-1", stdCarats-50000+1)))(c), types.ErrParentOverdrawn)
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R2", "BW", "ZA", origin("ZA"), parents(draw("ZA-2005-1", stdCarats-50000))))
	if got := certificate(t, c, "ZA-2005-1"); got.DrawnCarats != stdCarats || len(got.Children) != 2 {
		t.Errorf("drawn %d, children %v", got.DrawnCarats, got.Children)
	}
	refused(t, c, "bw-issuer", issue("BW-2005-R3", "BW", "EU", origin("ZA"), parents(draw("ZA-2005-1", 1)))(c), types.ErrParentOverdrawn)
}

// TestReExportOfTwoShipments: one re-export draws from two received
// certificates; each records its draw.
func TestReExportOfTwoShipments(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R1", "BW", "EU", origin("MIXED", "RU", "ZA"),
		parents(draw("ZA-2005-1", 1000), draw("RU-2005-1", 2000))))
	if za, ru := certificate(t, c, "ZA-2005-1"), certificate(t, c, "RU-2005-1"); za.DrawnCarats != 1000 || ru.DrawnCarats != 2000 {
		t.Errorf("drawn %d from ZA, %d from RU", za.DrawnCarats, ru.DrawnCarats)
	}
}

// TestVoidedReExportReleasesItsCarats: voiding a re-export gives its carats
// back; the draw stays in the parent's children (the history) while its
// drawn total no longer counts it, and the carats can be drawn again.
func TestVoidedReExportReleasesItsCarats(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R1", "BW", "EU", origin("MIXED", "RU", "ZA"),
		parents(draw("ZA-2005-1", stdCarats), draw("RU-2005-1", 700))))
	deliverOK(t, c, "bw-issuer", void("BW-2005-R1", types.VoidReason_VOID_REASON_SHIPMENT_CANCELLED, ""))
	for _, p := range []struct {
		number string
		carats int64
	}{{"ZA-2005-1", stdCarats}, {"RU-2005-1", 700}} {
		got := certificate(t, c, p.number)
		if got.DrawnCarats != 0 {
			t.Errorf("%s: %d still drawn", p.number, got.DrawnCarats)
		}
		rel := eventsOf(got, types.EventKind_EVENT_KIND_RELEASED)
		if len(rel) != 1 || rel[0].Related != "BW-2005-R1" || rel[0].Carats != p.carats || rel[0].Height != c.Height || rel[0].Signer != c.Address("bw-issuer") {
			t.Errorf("%s released events %+v", p.number, rel)
		}
		if !slices.Equal(kinds(got), []string{"issued", "received", "drawn", "released"}) {
			t.Errorf("%s history %v", p.number, kinds(got))
		}
	}
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R2", "BW", "EU", origin("ZA"), parents(draw("ZA-2005-1", stdCarats))))
	if got := certificate(t, c, "ZA-2005-1"); got.DrawnCarats != stdCarats {
		t.Errorf("drawn %d after the second re-export", got.DrawnCarats)
	}
}

// TestReExportThatExpiresKeepsItsCarats: only a void gives carats back; an
// expired or rejected re-export keeps what it drew (the goods left).
func TestReExportThatExpiresKeepsItsCarats(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	receivedBy("ZA-2005-1", "ZA", "BW", validFor(200))(t, c)
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R1", "BW", "EU", origin("ZA"), validFor(5), parents(draw("ZA-2005-1", 100))))
	deliverOK(t, c, "bw-issuer", issue("BW-2005-R2", "BW", "EU", origin("ZA"), validFor(200), parents(draw("ZA-2005-1", 200))))
	deliverOK(t, c, "eu-customs", reject("BW-2005-R2", types.RejectionReason_REJECTION_REASON_MISMATCH))
	statusIs(t, c, "BW-2005-R1", expired)
	if got := certificate(t, c, "ZA-2005-1"); got.DrawnCarats != 300 {
		t.Errorf("drawn %d, want 300", got.DrawnCarats)
	}
}

func TestLineageRefusals(t *testing.T) {
	za := receivedBy("ZA-2005-1", "ZA", "BW", origin("ZA"))
	ru := receivedBy("RU-2005-1", "RU", "BW", origin("RU"))
	mixedUnknown := receivedBy("RU-2005-M", "RU", "BW", origin("MIXED"))
	mixedKnown := receivedBy("IN-2005-M", "IN", "BW", origin("MIXED", "AO", "CD"))
	reExport := func(o []string, draws ...types.Draw) message {
		return issue("BW-2005-R1", "BW", "EU", origin(o[0], o[1:]...), carats(1000), parents(draws...))
	}
	zaDraw, ruDraw := draw("ZA-2005-1", 1000), draw("RU-2005-1", 1000)
	accepted := func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-R1", issued) }
	cases := []txCase{
		{name: "Botswana re-exports South African goods as South African", setup: za,
			msg: reExport([]string{"ZA"}, zaDraw), check: accepted},
		{name: "Botswana re-exports two South African shipments as South African",
			setup: then(za, receivedBy("ZA-2005-2", "ZA", "BW", origin("ZA"))),
			msg:   reExport([]string{"ZA"}, zaDraw, draw("ZA-2005-2", 1)), check: accepted},
		{name: "Botswana re-exports South African and Russian goods as MIXED of both", setup: then(za, ru),
			msg: reExport([]string{"MIXED", "RU", "ZA"}, zaDraw, ruDraw), check: accepted},
		{name: "Botswana re-exports goods of unknown mixed origins as MIXED without a list", setup: mixedUnknown,
			msg: reExport([]string{"MIXED"}, draw("RU-2005-M", 1)), check: accepted},
		{name: "Botswana re-exports goods of unknown mixed origins with South African goods as MIXED without a list", setup: then(za, mixedUnknown),
			msg: reExport([]string{"MIXED"}, zaDraw, draw("RU-2005-M", 1)), check: accepted},
		{name: "Botswana re-exports Angolan and Congolese goods with South African goods as MIXED of the three", setup: then(za, mixedKnown),
			msg: reExport([]string{"MIXED", "AO", "CD", "ZA"}, zaDraw, draw("IN-2005-M", 1)), check: accepted},
		{name: "Botswana re-exports Angolan and Congolese goods as MIXED of both", setup: mixedKnown,
			msg: reExport([]string{"MIXED", "AO", "CD"}, draw("IN-2005-M", 1)), check: accepted},

		{name: "a draw of more than the parent certified", setup: za,
			msg: reExport([]string{"ZA"}, draw("ZA-2005-1", stdCarats+1)), want: types.ErrParentOverdrawn},
		{name: "a draw of more than is left", signer: "bw-issuer",
			setup: then(za, given(by("bw-issuer", issue("BW-2005-R0", "BW", "EU", origin("ZA"), parents(draw("ZA-2005-1", stdCarats-999)))))),
			msg:   reExport([]string{"ZA"}, zaDraw), want: types.ErrParentOverdrawn},

		{name: "a parent nobody issued",
			msg: reExport([]string{"ZA"}, draw("ZA-2005-9", 1)), want: types.ErrInvalidParent},
		{name: "a parent Botswana has not received yet", setup: given(by("za-issuer", issue("ZA-2005-1", "ZA", "BW"))),
			msg: reExport([]string{"ZA"}, zaDraw), want: types.ErrInvalidParent},
		{name: "a parent the European Community received", setup: receivedBy("ZA-2005-1", "ZA", "EU"),
			msg: reExport([]string{"ZA"}, zaDraw), want: types.ErrInvalidParent},
		{name: "a parent Botswana rejected",
			setup: given(by("za-issuer", issue("ZA-2005-1", "ZA", "BW")), by("bw-customs", reject("ZA-2005-1", types.RejectionReason_REJECTION_REASON_FORGED))),
			msg:   reExport([]string{"ZA"}, zaDraw), want: types.ErrInvalidParent},
		{name: "a parent Botswana itself issued", setup: shipped("BW-2005-1"),
			msg: reExport([]string{"BW"}, draw("BW-2005-1", 1)), want: types.ErrInvalidParent},
		{name: "the same parent twice", setup: za,
			msg: reExport([]string{"ZA"}, zaDraw, zaDraw), want: types.ErrInvalidParent},
		{name: "the re-export as its own parent", setup: za,
			msg: reExport([]string{"ZA"}, zaDraw, draw("BW-2005-R1", 1)), want: types.ErrInvalidParent},
		{name: "seventeen parents", setup: za,
			msg: reExport([]string{"ZA"}, seventeenDraws()...), want: types.ErrInvalidParent},
		{name: "a draw of no carats", setup: za,
			msg: reExport([]string{"ZA"}, draw("ZA-2005-1", 0)), want: types.ErrNotPositive},
		{name: "a malformed parent number", setup: za,
			msg: reExport([]string{"ZA"}, draw("za-2005-1", 1)), want: types.ErrInvalidNumber},

		{name: "South African goods re-exported as Botswanan", setup: za,
			msg: reExport([]string{"BW"}, zaDraw), want: types.ErrOriginMismatch},
		{name: "South African goods re-exported as MIXED without a list", setup: za,
			msg: reExport([]string{"MIXED"}, zaDraw), want: types.ErrOriginMismatch},
		{name: "South African goods re-exported as MIXED of Botswana and South Africa", setup: za,
			msg: reExport([]string{"MIXED", "BW", "ZA"}, zaDraw), want: types.ErrOriginMismatch},
		{name: "South African and Russian goods re-exported as South African", setup: then(za, ru),
			msg: reExport([]string{"ZA"}, zaDraw, ruDraw), want: types.ErrOriginMismatch},
		{name: "South African and Russian goods re-exported as MIXED without a list", setup: then(za, ru),
			msg: reExport([]string{"MIXED"}, zaDraw, ruDraw), want: types.ErrOriginMismatch},
		{name: "South African and Russian goods re-exported as MIXED with Botswana added", setup: then(za, ru),
			msg: reExport([]string{"MIXED", "BW", "RU", "ZA"}, zaDraw, ruDraw), want: types.ErrOriginMismatch},
		{name: "goods of unknown mixed origins re-exported as Russian", setup: mixedUnknown,
			msg: reExport([]string{"RU"}, draw("RU-2005-M", 1)), want: types.ErrOriginMismatch},
		{name: "goods of unknown mixed origins re-exported as MIXED with a list", setup: mixedUnknown,
			msg: reExport([]string{"MIXED", "RU", "ZA"}, draw("RU-2005-M", 1)), want: types.ErrOriginMismatch},
		{name: "goods of unknown mixed origins and South African goods re-exported as MIXED with a list", setup: then(za, mixedUnknown),
			msg: reExport([]string{"MIXED", "RU", "ZA"}, zaDraw, draw("RU-2005-M", 1)), want: types.ErrOriginMismatch},
		{name: "Angolan and Congolese goods re-exported as MIXED of Angola alone and South Africa", setup: mixedKnown,
			msg: reExport([]string{"MIXED", "AO", "ZA"}, draw("IN-2005-M", 1)), want: types.ErrOriginMismatch},
	}
	for i := range cases {
		cases[i].signer = "bw-issuer"
	}
	runTxCases(t, cases)
}

func seventeenDraws() []types.Draw {
	var out []types.Draw
	for i := 0; i < types.MaxParents+1; i++ {
		out = append(out, draw(fmt.Sprintf("ZA-2005-%d", i+1), 1))
	}
	return out
}

// TestParentsRefusedTogether: a re-export whose second parent is overdrawn
// draws from neither.
func TestParentsRefusedTogether(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	refused(t, c, "bw-issuer", issue("BW-2005-R1", "BW", "EU", origin("MIXED", "RU", "ZA"),
		parents(draw("ZA-2005-1", 10), draw("RU-2005-1", stdCarats+1)))(c), types.ErrParentOverdrawn)
	if got := certificate(t, c, "ZA-2005-1"); got.DrawnCarats != 0 || len(got.Children) != 0 {
		t.Errorf("the first parent kept a draw: %d %v", got.DrawnCarats, got.Children)
	}
}

// TestReExportsPerCertificateAreBounded: a certificate's record is rewritten
// at every draw, so at most MaxChildren re-exports may draw from it.
func TestReExportsPerCertificateAreBounded(t *testing.T) {
	c := newChain(t)
	given(
		by("za-issuer", issue("ZA-2005-1", "ZA", "BW", carats(10*types.MaxChildren+10))),
		by("bw-importer", confirm("ZA-2005-1", stdParcels, 10*types.MaxChildren+10, stdValue)),
	)(t, c)
	var txs [][]byte
	for i := 0; i < types.MaxChildren; i++ {
		txs = append(txs, c.Tx("bw-issuer", issue(fmt.Sprintf("BW-2005-%d", i), "BW", "EU", origin("ZA"), carats(10), parents(draw("ZA-2005-1", 10)))(c)))
	}
	for _, res := range c.Block(txs...).TxResults {
		if res.Code != 0 {
			t.Fatalf("re-export refused: %s", res.Log)
		}
	}
	refused(t, c, "bw-issuer", issue("BW-2005-X", "BW", "EU", origin("ZA"), carats(10), parents(draw("ZA-2005-1", 10)))(c), types.ErrParentOverdrawn)
	if got := certificate(t, c, "ZA-2005-1"); len(got.Children) != types.MaxChildren {
		t.Fatalf("%d children", len(got.Children))
	}
}
