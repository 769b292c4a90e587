package keeper_test

import (
	"crypto/sha256"
	"slices"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestIssueRecordsEveryField: Botswana certifies a sealed shipment to the
// European Community through South Africa; the ledger holds the Annex I
// fields as validated, the exporter holds the shipment, and the history
// starts with one issued event naming the block, the transaction and the
// issuer officer.
func TestIssueRecordsEveryField(t *testing.T) {
	c := newChain(t)
	msg := issue("BW-2005-000417", "BW", "EU", seal("BW-SEAL-0042"), transit("ZA"),
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
		Carats: stdCarats, ValueUsd: stdValue, Parcels: stdParcels, HsCode: "7102.31",
		IssuedAt: c.Time.Unix(), ExpiresAt: c.Time.Unix() + 30*day,
		Seal: "BW-SEAL-0042", PortOfExport: "Gaborone, Sir Seretse Khama Airport", Transit: []string{"ZA"},
		Status: issued, Holder: c.Address("bw-exporter"),
		Events: []types.CertificateEvent{{
			Kind: types.EventKind_EVENT_KIND_ISSUED, Height: c.Height, Time: c.Time.Unix(),
			TxHash: hash[:], Signer: c.Address("bw-issuer"), Holder: c.Address("bw-exporter"),
		}},
	}
	got := certificate(t, c, "BW-2005-000417")
	if !proto.Equal(&got, &want) {
		t.Errorf("certificate =\n%+v\nwant\n%+v", got, want)
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
	if expiry, awaiting := indexed(t, c, got); !expiry || !awaiting || !hasKey(t, c, types.DestinationKey("EU", got.Number)) {
		t.Errorf("indexes: expiry %v awaiting %v, want both and the destination's", expiry, awaiting)
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
	cases := []txCase{
		{name: "Botswana ships to the European Community", signer: "bw-issuer",
			msg: issue(number, "BW", "EU"), check: accepted(number, "bw-exporter")},
		{name: "Chinese Taipei, a trading entity, ships to Botswana", signer: "tw-issuer",
			msg: issue("TW-2005-0001", "TW", "BW"), check: accepted("TW-2005-0001", "tw-exporter")},
		{name: "Botswana ships to Chinese Taipei, a trading entity", signer: "bw-issuer",
			msg: issue(number, "BW", "TW"), check: accepted(number, "bw-exporter")},
		{name: "Botswana ships mixed goods of known origins", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED", "BW", "CD", "ZA")), check: accepted(number, "bw-exporter")},
		{name: "Botswana ships mixed goods of unknown origins", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED")), check: accepted(number, "bw-exporter")},
		{name: "Botswana ships Angolan goods it imported earlier", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("AO")), check: accepted(number, "bw-exporter")},
		{name: "a certificate valid for exactly the maximum validity", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(60*day)), check: accepted(number, "bw-exporter")},
		{name: "a certificate valid for one second", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(1)), check: accepted(number, "bw-exporter")},
		{name: "the longest number", signer: "bw-issuer",
			msg:   issue("BW-"+strings.Repeat("9", types.MaxNumberLength-3), "BW", "EU"),
			check: accepted("BW-"+strings.Repeat("9", types.MaxNumberLength-3), "bw-exporter")},
		{name: "the shortest number", signer: "bw-issuer",
			msg: issue("BW1", "BW", "EU"), check: accepted("BW1", "bw-exporter")},
		{name: "a number with slashes and dots", signer: "bw-issuer",
			msg: issue("BW/2005.07-1", "BW", "EU"), check: accepted("BW/2005.07-1", "bw-exporter")},
		{name: "unsorted goods", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", hs("7102.10")), check: accepted(number, "bw-exporter")},
		{name: "industrial goods", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", hs("7102.21")), check: accepted(number, "bw-exporter")},
		{name: "South Africa ships through four participants", signer: "za-issuer",
			msg:   issue("ZA-2005-1", "ZA", "EU", transit("BW", "IN", "RU", "TW")),
			check: accepted("ZA-2005-1", "za-exporter")},

		// ErrInvalidNumber
		{name: "a number in lower case", signer: "bw-issuer",
			msg: issue("bw-2005-000418", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number with a space", signer: "bw-issuer",
			msg: issue("BW 2005 000418", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number with an underscore", signer: "bw-issuer",
			msg: issue("BW_2005_000418", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number with a lower-case letter after the code", signer: "bw-issuer",
			msg: issue("BW-2005-a", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number of two characters", signer: "bw-issuer",
			msg: issue("BW", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "an empty number", signer: "bw-issuer",
			msg: issue("", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number one character too long", signer: "bw-issuer",
			msg: issue("BW-"+strings.Repeat("9", types.MaxNumberLength-2), "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number starting with a digit", signer: "bw-issuer",
			msg: issue("2005-BW-1", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number with one letter before the digits", signer: "bw-issuer",
			msg: issue("B2005", "BW", "EU"), want: types.ErrInvalidNumber},
		{name: "a number starting with a dash", signer: "bw-issuer",
			msg: issue("-BW-2005", "BW", "EU"), want: types.ErrInvalidNumber},

		// ErrNumberPrefix
		{name: "Botswana issues a South African number", signer: "bw-issuer",
			msg: issue("ZA-2005-000418", "BW", "EU"), want: types.ErrNumberPrefix},
		{name: "Botswana issues a number of a non-participant", signer: "bw-issuer",
			msg: issue("NA-2005-000418", "BW", "EU"), want: types.ErrNumberPrefix},

		// ErrNumberUsed
		{name: "Botswana issues the same number twice", signer: "bw-issuer",
			setup: given(by("bw-issuer", issue(number, "BW", "EU"))),
			msg:   issue(number, "BW", "ZA"), want: types.ErrNumberUsed},
		{name: "Botswana reuses the number of a void certificate", signer: "bw-issuer",
			setup: given(by("bw-issuer", issue(number, "BW", "EU")),
				by("bw-issuer", void(number, types.VoidReason_VOID_REASON_PRINTER_ERROR, ""))),
			msg: issue(number, "BW", "EU"), want: types.ErrNumberUsed},
		{name: "Botswana reuses the number of a received certificate", signer: "bw-issuer",
			setup: given(by("bw-issuer", issue(number, "BW", "EU")), by("eu-importer", confirmStd(number))),
			msg:   issue(number, "BW", "EU"), want: types.ErrNumberUsed},

		// ErrInvalidHSCode
		{name: "HS code of cut diamonds", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", hs("7102.39")), want: types.ErrInvalidHSCode},
		{name: "HS code without the dot", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", hs("710231")), want: types.ErrInvalidHSCode},
		{name: "no HS code", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", hs("")), want: types.ErrInvalidHSCode},

		// ErrNotPositive
		{name: "a shipment of no carats", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", carats(0)), want: types.ErrNotPositive},
		{name: "a shipment of negative carats", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", carats(-1)), want: types.ErrNotPositive},
		{name: "a shipment of no value", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.ValueUsd = 0 }), want: types.ErrNotPositive},
		{name: "a shipment of no parcels", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.Parcels = 0 }), want: types.ErrNotPositive},

		// ErrExpiryNotAfterIssue
		{name: "expiry at the time of issue", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(0)), want: types.ErrExpiryNotAfterIssue},
		{name: "expiry a second before issue", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(-1)), want: types.ErrExpiryNotAfterIssue},
		{name: "no expiry", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.ExpiresAt = 0 }), want: types.ErrExpiryNotAfterIssue},

		// ErrExpiryTooLate
		{name: "valid a second beyond 60 days", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(60*day+1)), want: types.ErrExpiryTooLate},
		{name: "valid a year", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", validFor(365*day)), want: types.ErrExpiryTooLate},

		// ErrDestinationIsIssuer
		{name: "Botswana ships to itself", signer: "bw-issuer",
			msg: issue(number, "BW", "BW"), want: types.ErrDestinationIsIssuer},

		// ErrUnknownDestination
		{name: "Botswana ships to Namibia, not a participant", signer: "bw-issuer",
			msg: issue(number, "BW", "NA", importerKey("eu-importer")), want: types.ErrUnknownDestination},
		{name: "Botswana ships to a destination in lower case", signer: "bw-issuer",
			msg: issue(number, "BW", "eu", importerKey("eu-importer")), want: types.ErrUnknownDestination},
		{name: "Botswana ships to the World Diamond Council, an observer", signer: "bw-issuer",
			msg: issue(number, "BW", "WDC", importerKey("eu-importer")), want: types.ErrUnknownDestination},

		// ErrEmbargoedOrigin is in TestIssueEmbargoedOrigin, ErrDestinationNotActive
		// and ErrIssuerNotActive in TestIssueSuspendedParticipant.

		// ErrExporterNotRegistered
		{name: "South Africa's exporter on a Botswana certificate", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", exporterKey("za-exporter")), want: types.ErrExporterNotRegistered},
		{name: "Botswana's importer as the exporter", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", exporterKey("bw-importer")), want: types.ErrExporterNotRegistered},
		{name: "Botswana's issuer officer as the exporter", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", exporterKey("bw-issuer")), want: types.ErrExporterNotRegistered},
		{name: "an exporter nobody licensed", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", exporterKey("smuggler")), want: types.ErrExporterNotRegistered},
		{name: "Botswana's exporter after its licence was revoked", signer: "bw-issuer",
			setup: given(by("bw-admin", revokeOperator("bw-exporter"))),
			msg:   issue(number, "BW", "EU"), want: types.ErrExporterNotRegistered},

		// ErrImporterNotRegistered
		{name: "South Africa's importer on a certificate to the European Community", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", importerKey("za-importer")), want: types.ErrImporterNotRegistered},
		{name: "the European Community's exporter as the importer", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", importerKey("eu-exporter")), want: types.ErrImporterNotRegistered},
		{name: "the European Community's importer after its licence was revoked", signer: "bw-issuer",
			setup: given(by("eu-admin", revokeOperator("eu-importer"))),
			msg:   issue(number, "BW", "EU"), want: types.ErrImporterNotRegistered},

		// ErrInvalidOrigin
		{name: "origin in lower case", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("bw")), want: types.ErrInvalidOrigin},
		{name: "origin of three letters", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("BWA")), want: types.ErrInvalidOrigin},
		{name: "no origin", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("")), want: types.ErrInvalidOrigin},
		{name: "MIXED list out of order", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED", "ZA", "BW")), want: types.ErrInvalidOrigin},
		{name: "MIXED list with a repeat", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED", "BW", "BW")), want: types.ErrInvalidOrigin},
		{name: "MIXED list of one origin", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED", "ZA")), want: types.ErrInvalidOrigin},
		{name: "MIXED list with a lower-case code", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("MIXED", "BW", "za")), want: types.ErrInvalidOrigin},
		{name: "a list of origins without MIXED", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("BW", "BW", "ZA")), want: types.ErrInvalidOrigin},
		{name: "MIXED in lower case", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", origin("mixed", "BW", "ZA")), want: types.ErrInvalidOrigin},

		// ErrInvalidTransit
		{name: "transit through Namibia, not a participant", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("NA")), want: types.ErrInvalidTransit},
		{name: "transit through Botswana, the issuer", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("BW")), want: types.ErrInvalidTransit},
		{name: "transit through the European Community, the destination", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("EU")), want: types.ErrInvalidTransit},
		{name: "transit through South Africa twice", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("ZA", "ZA")), want: types.ErrInvalidTransit},
		{name: "transit code in lower case", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("za")), want: types.ErrInvalidTransit},
		{name: "nine transit participants", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", transit("AA", "BB", "CC", "DD", "FF", "GG", "HH", "JJ", "KK")), want: types.ErrInvalidTransit},

		// ErrInvalidField
		{name: "a seal number one byte too long", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", seal(strings.Repeat("S", types.MaxTextLength+1))), want: types.ErrInvalidField},
		{name: "a seal number with a newline", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", seal("BW-SEAL\n0042")), want: types.ErrInvalidField},
		{name: "a seal number with surrounding spaces", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", seal(" BW-SEAL-0042 ")), want: types.ErrInvalidField},
		{name: "a port of export with a NUL", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.PortOfExport = "Gaborone\x00" }), want: types.ErrInvalidField},
		{name: "a port of export that is not UTF-8", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.PortOfExport = "Gaborone \xff" }), want: types.ErrInvalidField},
		{name: "an exporter address in lower case", signer: "bw-issuer",
			msg:  issue(number, "BW", "EU", func(c *apptest.Chain, m *types.MsgIssue) { m.Exporter = strings.ToLower(c.Address("bw-exporter")) }),
			want: types.ErrInvalidField},
		{name: "no importer address", signer: "bw-issuer",
			msg: issue(number, "BW", "EU", func(_ *apptest.Chain, m *types.MsgIssue) { m.Importer = "" }), want: types.ErrInvalidField},
	}
	runTxCases(t, cases)
}

func hs(code string) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.HsCode = code }
}

// TestIssueEmbargoedOrigin: with Côte d'Ivoire under embargo from genesis (the
// 2005 resolution), no certificate may declare it, alone or in a MIXED list.
func TestIssueEmbargoedOrigin(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana certifies Ivorian goods", signer: "bw-issuer",
			msg: issue("BW-2005-1", "BW", "EU", origin("CI")), want: types.ErrEmbargoedOrigin},
		{name: "Botswana certifies a mix that includes Ivorian goods", signer: "bw-issuer",
			msg: issue("BW-2005-1", "BW", "EU", origin("MIXED", "BW", "CI", "ZA")), want: types.ErrEmbargoedOrigin},
		{name: "Botswana certifies a mix without Ivorian goods", signer: "bw-issuer",
			msg:   issue("BW-2005-1", "BW", "EU", origin("MIXED", "BW", "ZA")),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
		{name: "Botswana certifies a mix of unknown origins", signer: "bw-issuer",
			msg:   issue("BW-2005-1", "BW", "EU", origin("MIXED")),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
	}, with(embargo("CI")))
}

// TestIssueSuspendedParticipant: with India suspended at genesis, India can
// neither certify nor be certified to.
func TestIssueSuspendedParticipant(t *testing.T) {
	runTxCases(t, []txCase{
		{name: "Botswana ships to India, suspended", signer: "bw-issuer",
			msg: issue("BW-2005-1", "BW", "IN"), want: types.ErrDestinationNotActive},
		{name: "India, suspended, ships to Botswana", signer: "in-issuer",
			msg: issue("IN-2005-1", "IN", "BW"), want: types.ErrIssuerNotActive},
		{name: "Botswana ships through India, suspended", signer: "bw-issuer",
			msg:   issue("BW-2005-1", "BW", "EU", transit("IN")),
			check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) { statusIs(t, c, "BW-2005-1", issued) }},
	}, with(suspended("IN")))
	runTxCases(t, []txCase{
		{name: "Botswana ships to Chinese Taipei, a candidate", signer: "bw-issuer",
			msg: issue("BW-2005-1", "BW", "TW"), want: types.ErrDestinationNotActive},
		{name: "Chinese Taipei, a candidate, ships to Botswana", signer: "tw-issuer",
			msg: issue("TW-2005-1", "TW", "BW"), want: types.ErrIssuerNotActive},
	}, with(status("TW", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_CANDIDATE)))
	runTxCases(t, []txCase{
		{name: "Botswana ships to India, expelled", signer: "bw-issuer",
			msg: issue("BW-2005-1", "BW", "IN"), want: types.ErrDestinationNotActive},
	}, with(status("IN", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)))
}

// TestIssueIsAtomic: two certificates in one transaction, the second refused,
// leave no certificate.
func TestIssueIsAtomic(t *testing.T) {
	c := newChain(t)
	first := issue("BW-2005-1", "BW", "EU")(c)
	second := issue("BW-2005-2", "BW", "NA", importerKey("eu-importer"))(c)
	before := ledgerState(t, c)
	res := c.Deliver(c.Tx("bw-issuer", first, second))
	wantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, types.ErrUnknownDestination)
	if after := ledgerState(t, c); after != before {
		t.Errorf("the refused transaction left state:\n%s", after)
	}
	unknown(t, c, "BW-2005-1")
}
