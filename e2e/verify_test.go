package e2e_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/testutil/network"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// customsVerify: a border officer checks BW-2005-NET1 with `kpd query
// certificate verify`, which proves the node's answer against the
// authorities' signatures. A genuine paper verifies; a forged weight, an
// unknown number and a node whose answers are edited on the way are caught.
func customsVerify(t *testing.T, c *network.Cluster) {
	t.Helper()
	// BW-2005-NET1 was received: the European Community's own check after the
	// fact (at a border, a received certificate is ALREADY USED).
	verify := func(node string, args ...string) (string, error) {
		return c.KPD(append([]string{"query", "certificate", "verify", "--node", node, "--home", c.Node(0).Home,
			"--witness", c.Node(1).RPC, "--at", "EU", "--after-receipt"}, args...)...)
	}
	out, err := verify(c.Node(0).RPC, "BW-2005-NET1", "--carats", "1523.40", "--parcels", "3")
	if err != nil || !strings.Contains(out, "against signatures of") || !strings.Contains(out, "of 4 authorities") {
		t.Fatalf("a genuine certificate: %v\n%s", err, out)
	}
	t.Logf("kpd query certificate verify BW-2005-NET1:\n%s", out)
	// A copy of the paper presented at a border again: once the block that
	// proves the receipt is signed (answers are proved at the height before
	// the latest), the ledger says it was used (review A5).
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		out, err := c.KPD("query", "certificate", "verify", "BW 2005 NET1", "--at", "EC", "--node", c.Node(2).RPC, "--home", c.Node(0).Home)
		if strings.HasPrefix(out, "ALREADY USED") && err != nil {
			break
		}
		if !strings.HasPrefix(out, "VALID FOR ENTRY") || time.Now().After(deadline) {
			t.Fatalf("a used certificate at the border: %v\n%s", err, out)
		}
	}
	if out, err := verify(c.Node(0).RPC, "BW-2005-NET1", "--carats", "2000.00"); err == nil || !strings.Contains(out, "BAD") {
		t.Fatalf("a forged weight verified: %v\n%s", err, out)
	}
	if out, err := verify(c.Node(2).RPC, "BW-2005-FORGED"); err == nil || !strings.Contains(out, "NOT FOUND") || !strings.Contains(out, "proved at height") {
		t.Fatalf("an unknown number: %v\n%s", err, out)
	}
	// The exporter named on the paper is licensed, and Botswana is active:
	// both proved too.
	out, err = c.KPD("query", "participant", "operator", "bw-exporter", "--prove", "--node", c.Node(3).RPC, "--home", c.Node(0).Home,
		"--keyring-dir", c.Network.KeyringDir)
	if err != nil || !strings.Contains(out, "proved at height") || !strings.Contains(out, "exporter") || !strings.Contains(out, "active") {
		t.Fatalf("the exporter's registration: %v\n%s", err, out)
	}
	out, err = c.KPD("query", "participant", "officer", "bw-exporter", "--prove", "--node", c.Node(3).RPC, "--home", c.Node(0).Home,
		"--keyring-dir", c.Network.KeyringDir)
	if err == nil || !strings.Contains(out+err.Error(), "not an officer") {
		t.Fatalf("an operator proved as an officer: %v\n%s", err, out)
	}
	out, err = c.KPD("query", "participant", "participant", "BW", "--prove", "-o", "json", "--node", c.Node(3).RPC, "--home", c.Node(0).Home)
	if err != nil || !strings.Contains(out, `"status": "PARTICIPANT_STATUS_ACTIVE"`) || !strings.Contains(out, `"signed_power"`) {
		t.Fatalf("Botswana's status: %v\n%s", err, out)
	}
	qrAtTheBorder(t, c)

	// A proxy in front of node 0 that rewrites every abci_query answer's
	// value: the paper "verifies" against the edited record no more.
	proxy := editingProxy(t, c.Node(0).RPC)
	defer proxy.Close()
	out, err = verify(proxy.URL, "BW-2005-NET1", "--carats", "1523.40")
	if err == nil || !strings.Contains(out+err.Error(), "proof failed") {
		t.Fatalf("through a proxy that edits answers: %v\n%s", err, out)
	}
	servedAtTheBorder(t, c, proxy.URL)
}

// servedAtTheBorder: kpd serve, reading node 1 with node 2 as a witness,
// shows BW-2005-NET1 proved, in JSON and in French; reading through the proxy
// that edits answers it shows nothing as verified.
func servedAtTheBorder(t *testing.T, c *network.Cluster, proxy string) {
	t.Helper()
	fetch := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	served := c.Serve(1, "--witness", c.Node(2).RPC)
	code, body := fetch(served + "/api/v1/certificates/BW-2005-NET1")
	var a struct {
		Proof struct {
			Verified bool `json:"verified"`
			Signed   int  `json:"signed"`
		} `json:"proof"`
		Data struct {
			Verdict string `json:"verdict"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &a); err != nil || code != http.StatusOK || !a.Proof.Verified || a.Proof.Signed < 3 || a.Data.Verdict != "ALREADY USED" {
		t.Fatalf("kpd serve: %d %v\n%s", code, err, body)
	}
	if code, page := fetch(served + "/certificates/BW-2005-NET1?lang=fr"); code != http.StatusOK || !strings.Contains(page, "DÉJÀ UTILISÉ") {
		t.Fatalf("kpd serve in French: %d\n%s", code, page)
	}
	lied := c.Serve(0, "--node", proxy)
	if code, page := fetch(lied + "/certificates/BW-2005-NET1"); code != http.StatusBadGateway || !strings.Contains(page, "proof failed") ||
		strings.Contains(page, "data-verdict") {
		t.Fatalf("kpd serve through a proxy that edits answers: %d\n%s", code, page)
	}
}

// editingProxy forwards JSON-RPC to a node and flips a byte of the value of
// every abci_query answer.
func editingProxy(t *testing.T, node string) *httptest.Server {
	t.Helper()
	target, err := url.Parse(strings.Replace(node, "tcp://", "http://", 1))
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body.Close()
		var msg map[string]any
		if json.Unmarshal(body, &msg) == nil {
			if result, ok := msg["result"].(map[string]any); ok {
				if response, ok := result["response"].(map[string]any); ok {
					if v, ok := response["value"].(string); ok && v != "" {
						if bz, err := base64.StdEncoding.DecodeString(v); err == nil && len(bz) > 0 {
							bz[len(bz)-1] ^= 1
							response["value"] = base64.StdEncoding.EncodeToString(bz)
							body, _ = json.Marshal(msg)
						}
					}
				}
			}
		}
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		return nil
	}
	return httptest.NewServer(rp)
}

// qrAtTheBorder: Botswana's issuing officer prints the QR code of
// BW-2005-NET1; a customs officer scans it and checks it online, and offline
// against a registry of officer keys exported with proofs; a forged code is
// refused both ways.
func qrAtTheBorder(t *testing.T, c *network.Cluster) {
	t.Helper()
	dir := t.TempDir()
	home := []string{"--home", c.Node(0).Home, "--keyring-dir", c.Network.KeyringDir}
	image := filepath.Join(dir, "BW-2005-NET1.png")
	out, err := c.KPD(append([]string{"query", "certificate", "qr", "BW-2005-NET1", "--from", "bw-issuer", "--out", image, "--node", c.Node(0).RPC}, home...)...)
	if err != nil {
		t.Fatalf("kpd query certificate qr: %v\n%s", err, out)
	}
	payload := out[strings.Index(out, types.QRPrefix):]
	payload = strings.TrimSpace(payload)
	out, err = c.KPD(append([]string{"query", "certificate", "verify", "--qr-image", image, "--node", c.Node(1).RPC, "--at", "EC", "--after-receipt"}, home...)...)
	if err != nil || !strings.Contains(out, "RECEIVED AS CERTIFIED") || !strings.Contains(out, "ok   qr signature") || !strings.Contains(out, "ok   qr issuance") {
		t.Fatalf("the scanned QR code online: %v\n%s", err, out)
	}
	registry := filepath.Join(dir, "officers.json")
	if out, err := c.KPD(append([]string{"query", "participant", "export-keys", "--out", registry, "--node", c.Node(2).RPC}, home...)...); err != nil {
		t.Fatalf("export-keys: %v\n%s", err, out)
	}
	// Offline: no node is asked (--node points nowhere).
	out, err = c.KPD(append([]string{"query", "certificate", "verify", "--qr", payload, "--registry", registry, "--node", "tcp://127.0.0.1:1"}, home...)...)
	if err != nil || !strings.Contains(out, "ok   qr signature") || !strings.Contains(out, "not known offline") {
		t.Fatalf("the QR code offline: %v\n%s", err, out)
	}
	// A code whose issuance hash was changed: its signature no longer holds.
	q, err := types.ParseQRPayload(payload)
	if err != nil {
		t.Fatal(err)
	}
	q.IssuanceHash[0] ^= 1
	for _, where := range [][]string{{"--node", c.Node(3).RPC, "--at", "EU", "--after-receipt"}, {"--registry", registry, "--node", "tcp://127.0.0.1:1"}} {
		out, err = c.KPD(append(append([]string{"query", "certificate", "verify", "--qr", q.Payload()}, where...), home...)...)
		if err == nil || !strings.Contains(out, "BAD  qr signature") {
			t.Fatalf("a forged QR code (%v): %v\n%s", where, err, out)
		}
	}
}

// linesByCLI: Botswana's issuing officer certifies goods of two HS codes
// with `kpd tx certificate issue --line`; `show` lists the lines on another
// node, and the certificate's QR code, whose issuance hash covers the lines,
// verifies at the border with the lines printed.
func linesByCLI(t *testing.T, c *network.Cluster) {
	t.Helper()
	home := []string{"--home", c.Node(0).Home, "--keyring-dir", c.Network.KeyringDir}
	out, err := c.KPD(append([]string{"tx", "certificate", "issue", "BW-2005-NET2", "--origin", "BW", "--destination", "EU",
		"--exporter", "bw-exporter", "--importer", "eu-importer", "--line", "7102.10:1000.00:50000.00:1", "--line", "7102.31:523.40:132500.00:2",
		"--expires", "30d", "--from", "bw-issuer", "--node", c.Node(0).RPC}, home...)...)
	if err != nil || !strings.Contains(out, "code:    0") {
		t.Fatalf("tx certificate issue --line: %v\n%s", err, out)
	}
	var height int64
	if _, err := fmt.Sscanf(out[strings.Index(out, "height:"):], "height: %d", &height); err != nil {
		t.Fatalf("no height in %q", out)
	}
	c.WaitHeight(1, height)
	out, err = c.KPD(append([]string{"query", "certificate", "show", "BW-2005-NET2", "--node", c.Node(1).RPC}, home...)...)
	for _, want := range []string{"7102.10+7102.31", "1523.40", "HS 7102.10: 1000.00 ct, US$ 50000.00, 1 parcels", "HS 7102.31: 523.40 ct, US$ 132500.00, 2 parcels"} {
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("query certificate show: no %q: %v\n%s", want, err, out)
		}
	}
	// Answers are proved at the height before the latest: poll until the
	// issuing block is signed.
	image := filepath.Join(t.TempDir(), "BW-2005-NET2.png")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		out, err = c.KPD(append([]string{"query", "certificate", "qr", "BW-2005-NET2", "--from", "bw-issuer", "--out", image, "--node", c.Node(0).RPC}, home...)...)
		if err == nil && strings.Contains(out, types.QRPrefix) {
			break
		}
		if !strings.Contains(out, "no certificate BW-2005-NET2") || time.Now().After(deadline) {
			t.Fatalf("kpd query certificate qr: %v\n%s", err, out)
		}
	}
	payload := strings.TrimSpace(out[strings.Index(out, types.QRPrefix):])
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		out, err = c.KPD(append([]string{"query", "certificate", "verify", "--qr", payload, "--node", c.Node(2).RPC, "--at", "EU", "--hs", "7102.31,7102.10"}, home...)...)
		if err == nil && strings.HasPrefix(out, "VALID FOR ENTRY") {
			break
		}
		if !strings.HasPrefix(out, "NOT FOUND") || time.Now().After(deadline) {
			t.Fatalf("the two-line certificate's QR code: %v\n%s", err, out)
		}
	}
	for _, want := range []string{"ok   qr issuance", "ok   qr signature", "ok   hs", "line 2  HS 7102.31: 523.40 ct"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify --qr: no %q in\n%s", want, out)
		}
	}
}
