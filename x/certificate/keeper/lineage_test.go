package keeper_test

import (
	"fmt"
	"slices"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// receivedBy is the setup of a certificate from issuer to destination that
// the destination's importer confirmed as certified.
func receivedBy(number, issuer, destination string, changes ...apptest.ShipmentOption) apptest.Setup {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		c.DeliverOK(apptest.KeyName(issuer, "issuer"), apptest.Shipment(number, issuer, destination, changes...)(c))
		got := c.Certificate(number)
		c.DeliverOK(apptest.KeyName(destination, "importer"), apptest.Confirm(number, got.Parcels, got.Carats, got.ValueUsd)(c))
	}
}

// TestReExport: Botswana receives South African goods and re-exports part of
// them to the European Community; the South African certificate records the
// draw, and a second re-export may take exactly what is left.
func TestReExport(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW", apptest.Origin("ZA"))(t, c)

	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin("ZA"), apptest.Carats(50000), apptest.Parents(apptest.Draw("ZA-2005-1", 50000)))(c))
	parent := c.Certificate("ZA-2005-1")
	if parent.DrawnCarats != 50000 || !slices.Equal(parent.Children, []types.Draw{apptest.Draw("BW-2005-R1", 50000)}) {
		t.Errorf("parent drawn %d, children %v", parent.DrawnCarats, parent.Children)
	}
	drawn := eventsOf(parent, types.EventKind_EVENT_KIND_DRAWN)
	want := types.CertificateEvent{Kind: types.EventKind_EVENT_KIND_DRAWN, Height: c.Height, Time: c.Time.Unix(),
		Signer: c.Address("bw-issuer"), SignerRole: envelope.Role_ROLE_ISSUER, Related: "BW-2005-R1", Carats: 50000}
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
	child := c.Certificate("BW-2005-R1")
	if !slices.Equal(child.Parents, []types.Draw{apptest.Draw("ZA-2005-1", 50000)}) {
		t.Errorf("child parents %v", child.Parents)
	}

	// What is left, to the hundredth of a carat, and not one more.
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-R2", "BW", "ZA", apptest.Origin("ZA"), apptest.Parents(apptest.Draw("ZA-2005-1", apptest.StdCarats-50000+1)))(c), types.ErrParentOverdrawn)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R2", "BW", "ZA", apptest.Origin("ZA"), apptest.Parents(apptest.Draw("ZA-2005-1", apptest.StdCarats-50000)))(c))
	if got := c.Certificate("ZA-2005-1"); got.DrawnCarats != apptest.StdCarats || len(got.Children) != 2 {
		t.Errorf("drawn %d, children %v", got.DrawnCarats, got.Children)
	}
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-R3", "BW", "EU", apptest.Origin("ZA"), apptest.Parents(apptest.Draw("ZA-2005-1", 1)))(c), types.ErrParentOverdrawn)
}

// TestReExportOfTwoShipments: one re-export draws from two received
// certificates; each records its draw.
func TestReExportOfTwoShipments(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin("MIXED", "RU", "ZA"),
		apptest.Parents(apptest.Draw("ZA-2005-1", 1000), apptest.Draw("RU-2005-1", 2000)))(c))
	if za, ru := c.Certificate("ZA-2005-1"), c.Certificate("RU-2005-1"); za.DrawnCarats != 1000 || ru.DrawnCarats != 2000 {
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
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin("MIXED", "RU", "ZA"),
		apptest.Parents(apptest.Draw("ZA-2005-1", apptest.StdCarats), apptest.Draw("RU-2005-1", 700)))(c))
	c.DeliverOK("bw-issuer", apptest.Void("BW-2005-R1", types.VoidReason_VOID_REASON_SHIPMENT_CANCELLED, "")(c))
	for _, p := range []struct {
		number string
		carats int64
	}{{"ZA-2005-1", apptest.StdCarats}, {"RU-2005-1", 700}} {
		got := c.Certificate(p.number)
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
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R2", "BW", "EU", apptest.Origin("ZA"), apptest.Parents(apptest.Draw("ZA-2005-1", apptest.StdCarats)))(c))
	if got := c.Certificate("ZA-2005-1"); got.DrawnCarats != apptest.StdCarats {
		t.Errorf("drawn %d after the second re-export", got.DrawnCarats)
	}
}

// TestReExportThatExpiresKeepsItsCarats: only a void gives carats back; an
// expired or rejected re-export keeps what it drew (the goods left).
func TestReExportThatExpiresKeepsItsCarats(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	receivedBy("ZA-2005-1", "ZA", "BW", apptest.ValidFor(200))(t, c)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin("ZA"), apptest.ValidFor(5), apptest.Parents(apptest.Draw("ZA-2005-1", 100)))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R2", "BW", "EU", apptest.Origin("ZA"), apptest.ValidFor(200), apptest.Parents(apptest.Draw("ZA-2005-1", 200)))(c))
	c.DeliverOK("eu-customs", apptest.Reject("BW-2005-R2", types.RejectionReason_REJECTION_REASON_MISMATCH)(c))
	statusIs(t, c, "BW-2005-R1", expired)
	if got := c.Certificate("ZA-2005-1"); got.DrawnCarats != 300 {
		t.Errorf("drawn %d, want 300", got.DrawnCarats)
	}
}

func TestLineageRefusals(t *testing.T) {
	za := receivedBy("ZA-2005-1", "ZA", "BW", apptest.Origin("ZA"))
	ru := receivedBy("RU-2005-1", "RU", "BW", apptest.Origin("RU"))
	mixedKnown := apptest.Then(declared("IN", apptest.StdCarats, "AO", "CD"), receivedBy("IN-2005-M", "IN", "BW", apptest.Origin("MIXED", "AO", "CD")))
	reExport := func(o []string, draws ...types.Draw) apptest.Message {
		return apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin(o[0], o[1:]...), apptest.Carats(1000), apptest.Parents(draws...))
	}
	zaDraw, ruDraw := apptest.Draw("ZA-2005-1", 1000), apptest.Draw("RU-2005-1", 1000)
	accepted := func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-R1", issued) }
	cases := []apptest.TxCase{
		{Name: "Botswana re-exports South African goods as South African", Setup: za,
			Msg: reExport([]string{"ZA"}, zaDraw), Check: accepted},
		{Name: "Botswana re-exports two South African shipments as South African",
			Setup: apptest.Then(za, receivedBy("ZA-2005-2", "ZA", "BW", apptest.Origin("ZA"))),
			Msg:   reExport([]string{"ZA"}, zaDraw, apptest.Draw("ZA-2005-2", 1)), Check: accepted},
		{Name: "Botswana re-exports South African and Russian goods as MIXED of both", Setup: apptest.Then(za, ru),
			Msg: reExport([]string{"MIXED", "RU", "ZA"}, zaDraw, ruDraw), Check: accepted},
		{Name: "Botswana re-exports Angolan and Congolese goods with South African goods as MIXED of the three", Setup: apptest.Then(za, mixedKnown),
			Msg: reExport([]string{"MIXED", "AO", "CD", "ZA"}, zaDraw, apptest.Draw("IN-2005-M", 1)), Check: accepted},
		{Name: "Botswana re-exports Angolan and Congolese goods as MIXED of both", Setup: mixedKnown,
			Msg: reExport([]string{"MIXED", "AO", "CD"}, apptest.Draw("IN-2005-M", 1)), Check: accepted},

		{Name: "a draw of more than the parent certified", Setup: za,
			Msg: reExport([]string{"ZA"}, apptest.Draw("ZA-2005-1", apptest.StdCarats+1)), Want: types.ErrParentOverdrawn},
		{Name: "a draw of more than is left", Signer: "bw-issuer",
			Setup: apptest.Then(za, apptest.Given(apptest.By("bw-issuer", apptest.Shipment("BW-2005-R0", "BW", "EU", apptest.Origin("ZA"), apptest.Parents(apptest.Draw("ZA-2005-1", apptest.StdCarats-999)))))),
			Msg:   reExport([]string{"ZA"}, zaDraw), Want: types.ErrParentOverdrawn},

		{Name: "a parent nobody issued",
			Msg: reExport([]string{"ZA"}, apptest.Draw("ZA-2005-9", 1)), Want: types.ErrInvalidParent},
		{Name: "a parent Botswana has not received yet", Setup: apptest.Given(apptest.By("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "BW"))),
			Msg: reExport([]string{"ZA"}, zaDraw), Want: types.ErrInvalidParent},
		{Name: "a parent the European Community received", Setup: receivedBy("ZA-2005-1", "ZA", "EU"),
			Msg: reExport([]string{"ZA"}, zaDraw), Want: types.ErrInvalidParent},
		{Name: "a parent Botswana rejected",
			Setup: apptest.Given(apptest.By("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "BW")), apptest.By("bw-customs", apptest.Reject("ZA-2005-1", types.RejectionReason_REJECTION_REASON_FORGED))),
			Msg:   reExport([]string{"ZA"}, zaDraw), Want: types.ErrInvalidParent},
		{Name: "a parent Botswana itself issued", Setup: shipped("BW-2005-1"),
			Msg: reExport([]string{"BW"}, apptest.Draw("BW-2005-1", 1)), Want: types.ErrInvalidParent},
		{Name: "the same parent twice", Setup: za,
			Msg: reExport([]string{"ZA"}, zaDraw, zaDraw), Want: types.ErrInvalidParent},
		{Name: "the re-export as its own parent", Setup: za,
			Msg: reExport([]string{"ZA"}, zaDraw, apptest.Draw("BW-2005-R1", 1)), Want: types.ErrInvalidParent},
		{Name: "seventeen parents", Setup: za,
			Msg: reExport([]string{"ZA"}, seventeenDraws()...), Want: types.ErrInvalidParent},
		{Name: "a draw of no carats", Setup: za,
			Msg: reExport([]string{"ZA"}, apptest.Draw("ZA-2005-1", 0)), Want: types.ErrNotPositive},
		{Name: "a malformed parent number", Setup: za,
			Msg: reExport([]string{"ZA"}, apptest.Draw("za-2005-1", 1)), Want: types.ErrInvalidNumber},

		{Name: "South African goods re-exported as Botswanan", Setup: za,
			Msg: reExport([]string{"BW"}, zaDraw), Want: types.ErrOriginMismatch},
		{Name: "South African goods re-exported as MIXED without a list", Setup: za,
			Msg: reExport([]string{"MIXED"}, zaDraw), Want: types.ErrUnknownOrigins},
		{Name: "South African goods re-exported as MIXED of Botswana and South Africa", Setup: za,
			Msg: reExport([]string{"MIXED", "BW", "ZA"}, zaDraw), Want: types.ErrOriginMismatch},
		{Name: "South African and Russian goods re-exported as South African", Setup: apptest.Then(za, ru),
			Msg: reExport([]string{"ZA"}, zaDraw, ruDraw), Want: types.ErrOriginMismatch},
		{Name: "South African and Russian goods re-exported as MIXED without a list", Setup: apptest.Then(za, ru),
			Msg: reExport([]string{"MIXED"}, zaDraw, ruDraw), Want: types.ErrUnknownOrigins},
		{Name: "South African and Russian goods re-exported as MIXED with Botswana added", Setup: apptest.Then(za, ru),
			Msg: reExport([]string{"MIXED", "BW", "RU", "ZA"}, zaDraw, ruDraw), Want: types.ErrOriginMismatch},
		{Name: "Angolan and Congolese goods re-exported as MIXED of Angola alone and South Africa", Setup: mixedKnown,
			Msg: reExport([]string{"MIXED", "AO", "ZA"}, apptest.Draw("IN-2005-M", 1)), Want: types.ErrOriginMismatch},
	}
	for i := range cases {
		cases[i].Signer = "bw-issuer"
	}
	apptest.RunTxCases(t, chainsWith(), cases)
}

func seventeenDraws() []types.Draw {
	var out []types.Draw
	for i := 0; i < types.MaxParents+1; i++ {
		out = append(out, apptest.Draw(fmt.Sprintf("ZA-2005-%d", i+1), 1))
	}
	return out
}

// TestParentsRefusedTogether: a re-export whose second parent is overdrawn
// draws from neither.
func TestParentsRefusedTogether(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-R1", "BW", "EU", apptest.Origin("MIXED", "RU", "ZA"),
		apptest.Parents(apptest.Draw("ZA-2005-1", 10), apptest.Draw("RU-2005-1", apptest.StdCarats+1)))(c), types.ErrParentOverdrawn)
	if got := c.Certificate("ZA-2005-1"); got.DrawnCarats != 0 || len(got.Children) != 0 {
		t.Errorf("the first parent kept a draw: %d %v", got.DrawnCarats, got.Children)
	}
}

// TestReExportsPerCertificateAreBounded: a certificate's record is rewritten
// at every draw, so at most MaxChildren re-exports may draw from it.
func TestReExportsPerCertificateAreBounded(t *testing.T) {
	c := newChain(t)
	apptest.Given(
		apptest.By("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "BW", apptest.Carats(10*types.MaxChildren+10))),
		apptest.By("bw-importer", apptest.Confirm("ZA-2005-1", apptest.StdParcels, 10*types.MaxChildren+10, apptest.StdValue)),
	)(t, c)
	var txs [][]byte
	for i := 0; i < types.MaxChildren; i++ {
		txs = append(txs, c.Tx("bw-issuer", apptest.Shipment(fmt.Sprintf("BW-2005-%d", i), "BW", "EU", apptest.Origin("ZA"), apptest.Carats(10), apptest.Parents(apptest.Draw("ZA-2005-1", 10)))(c)))
	}
	for _, res := range c.Block(txs...).TxResults {
		if res.Code != 0 {
			t.Fatalf("re-export refused: %s", res.Log)
		}
	}
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-X", "BW", "EU", apptest.Origin("ZA"), apptest.Carats(10), apptest.Parents(apptest.Draw("ZA-2005-1", 10)))(c), types.ErrParentOverdrawn)
	if got := c.Certificate("ZA-2005-1"); len(got.Children) != types.MaxChildren {
		t.Fatalf("%d children", len(got.Children))
	}
}
