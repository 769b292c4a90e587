package web_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

func TestParticipants(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var list struct {
		Participants []struct {
			Code, Status string
			Validator    string `json:"validator_pub_key"`
		} `json:"participants"`
		Observers []struct{ Code string } `json:"observers"`
	}
	if code, _ := getJSON(t, s, "/api/v1/participants", &list); code != http.StatusOK || len(list.Participants) != 6 || len(list.Observers) != 1 {
		t.Fatalf("%d: %+v", code, list)
	}
	validators := 0
	for _, p := range list.Participants {
		if p.Validator != "" {
			validators++
		}
	}
	if validators != 4 {
		t.Errorf("%d validators, want 4: %+v", validators, list.Participants)
	}
	var bw struct {
		Participant struct {
			Code, Status string
			Validator    string `json:"validator_pub_key"`
		} `json:"participant"`
		Officers []struct {
			Name, Role string
			PubKey     string `json:"pub_key"`
		} `json:"officers"`
		Operators []struct{ Name, Role string } `json:"operators"`
	}
	code, _ := getJSON(t, s, "/api/v1/participants/BW", &bw)
	if code != http.StatusOK || bw.Participant.Status != "active" || bw.Participant.Validator != base64.StdEncoding.EncodeToString(c.PubKey("bw-node")) ||
		len(bw.Officers) != 3 || len(bw.Operators) != 2 {
		t.Fatalf("%d: %+v", code, bw)
	}
	// html/template writes '+' as &#43;.
	issuerKey := strings.ReplaceAll(base64.StdEncoding.EncodeToString(c.PubKey("bw-issuer")), "+", "&#43;")
	_, page := get(t, s, "/participants/BW?lang=pt")
	mustContain(t, "Botswana's page", page, "Funcionários e as suas chaves públicas", issuerKey, "funcionário emissor", "Operadores licenciados")
	_, page = get(t, s, "/participants")
	mustContain(t, "the participants' page", page, `data-participant="TW"`, "trading entity", "World Diamond Council")
	if code, a := getJSON(t, s, "/api/v1/participants/CI", nil); code != http.StatusNotFound || !a.NotFound || !a.Proof.Verified {
		t.Errorf("a participant that is not: %d %+v", code, a)
	}
}

func TestMonitoring(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	type flags struct {
		Overdue []struct {
			Number, Outcome string
		} `json:"overdue"`
		Discrepancies []struct {
			Number, Rule     string
			DeviationPercent string `json:"deviation_percent"`
		} `json:"discrepancies"`
		NonSubmitters []struct {
			Participant string
			Year, Half  uint32
		} `json:"non_submitters"`
		MassBalances []struct {
			Participant string
			Exported    string `json:"exported_carats"`
			Available   string `json:"available_carats"`
			FollowUp    string `json:"follow_up"`
		} `json:"mass_balances"`
	}
	var open, all, ru flags
	getJSON(t, s, "/api/v1/monitoring", &open)
	getJSON(t, s, "/api/v1/monitoring?all=1", &all)
	getJSON(t, s, "/api/v1/monitoring?participant=RU", &ru)
	// Expired, never confirmed: listed by default.
	if len(open.Overdue) != 1 || len(all.Overdue) != 1 || all.Overdue[0].Number != "BW-2005-4" || all.Overdue[0].Outcome != "expired" {
		t.Errorf("overdue: open %+v, all %+v", open.Overdue, all.Overdue)
	}
	if len(all.Discrepancies) != 1 || all.Discrepancies[0].Number != "ZA-2005-1" || all.Discrepancies[0].Rule != "mirror" {
		t.Errorf("discrepancies: %+v", all.Discrepancies)
	}
	if len(open.NonSubmitters) != 5 || len(ru.NonSubmitters) != 2 || len(ru.Discrepancies) != 0 {
		t.Errorf("non-submitters: %d, of RU %+v", len(open.NonSubmitters), ru)
	}
	// South Africa reported 100 ct for 2005's second half and exported 999 ct
	// of its own: its mass balance is flagged, and it explained it.
	if len(open.MassBalances) != 1 || open.MassBalances[0].Participant != "ZA" || open.MassBalances[0].FollowUp != "explained" ||
		open.MassBalances[0].Exported != "999.00" || open.MassBalances[0].Available != "100.00" {
		t.Errorf("mass balances: %+v", open.MassBalances)
	}
	_, page := get(t, s, "/monitoring?all=1&lang=fr")
	mustContain(t, "the monitoring page", page, "Confirmations en retard", "BW-2005-4", "expiré", "Écarts de valeur", "miroir", "Délais statistiques non respectés", "2006 H1",
		"Bilan matières", "expliqué", "stock of 2004 exported")
}

func TestPlenaryDecisionsInFiveLanguages(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var list struct {
		Decisions []struct {
			ID        uint64
			Status    string
			Languages []string
		} `json:"decisions"`
	}
	if code, _ := getJSON(t, s, "/api/v1/plenary", &list); code != http.StatusOK || len(list.Decisions) != 1 || list.Decisions[0].Status != "adopted" ||
		len(list.Decisions[0].Languages) != 5 {
		t.Fatalf("%d %+v", code, list)
	}
	var d struct {
		Texts []struct{ Language, Text string } `json:"texts"`
	}
	getJSON(t, s, "/api/v1/plenary/1", &d)
	if len(d.Texts) != 5 {
		t.Fatalf("texts: %+v", d.Texts)
	}
	_, page := get(t, s, "/plenary/1?lang=ru")
	mustContain(t, "the decision's page", page, "Тексты на официальных языках", `lang="fr" data-language="fr"`, "La Plénière décide",
		"Пленарное заседание постановляет", "принято на пяти языках")
	if code, a := getJSON(t, s, "/api/v1/plenary/2", nil); code != http.StatusNotFound || !a.NotFound {
		t.Errorf("a decision never proposed: %d %+v", code, a)
	}
}

func TestHealth(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var h struct {
		Height     int64
		BlockTime  string `json:"block_time"`
		Signed     int
		Validators []struct {
			Participant string
			Signed      bool
		}
	}
	if code, _ := getJSON(t, s, "/api/v1/health", &h); code != http.StatusOK || h.Height != c.Latest() || h.Signed != 4 || len(h.Validators) != 4 {
		t.Fatalf("%d %+v", code, h)
	}
	for _, v := range h.Validators {
		if v.Participant == "" || !v.Signed {
			t.Errorf("validator %+v", v)
		}
	}
	_, page := get(t, s, "/health?lang=es")
	mustContain(t, "the health page", page, "Último bloque verificado", "4 de 4 validadores firmaron")
}

func TestHomePage(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	code, page := get(t, s, "/", "Accept-Language: ru")
	if code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	mustContain(t, "the home page", page, `<form class="lookup" method="get" action="/certificate">`, `name="qr"`, "Номер сертификата")
	mustNotContain(t, "the home page", page, "<script")
	if code, _ := get(t, s, "/static/style.css"); code != http.StatusOK {
		t.Errorf("style sheet: %d", code)
	}
	if code, _ := get(t, s, "/nothing-here"); code != http.StatusNotFound {
		t.Errorf("an unknown page: %d", code)
	}
}

// TestCertificateLines: the certificate page lists a certificate's goods by
// HS code, a line each, and compares the HS codes given with all of them.
func TestCertificateLines(t *testing.T) {
	c := world(t)
	c.Chain.DeliverOK("bw-issuer", apptest.Shipment("BW-2006-L1", "BW", "ZA", apptest.Lines(
		certtypes.HSLine{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1},
		certtypes.HSLine{HsCode: "7102.31", Carats: 52340, ValueUsd: 13250000, Parcels: 2}))(c.Chain))
	s := serve(t, c, nil, nil)
	_, page := get(t, s, "/certificates/BW-2006-L1?lang=es&hs=7102.31%2B7102.10")
	mustContain(t, "a two-line certificate's page", page, "Mercancías por código SA", "7102.10&#43;7102.31",
		`<tr data-hs="7102.10"><td>7102.10</td><td>1000.00</td><td>50000.00</td><td>1</td></tr>`,
		`<tr data-hs="7102.31"><td>7102.31</td><td>523.40</td><td>132500.00</td><td>2</td></tr>`,
		`data-check="hs" data-ok="true"`)
	_, page = get(t, s, "/certificates/BW-2006-L1?hs=7102.31")
	mustContain(t, "an HS code given that is not all of the certificate's", page, `data-check="hs" data-ok="false"`)
}
