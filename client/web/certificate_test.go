package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/lightchain"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// certificateAnswer is what the tests read of a certificate's JSON.
type certificateAnswer struct {
	Number      string `json:"number"`
	Verdict     string `json:"verdict"`
	Status      string `json:"status"`
	Certificate struct {
		Carats string `json:"carats"`
		Holder string `json:"holder"`
	} `json:"certificate"`
	Checks []struct {
		Field    string `json:"field"`
		Given    string `json:"given"`
		Recorded string `json:"recorded"`
		OK       bool   `json:"ok"`
	} `json:"checks"`
	Parties map[string]struct {
		Name string `json:"name"`
	} `json:"parties"`
	Custody []struct {
		Holder string `json:"holder"`
	} `json:"custody"`
	Ancestors   []lineage `json:"ancestors"`
	Descendants []lineage `json:"descendants"`
}

type lineage struct {
	Number string    `json:"number"`
	Drawn  string    `json:"drawn"`
	Status string    `json:"status"`
	Next   []lineage `json:"next"`
}

func TestVerdictOfEveryStatus(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	for _, tc := range []struct {
		path, verdict string
		code          int
	}{
		{"/api/v1/certificates/BW-2006-5", "VALID FOR ENTRY", http.StatusOK},
		{"/api/v1/certificates/BW-2005-1", "ALREADY USED", http.StatusOK},
		{"/api/v1/certificates/BW-2005-2", "VOID", http.StatusOK},
		{"/api/v1/certificates/BW-2005-3", "REJECTED", http.StatusOK},
		{"/api/v1/certificates/BW-2005-4", "EXPIRED", http.StatusOK},
		// Numbers before the first, between two and after the last.
		{"/api/v1/certificates/AA-2005-1", "NOT FOUND", http.StatusNotFound},
		{"/api/v1/certificates/BW-2005-35", "NOT FOUND", http.StatusNotFound},
		{"/api/v1/certificates/ZZ-9999-9", "NOT FOUND", http.StatusNotFound},
		{"/api/v1/certificate?number=bw-2006-5&carats=1523.4&parcels=3&destination=eu", "VALID FOR ENTRY", http.StatusOK},
		{"/api/v1/certificate?number=BW-2006-5&carats=2000.00", "MISMATCH", http.StatusOK},
		// A used certificate is used whatever the paper says (as verify says).
		{"/api/v1/certificate?number=BW-2005-1&importer=" + c.Address("za-importer"), "ALREADY USED", http.StatusOK},
		{"/api/v1/certificate?number=BW-2006-5&importer=" + c.Address("za-importer"), "MISMATCH", http.StatusOK},
		// Numbers as printed, and where the paper is presented.
		{"/api/v1/certificates/BW_2005_1", "ALREADY USED", http.StatusOK},
		{"/api/v1/certificate?number=" + url.QueryEscape("kp-bw 2006 5") + "&at=eu", "VALID FOR ENTRY", http.StatusOK},
		{"/api/v1/certificate?number=BW-2006-5&at=ZA", "MISMATCH", http.StatusOK},
	} {
		var v certificateAnswer
		code, a := getJSON(t, s, tc.path, &v)
		if code != tc.code || v.Verdict != tc.verdict || !a.Proof.Verified {
			t.Errorf("%s: %d %q (proof %+v), want %d %q", tc.path, code, v.Verdict, a.Proof, tc.code, tc.verdict)
		}
		if a.Proof.Signed != 4 || a.Proof.Validators != 4 || a.Proof.Height != c.Latest()-1 {
			t.Errorf("%s: proved at %d by %d of %d, want %d by 4 of 4", tc.path, a.Proof.Height, a.Proof.Signed, a.Proof.Validators, c.Latest()-1)
		}
	}
}

func TestCertificatePageShowsCustodyHistoryAndLineage(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var v certificateAnswer
	if code, _ := getJSON(t, s, "/api/v1/certificates/BW-2005-1", &v); code != http.StatusOK {
		t.Fatalf("code %d", code)
	}
	if len(v.Custody) != 2 || v.Custody[1].Holder != c.Address("eu-importer") || v.Parties[c.Address("eu-importer")].Name != "eu-importer" {
		t.Errorf("custody %+v, parties %+v", v.Custody, v.Parties)
	}
	if len(v.Descendants) != 1 || v.Descendants[0].Number != "EU-2005-1" || v.Descendants[0].Drawn != "500.00" {
		t.Errorf("descendants %+v", v.Descendants)
	}
	if code, _ := getJSON(t, s, "/api/v1/certificates/EU-2005-1", &v); code != http.StatusOK || len(v.Ancestors) != 1 || v.Ancestors[0].Number != "BW-2005-1" {
		t.Errorf("ancestors of EU-2005-1: %d %+v", code, v.Ancestors)
	}

	code, page := get(t, s, "/certificates/BW-2005-1")
	if code != http.StatusOK {
		t.Fatalf("page: %d", code)
	}
	mustContain(t, "the page of BW-2005-1", page,
		`data-verdict="ALREADY USED"`, `data-verified="true"`, "proved against the signatures of 4 of 4 authorities",
		"Air Botswana Cargo", "receipt confirmed", `href="/certificates/EU-2005-1?lang=en"`, "500.00 ct drawn", "Gaborone")
}

func TestFrenchPage(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	for _, ask := range [][]string{{"/certificates/BW-2006-5?lang=fr"}, {"/certificates/BW-2006-5", "Accept-Language: fr-CH, fr;q=0.9, en;q=0.8"}} {
		code, page := get(t, s, ask[0], ask[1:]...)
		if code != http.StatusOK {
			t.Fatalf("%v: %d", ask, code)
		}
		mustContain(t, "the French page", page, `<html lang="fr">`, "VALABLE POUR L&#39;ENTRÉE", `data-verdict="VALID FOR ENTRY"`,
			"Vérifié : l&#39;état à la hauteur", "Historique", "Garde", "délivré")
		mustNotContain(t, "the French page", page, "History", "Custody")
	}
	for lang, word := range map[string]string{"pt": "VÁLIDO PARA ENTRADA", "es": "VÁLIDO PARA LA ENTRADA", "ru": "ДЕЙСТВИТЕЛЕН ДЛЯ ВВОЗА", "en": "VALID FOR ENTRY"} {
		_, page := get(t, s, "/certificates/BW-2006-5?lang="+lang)
		mustContain(t, lang, page, `<html lang="`+lang+`">`, word)
	}
	// A language the KP does not use: English.
	_, page := get(t, s, "/certificates/BW-2006-5", "Accept-Language: de-DE, de;q=0.9")
	mustContain(t, "German asked", page, `<html lang="en">`)
}

// qrPayload is the QR code bw-issuer prints for a certificate of the chain.
func qrPayload(t *testing.T, c *lightchain.Chain, number string, edit func(q *certtypes.QRCode)) string {
	t.Helper()
	cert := c.Certificate(number)
	key := c.Key("bw-issuer")
	q := &certtypes.QRCode{ChainId: "kpledger-test", Number: number, IssuedHeight: cert.Events[0].Height,
		IssuanceHash: certtypes.IssuanceHash(&cert.Certificate), Signer: envelope.AddressHex(key.PubKey().Address())}
	sig, err := key.Sign(q.SignBytes())
	if err != nil {
		t.Fatal(err)
	}
	q.Signature = sig
	if edit != nil {
		edit(q)
	}
	return q.Payload()
}

func TestLookupByQRCode(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	var v certificateAnswer
	path := "/api/v1/certificate?qr=" + url.QueryEscape(qrPayload(t, c, "BW-2006-5", nil))
	if code, _ := getJSON(t, s, path, &v); code != http.StatusOK || v.Verdict != "VALID FOR ENTRY" || len(v.Checks) != 3 {
		t.Fatalf("a genuine QR code: %d %q %+v", code, v.Verdict, v.Checks)
	}
	for _, ch := range v.Checks {
		if !ch.OK {
			t.Errorf("check %+v failed", ch)
		}
	}
	forged := qrPayload(t, c, "BW-2006-5", func(q *certtypes.QRCode) { q.IssuanceHash[0] ^= 1 })
	if code, _ := getJSON(t, s, "/api/v1/certificate?qr="+url.QueryEscape(forged), &v); code != http.StatusOK || v.Verdict != "MISMATCH" {
		t.Errorf("a forged QR code: %d %q", code, v.Verdict)
	}
	// The page's form sends the payload as typed.
	_, page := get(t, s, "/certificate?lang=es&qr="+url.QueryEscape(forged))
	mustContain(t, "a forged QR code's page", page, `data-verdict="MISMATCH"`, "NO COINCIDE", `data-check="qr.signature" data-ok="false"`)
}

func TestBadRequests(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	for _, path := range []string{
		"/api/v1/certificates/12-345", "/api/v1/certificates/BW!2005!1", "/api/v1/certificate?number=BW-2006-5&at=E1", "/api/v1/certificate", "/api/v1/certificate?qr=KP2:XYZ",
		"/api/v1/certificate?number=BW-2006-5&carats=1.234", "/api/v1/certificate?number=BW-2005-1&qr=" + url.QueryEscape(qrPayload(t, c, "BW-2006-5", nil)),
		"/api/v1/participants/bw1", "/api/v1/plenary/x", "/api/v1/monitoring?participant=12",
	} {
		code, a := getJSON(t, s, path, nil)
		if code != http.StatusBadRequest || a.Error == "" || a.Data != nil {
			t.Errorf("%s: %d %+v, want 400 with the reason", path, code, a)
		}
	}
	code, page := get(t, s, "/certificates/BW%212005?lang=ru")
	mustContain(t, "a bad request's page", page, `data-error="bad-request"`, "На запрос нельзя ответить")
	if code != http.StatusBadRequest {
		t.Errorf("page: %d", code)
	}
}

func TestJSONIsTheLedgers(t *testing.T) {
	c := world(t)
	s := serve(t, c, nil, nil)
	_, a := getJSON(t, s, "/api/v1/certificates/BW-2005-1", nil)
	var data map[string]json.RawMessage
	if err := json.Unmarshal(a.Data, &data); err != nil {
		t.Fatal(err)
	}
	// DESIGN §4: proto names, carats and dollars as decimal strings, times
	// in RFC 3339.
	cert := string(data["certificate"])
	for _, want := range []string{`"carats": "1523.40"`, `"value_usd": "182808.00"`, `"status": "CERTIFICATE_STATUS_RECEIVED"`, `"issued_at": "2005-11-15T`} {
		if !strings.Contains(cert, want) {
			t.Errorf("no %s in %s", want, cert)
		}
	}
	// The history, proved apart from the record, in order.
	var events []struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data["events"], &events); err != nil || len(events) < 3 ||
		events[0].Kind != "EVENT_KIND_ISSUED" || events[2].Kind != "EVENT_KIND_RECEIVED" {
		t.Errorf("events %+v (%v) in %s", events, err, data["events"])
	}
}
