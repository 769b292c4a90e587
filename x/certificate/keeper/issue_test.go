package keeper_test

import (
	"crypto/sha256"
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// TestIssueRecordsEveryField: Botswana certifies a sealed shipment to the
// European Community through South Africa; the ledger holds the Annex I
// fields as validated, the exporter holds the shipment, and the history
// starts with one issued event naming the block, the transaction and the
// issuer officer.
func TestIssueRecordsEveryField(t *testing.T) {
	c := newChain(t)
	msg := apptest.Shipment("BW-2005-000417", "BW", "EU", apptest.Seal("BW-SEAL-0042"), apptest.Transit("ZA"),
		func(_ *apptest.Chain, m *types.MsgIssue) { m.PortOfExport = "Gaborone, Sir Seretse Khama Airport" })(c).(*types.MsgIssue)
	tx := c.Tx("bw-issuer", msg)
	res := c.Deliver(tx)
	if res.Code != 0 {
		t.Fatalf("refused: code %d (%s)", res.Code, res.Log)
	}
	hash := sha256.Sum256(tx)
	want := types.Certificate{
		Number: "BW-2005-000417", Issuer: "BW", Origin: "BW",
		Exporter: c.Address("bw-exporter"), Importer: c.Address("eu-importer"), Destination: "EU",
		Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Parcels: apptest.StdParcels, HsCode: "7102.31",
		Lines:               []types.HSLine{{HsCode: "7102.31", Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Parcels: apptest.StdParcels}},
		OwnProductionCarats: apptest.StdCarats,
		IssuedAt:            c.Time.Unix(), ExpiresAt: c.Time.Unix() + 30*day,
		Seal: "BW-SEAL-0042", PortOfExport: "Gaborone, Sir Seretse Khama Airport", Transit: []string{"ZA"},
		Status: issued, Holder: c.Address("bw-exporter"), HistoryLength: 1,
	}
	wantEvent := types.CertificateEvent{
		Kind: types.EventKind_EVENT_KIND_ISSUED, Height: c.Height, Time: c.Time.Unix(),
		TxHash: hash[:], Signer: c.Address("bw-issuer"), SignerRole: envelope.Role_ROLE_ISSUER, Holder: c.Address("bw-exporter"),
	}
	got := c.Certificate("BW-2005-000417")
	if !proto.Equal(&got.Certificate, &want) {
		t.Errorf("certificate =\n%+v\nwant\n%+v", got.Certificate, want)
	}
	if len(got.Events) != 1 || !proto.Equal(&got.Events[0], &wantEvent) {
		t.Errorf("history =\n%+v\nwant\n%+v", got.Events, wantEvent)
	}
	if got := abciActions(res.Events); !slices.Equal(got, []string{"BW-2005-000417 issued"}) {
		t.Errorf("ABCI events %v, want one issued", got)
	}
	if v, _ := apptest.EventAttr(res.Events, types.ModuleName, "status"); v != "issued" {
		t.Errorf("event status %q", v)
	}
	for _, e := range res.Events {
		for _, a := range e.Attributes {
			if e.Type == types.ModuleName && a.Index != (a.Key == "number") {
				t.Errorf("certificate.%s indexed %v: only certificate.number is", a.Key, a.Index)
			}
		}
	}
	if expiry, awaiting := indexed(t, c, got); !expiry || awaiting || !hasKey(t, c, types.DestinationKey("EU", got.Number)) {
		t.Errorf("indexes: expiry %v awaiting %v, want the expiry's and the destination's (it awaits confirmation once it arrives)", expiry, awaiting)
	}
}

func TestIssue(t *testing.T) {
	const number = "BW-2005-000418"
	accepted := func(number string, holder string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
			got := statusIs(t, c, number, issued)
			if got.Holder != c.Address(holder) || got.IssuedAt != c.Time.Unix() {
				t.Errorf("%s held by %s issued at %d, want %s at %d", number, got.Holder, got.IssuedAt, c.Address(holder), c.Time.Unix())
			}
		}
	}
	cases := []apptest.TxCase{
		{Name: "Botswana ships to the European Community", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU"), Check: accepted(number, "bw-exporter")},
		{Name: "Chinese Taipei, a trading entity, ships to Botswana", Signer: "tw-issuer",
			Msg: apptest.Shipment("TW-2005-0001", "TW", "BW"), Check: accepted("TW-2005-0001", "tw-exporter")},
		{Name: "Botswana ships to Chinese Taipei, a trading entity", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "TW"), Check: accepted(number, "bw-exporter")},
		{Name: "Botswana ships its own goods mixed with Congolese and South African goods it holds", Signer: "bw-issuer",
			Setup: declared("BW", 200000, "CD", "ZA"),
			Msg:   apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED", "BW", "CD", "ZA"), apptest.OwnProduction(50000), apptest.FromStock(102340, "CD", "ZA")),
			Check: accepted(number, "bw-exporter")},
		{Name: "Botswana ships mixed goods of unknown origins", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED")), Want: types.ErrUnknownOrigins},
		{Name: "Botswana ships Angolan goods it holds", Signer: "bw-issuer", Setup: declared("BW", apptest.StdCarats, "AO"),
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("AO")), Check: accepted(number, "bw-exporter")},
		{Name: "a certificate valid for exactly the maximum validity", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(60*day)), Check: accepted(number, "bw-exporter")},
		{Name: "a certificate valid for one second", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(1)), Check: accepted(number, "bw-exporter")},
		{Name: "the longest number", Signer: "bw-issuer",
			Msg:   apptest.Shipment("BW-"+strings.Repeat("9", types.MaxNumberLength-3), "BW", "EU"),
			Check: accepted("BW-"+strings.Repeat("9", types.MaxNumberLength-3), "bw-exporter")},
		{Name: "the shortest number", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW1", "BW", "EU"), Check: accepted("BW1", "bw-exporter")},
		{Name: "a number with slashes and dots", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW/2005.07-1", "BW", "EU"), Check: accepted("BW/2005.07-1", "bw-exporter")},
		{Name: "unsorted goods", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.HSCode("7102.10")), Check: accepted(number, "bw-exporter")},
		{Name: "industrial goods", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.HSCode("7102.21")), Check: accepted(number, "bw-exporter")},
		{Name: "South Africa ships through four participants", Signer: "za-issuer",
			Msg:   apptest.Shipment("ZA-2005-1", "ZA", "EU", apptest.Transit("BW", "IN", "RU", "TW")),
			Check: accepted("ZA-2005-1", "za-exporter")},

		// ErrInvalidNumber
		{Name: "a number in lower case", Signer: "bw-issuer",
			Msg: apptest.Shipment("bw-2005-000418", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with a space", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW 2005 000418", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with an underscore", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW_2005_000418", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with a lower-case letter after the code", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-a", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number of two characters", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "an empty number", Signer: "bw-issuer",
			Msg: apptest.Shipment("", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number one character too long", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-"+strings.Repeat("9", types.MaxNumberLength-2), "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number starting with a digit", Signer: "bw-issuer",
			Msg: apptest.Shipment("2005-BW-1", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with one letter before the digits", Signer: "bw-issuer",
			Msg: apptest.Shipment("B2005", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number starting with a dash", Signer: "bw-issuer",
			Msg: apptest.Shipment("-BW-2005", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with two hyphens in a row (not its normal form)", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW--2005", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number ending with a hyphen", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-", "BW", "EU"), Want: types.ErrInvalidNumber},
		{Name: "a number with the KP- prefix of a printed form", Signer: "bw-issuer",
			Msg: apptest.Shipment("KP-BW-2005-1", "BW", "EU"), Want: types.ErrInvalidNumber},

		// ErrNumberPrefix
		{Name: "Botswana issues a South African number", Signer: "bw-issuer",
			Msg: apptest.Shipment("ZA-2005-000418", "BW", "EU"), Want: types.ErrNumberPrefix},
		{Name: "Botswana issues a number of a non-participant", Signer: "bw-issuer",
			Msg: apptest.Shipment("NA-2005-000418", "BW", "EU"), Want: types.ErrNumberPrefix},

		// ErrNumberUsed
		{Name: "Botswana issues the same number twice", Signer: "bw-issuer",
			Setup: apptest.Given(apptest.By("bw-issuer", apptest.Shipment(number, "BW", "EU"))),
			Msg:   apptest.Shipment(number, "BW", "ZA"), Want: types.ErrNumberUsed},
		{Name: "Botswana reuses the number of a void certificate", Signer: "bw-issuer",
			Setup: apptest.Given(apptest.By("bw-issuer", apptest.Shipment(number, "BW", "EU")),
				apptest.By("bw-issuer", apptest.Void(number, types.VoidReason_VOID_REASON_PRINTER_ERROR, ""))),
			Msg: apptest.Shipment(number, "BW", "EU"), Want: types.ErrNumberUsed},
		{Name: "Botswana reuses the number of a received certificate", Signer: "bw-issuer",
			Setup: apptest.Given(apptest.By("bw-issuer", apptest.Shipment(number, "BW", "EU")), apptest.By("eu-importer", apptest.ConfirmAsCertified(number))),
			Msg:   apptest.Shipment(number, "BW", "EU"), Want: types.ErrNumberUsed},

		// ErrInvalidHSCode
		{Name: "HS code of cut diamonds", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.HSCode("7102.39")), Want: types.ErrInvalidHSCode},
		{Name: "HS code without the dot", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.HSCode("710231")), Want: types.ErrInvalidHSCode},
		{Name: "no HS code", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.HSCode("")), Want: types.ErrInvalidHSCode},

		// ErrNotPositive
		{Name: "a shipment of no carats", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Carats(0)), Want: types.ErrNotPositive},
		{Name: "a shipment of negative carats", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Carats(-1)), Want: types.ErrNotPositive},
		{Name: "a shipment of no value", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Value(0)), Want: types.ErrNotPositive},
		{Name: "a shipment of no parcels", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.Parcels = 0 }), Want: types.ErrNotPositive},

		// ErrExpiryNotAfterIssue
		{Name: "expiry at the time of issue", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(0)), Want: types.ErrExpiryNotAfterIssue},
		{Name: "expiry a second before issue", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(-1)), Want: types.ErrExpiryNotAfterIssue},
		{Name: "no expiry", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.ExpiresAt = 0 }), Want: types.ErrExpiryNotAfterIssue},

		// ErrExpiryTooLate
		{Name: "valid a second beyond 60 days", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(60*day+1)), Want: types.ErrExpiryTooLate},
		{Name: "valid a year", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ValidFor(365*day)), Want: types.ErrExpiryTooLate},

		// ErrDestinationIsIssuer
		{Name: "Botswana ships to itself", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "BW"), Want: types.ErrDestinationIsIssuer},

		// ErrUnknownDestination
		{Name: "Botswana ships to Namibia, not a participant", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "NA", apptest.ImporterKey("eu-importer")), Want: types.ErrUnknownDestination},
		{Name: "Botswana ships to a destination in lower case", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "eu", apptest.ImporterKey("eu-importer")), Want: types.ErrUnknownDestination},
		{Name: "Botswana ships to the World Diamond Council, an observer", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "WDC", apptest.ImporterKey("eu-importer")), Want: types.ErrUnknownDestination},

		// ErrEmbargoedOrigin is in TestIssueEmbargoedOrigin, ErrDestinationNotActive
		// and ErrIssuerNotActive in TestIssueSuspendedParticipant.

		// ErrExporterNotRegistered
		{Name: "South Africa's exporter on a Botswana certificate", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ExporterKey("za-exporter")), Want: types.ErrExporterNotRegistered},
		{Name: "Botswana's importer as the exporter", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ExporterKey("bw-importer")), Want: types.ErrExporterNotRegistered},
		{Name: "Botswana's issuer officer as the exporter", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ExporterKey("bw-issuer")), Want: types.ErrExporterNotRegistered},
		{Name: "an exporter nobody licensed", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ExporterKey("smuggler")), Want: types.ErrExporterNotRegistered},
		{Name: "Botswana's exporter after its licence was revoked", Signer: "bw-issuer",
			Setup: apptest.Given(apptest.By("bw-admin", revokeOperator("bw-exporter"))),
			Msg:   apptest.Shipment(number, "BW", "EU"), Want: types.ErrExporterNotRegistered},

		// An importer the destination has not registered, named by name and
		// address (review A15, C3).
		{Name: "an Antwerp importer the European Community has not registered", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", unregisteredImporter), Check: accepted(number, "bw-exporter")},
		{Name: "an importer named by key and by name", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(c *apptest.Chain, m *types.MsgIssue) {
				m.ImporterName, m.ImporterAddress = "Hoveniersstraat Rough BVBA", "Antwerpen"
			}), Want: types.ErrInvalidField},
		{Name: "an unregistered importer without an address", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(c *apptest.Chain, m *types.MsgIssue) {
				unregisteredImporter(c, m)
				m.ImporterAddress = ""
			}), Want: types.ErrInvalidField},
		{Name: "no importer at all", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.Importer = "" }), Want: types.ErrInvalidField},

		// ErrImporterNotRegistered
		{Name: "South Africa's importer on a certificate to the European Community", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ImporterKey("za-importer")), Want: types.ErrImporterNotRegistered},
		{Name: "the European Community's exporter as the importer", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.ImporterKey("eu-exporter")), Want: types.ErrImporterNotRegistered},
		{Name: "the European Community's importer after its licence was revoked", Signer: "bw-issuer",
			Setup: apptest.Given(apptest.By("eu-admin", revokeOperator("eu-importer"))),
			Msg:   apptest.Shipment(number, "BW", "EU"), Want: types.ErrImporterNotRegistered},

		// ErrInvalidOrigin
		{Name: "origin in lower case", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("bw")), Want: types.ErrInvalidOrigin},
		{Name: "origin of three letters", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("BWA")), Want: types.ErrInvalidOrigin},
		{Name: "no origin", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("")), Want: types.ErrInvalidOrigin},
		{Name: "MIXED list out of order", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED", "ZA", "BW")), Want: types.ErrInvalidOrigin},
		{Name: "MIXED list with a repeat", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED", "BW", "BW")), Want: types.ErrInvalidOrigin},
		{Name: "MIXED list of one origin", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED", "ZA")), Want: types.ErrInvalidOrigin},
		{Name: "MIXED list with a lower-case code", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("MIXED", "BW", "za")), Want: types.ErrInvalidOrigin},
		{Name: "a list of origins without MIXED", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("BW", "BW", "ZA")), Want: types.ErrInvalidOrigin},
		{Name: "MIXED in lower case", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Origin("mixed", "BW", "ZA")), Want: types.ErrInvalidOrigin},

		// ErrInvalidTransit
		{Name: "transit through Namibia, not a participant", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("NA")), Want: types.ErrInvalidTransit},
		{Name: "transit through Botswana, the issuer", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("BW")), Want: types.ErrInvalidTransit},
		{Name: "transit through the European Community, the destination", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("EU")), Want: types.ErrInvalidTransit},
		{Name: "transit through South Africa twice", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("ZA", "ZA")), Want: types.ErrInvalidTransit},
		{Name: "transit code in lower case", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("za")), Want: types.ErrInvalidTransit},
		{Name: "nine transit participants", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Transit("AA", "BB", "CC", "DD", "FF", "GG", "HH", "JJ", "KK")), Want: types.ErrInvalidTransit},

		// ErrInvalidField
		{Name: "a seal number one byte too long", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Seal(strings.Repeat("S", types.MaxTextLength+1))), Want: types.ErrInvalidField},
		{Name: "a seal number with a newline", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Seal("BW-SEAL\n0042")), Want: types.ErrInvalidField},
		{Name: "a seal number with surrounding spaces", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", apptest.Seal(" BW-SEAL-0042 ")), Want: types.ErrInvalidField},
		{Name: "a port of export with a NUL", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.PortOfExport = "Gaborone\x00" }), Want: types.ErrInvalidField},
		{Name: "a port of export that is not UTF-8", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.PortOfExport = "Gaborone \xff" }), Want: types.ErrInvalidField},
		{Name: "an exporter address in lower case", Signer: "bw-issuer",
			Msg:  apptest.Shipment(number, "BW", "EU", func(c *apptest.Chain, m *types.MsgIssue) { m.Exporter = strings.ToLower(c.Address("bw-exporter")) }),
			Want: types.ErrInvalidField},
		{Name: "no importer address", Signer: "bw-issuer",
			Msg: apptest.Shipment(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.Importer = "" }), Want: types.ErrInvalidField},
	}
	apptest.RunTxCases(t, chainsWith(), cases)
}

// TestIssueEmbargoedOrigin: with Côte d'Ivoire under embargo from genesis (the
// 2005 resolution), no certificate may declare it, alone or in a MIXED list,
// and a bare MIXED, which would hide it, is refused (review A2, probe P3).
func TestIssueEmbargoedOrigin(t *testing.T) {
	apptest.RunTxCases(t, chainsWith(with(embargo("CI"))), []apptest.TxCase{
		{Name: "Botswana certifies Ivorian goods", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("CI")), Want: types.ErrEmbargoedOrigin},
		{Name: "Botswana certifies a mix that includes Ivorian goods", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("MIXED", "BW", "CI", "ZA")), Want: types.ErrEmbargoedOrigin},
		{Name: "Botswana certifies a mix without Ivorian goods", Signer: "bw-issuer", Setup: declared("BW", apptest.StdCarats, "ZA"),
			Msg:   apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("MIXED", "BW", "ZA"), apptest.OwnProduction(100), apptest.FromStock(1000, "ZA")),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
		{Name: "Botswana certifies a mix of unknown origins", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("MIXED")), Want: types.ErrUnknownOrigins},
	})
	// Ivorian goods received before the embargo cannot leave under another
	// name: the origin of a re-export is its parents'.
	ivorianStock := apptest.Then(declared("BW", apptest.StdCarats, "CI"), receivedBy("BW-2005-CI", "BW", "ZA", apptest.Origin("CI")),
		plenaryDecides(plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "CI"}}}))
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "South Africa re-exports them as South African", Signer: "za-issuer", Setup: ivorianStock,
			Msg:  apptest.Shipment("ZA-2005-1", "ZA", "EU", apptest.Origin("ZA"), apptest.Carats(100000), apptest.Parents(apptest.Draw("BW-2005-CI", 100000))),
			Want: types.ErrOriginMismatch},
		{Name: "South Africa re-exports them as Ivorian", Signer: "za-issuer", Setup: ivorianStock,
			Msg:  apptest.Shipment("ZA-2005-1", "ZA", "EU", apptest.Origin("CI"), apptest.Carats(100000), apptest.Parents(apptest.Draw("BW-2005-CI", 100000))),
			Want: types.ErrEmbargoedOrigin},
	})
}

// TestIssuerEmbargo: with Côte d'Ivoire under an issuer embargo (UNSC 1643:
// no rough diamonds from it), whatever the origin it declares, it certifies
// nothing, its certificates issued before are not confirmed, and nothing is
// re-exported from them (review A2, B8).
func TestIssuerEmbargo(t *testing.T) {
	const n = "IN-2005-1"
	ivorian := func(_ *apptest.Chain, m *types.MsgIssue) { m.Origin = "GH" }
	issuedThenEmbargoed := apptest.Then(declared("IN", apptest.StdCarats, "GH"), apptest.Given(apptest.By("in-issuer", apptest.Shipment(n, "IN", "BW", ivorian))),
		plenaryDecides(plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeIssuerEmbargo{ImposeIssuerEmbargo: &plenarytypes.IssuerEmbargo{Participant: "IN"}}}))
	apptest.RunTxCases(t, chainsWith(with(issuerEmbargo("IN"))), []apptest.TxCase{
		{Name: "India, under an issuer embargo, certifies goods of Ghanaian origin", Signer: "in-issuer",
			Msg: apptest.Shipment(n, "IN", "BW", ivorian), Want: types.ErrEmbargoedIssuer},
		{Name: "Botswana certifies its own goods", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "IN"), Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
	})
	apptest.RunTxCases(t, chainsWith(), []apptest.TxCase{
		{Name: "Botswana confirms what India certified before its embargo", Signer: "bw-customs", Setup: issuedThenEmbargoed,
			Msg: apptest.ConfirmAsCertified(n), Want: types.ErrEmbargoedIssuer},
		{Name: "Botswana re-exports goods India certified to it before the embargo", Signer: "bw-issuer",
			Setup: apptest.Then(declared("IN", apptest.StdCarats, "GH"), apptest.Given(apptest.By("in-issuer", apptest.Shipment(n, "IN", "BW", ivorian)), apptest.By("bw-customs", apptest.ConfirmAsCertified(n))),
				plenaryDecides(plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeIssuerEmbargo{ImposeIssuerEmbargo: &plenarytypes.IssuerEmbargo{Participant: "IN"}}})),
			Msg:  apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("GH"), apptest.Parents(apptest.Draw(n, 1000))),
			Want: types.ErrEmbargoedIssuer},
	})
}

// TestIssueSuspendedParticipant: with India suspended at genesis, India can
// neither certify nor be certified to.
func TestIssueSuspendedParticipant(t *testing.T) {
	apptest.RunTxCases(t, chainsWith(with(suspended("IN"))), []apptest.TxCase{
		{Name: "Botswana ships to India, suspended", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "IN"), Want: types.ErrDestinationNotActive},
		{Name: "India, suspended, ships to Botswana", Signer: "in-issuer",
			Msg: apptest.Shipment("IN-2005-1", "IN", "BW"), Want: types.ErrIssuerNotActive},
		{Name: "Botswana ships through India, suspended", Signer: "bw-issuer",
			Msg:   apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Transit("IN")),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
	})
	apptest.RunTxCases(t, chainsWith(with(status("TW", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE))), []apptest.TxCase{
		{Name: "Botswana ships to Chinese Taipei, a candidate", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "TW"), Want: types.ErrDestinationNotActive},
		{Name: "Chinese Taipei, a candidate, ships to Botswana", Signer: "tw-issuer",
			Msg: apptest.Shipment("TW-2005-1", "TW", "BW"), Want: types.ErrIssuerNotActive},
	})
	apptest.RunTxCases(t, chainsWith(with(status("IN", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED))), []apptest.TxCase{
		{Name: "Botswana ships to India, expelled", Signer: "bw-issuer",
			Msg: apptest.Shipment("BW-2005-1", "BW", "IN"), Want: types.ErrDestinationNotActive},
	})
}

// TestIssueIsAtomic: two certificates in one transaction, the second refused,
// leave no certificate.
func TestIssueIsAtomic(t *testing.T) {
	c := newChain(t)
	first := apptest.Shipment("BW-2005-1", "BW", "EU")(c)
	second := apptest.Shipment("BW-2005-2", "BW", "NA", apptest.ImporterKey("eu-importer"))(c)
	before := ledgerState(t, c)
	res := c.Deliver(c.Tx("bw-issuer", first, second))
	apptest.WantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrUnknownDestination)
	if after := ledgerState(t, c); after != before {
		t.Errorf("the refused transaction left state:\n%s", after)
	}
	unknown(t, c, "BW-2005-1")
}
