//go:build browser

package e2e_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// TestBrowser (make test-web, build tag browser): kpd serve in a real
// browser, Debian's chromium-headless-shell. A 1-validator network issues a
// certificate and Botswana reports its production; the certificate's page
// shows the verdict proved, the statistics page draws the SVG bars of the
// export and the production, and the French page speaks French. Screenshots
// go to build/screenshots (or $KPD_SCREENSHOTS), which CI keeps.
func TestBrowser(t *testing.T) {
	chrome := headlessShell(t)
	shots := os.Getenv("KPD_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("..", "build", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	c := network.New(t, network.Options{Validators: 1})
	c.StartAll()
	c.WaitAll(2)
	address := func(key string) string {
		a, err := c.Client(0).ResolveAddress(key)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	now := time.Now()
	// Production is reported for a half-year that has ended: the last one.
	year, half := stattypes.HalfOf(now.Unix())
	if half--; half == 0 {
		year, half = year-1, 2
	}
	res, err := c.Tx(0, "bw-issuer", &certtypes.MsgIssue{
		Number: "BW-WEB-1", Origin: "BW", Destination: "EU", Exporter: address("bw-exporter"), Importer: address("eu-importer"),
		Carats: 152340, OwnProductionCarats: 152340, ValueUsd: 18280800, Parcels: 3, Seal: "BW-SEAL-7", ExpiresAt: now.Add(30 * 24 * time.Hour).Unix(),
		Lines: []certtypes.HSLine{{HsCode: "7102.10", Carats: 100000, ValueUsd: 5000000, Parcels: 1}, {HsCode: "7102.31", Carats: 52340, ValueUsd: 13280800, Parcels: 2}},
	})
	if err != nil || res.Code != 0 {
		t.Fatalf("issue: %v %+v", err, res)
	}
	res, err = c.Tx(0, "bw-admin", &stattypes.MsgReportProduction{Year: year, Half: half, Production: stattypes.Production{
		AlluvialCarats: 1200000, AlluvialValueUsd: 90000000, KimberliteCarats: 31000000, KimberliteValueUsd: 2500000000}})
	if err != nil || res.Code != 0 {
		t.Fatalf("report production: %v %+v", err, res)
	}
	c.WaitHeight(0, res.Height+1) // the state of that block proves against the next header
	served := c.Serve(0)

	page := browse(t, chrome, served+"/certificates/BW-WEB-1", filepath.Join(shots, "certificate-en.png"))
	for _, want := range []string{`data-verdict="VALID FOR ENTRY"`, `data-verified="true"`, "proved against the signatures of 1 of 1 authorities", "BW-SEAL-7",
		"Goods by HS code", `<tr data-hs="7102.10"><td>7102.10</td><td>1000.00</td><td>50000.00</td><td>1</td></tr>`, `<tr data-hs="7102.31">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the certificate's page: no %q in\n%s", want, page)
		}
	}

	page = browse(t, chrome, served+"/certificates/BW-WEB-1?lang=fr", filepath.Join(shots, "certificate-fr.png"))
	for _, want := range []string{`<html lang="fr">`, "VALABLE POUR L'ENTRÉE", "Vérifié : l'état à la hauteur", "Historique", "délivré", "Marchandises par code SH"} {
		if !strings.Contains(page, want) {
			t.Errorf("the French page: no %q in\n%s", want, page)
		}
	}

	page = browse(t, chrome, served+fmt.Sprintf("/statistics/BW?year=%d", now.UTC().Year()), filepath.Join(shots, "statistics-bw.png"))
	quarter := fmt.Sprintf("Q%d", (int(now.UTC().Month())-1)/3+1)
	if h := barHeight(t, page, "trade", "trade.exports", quarter); h <= 0 {
		t.Errorf("the %s export bar has height %d", quarter, h)
	}
	if int(year) != now.UTC().Year() { // the production reported is of last year's second half
		page = browse(t, chrome, served+fmt.Sprintf("/statistics/BW?year=%d", year), filepath.Join(shots, "statistics-bw-production.png"))
	}
	if h := barHeight(t, page, "production", "mining.kimberlite", fmt.Sprintf("H%d", half)); h <= 0 {
		t.Errorf("the kimberlite bar has height %d", h)
	}
	browse(t, chrome, served+fmt.Sprintf("/statistics?year=%d&lang=ru", year), filepath.Join(shots, "statistics-ru.png"))
	page = browse(t, chrome, served+"/participants/BW?lang=pt", filepath.Join(shots, "participant-pt.png"))
	if !strings.Contains(page, "Funcionários e as suas chaves públicas") {
		t.Errorf("the Portuguese participant page:\n%s", page)
	}
	t.Logf("screenshots in %s", shots)
}

// headlessShell finds Debian's chromium-headless-shell: $KPD_CHROME, its
// place in /usr/lib/chromium, or the PATH.
func headlessShell(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("KPD_CHROME"); path != "" {
		return path
	}
	for _, path := range []string{"/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chrome-headless-shell"} {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	for _, name := range []string{"chromium-headless-shell", "chrome-headless-shell"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Fatal("no chromium-headless-shell: apt-get install -y --no-install-recommends chromium-headless-shell, or set KPD_CHROME")
	return ""
}

// browse opens a page in the browser, saves its screenshot and returns its
// DOM as the browser built it.
func browse(t *testing.T, chrome, url, screenshot string) string {
	t.Helper()
	run := func(args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		args = append([]string{"--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--no-first-run", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}, args...)
		if os.Geteuid() == 0 {
			args = append([]string{"--no-sandbox"}, args...)
		}
		cmd := exec.CommandContext(ctx, chrome, append(args, url)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", chrome, url, err, stderr.String())
		}
		return string(out)
	}
	dom := run("--dump-dom")
	run("--screenshot="+screenshot, "--window-size=1280,1800")
	if info, err := os.Stat(screenshot); err != nil || info.Size() == 0 {
		t.Errorf("no screenshot of %s: %v", url, err)
	}
	return dom
}

// barHeight is the height of a chart's bar in a page's DOM.
func barHeight(t *testing.T, dom, chart, series, category string) int {
	t.Helper()
	svg := regexp.MustCompile(`(?s)<svg[^>]*data-chart="` + chart + `".*?</svg>`).FindString(dom)
	bar := regexp.MustCompile(`<rect class="bar"[^>]*height="(\d+)"[^>]*data-series="` + regexp.QuoteMeta(series) + `" data-category="` + category + `"`).FindStringSubmatch(svg)
	if bar == nil {
		t.Fatalf("no bar %s %s in chart %s:\n%s", series, category, chart, svg)
	}
	h, _ := strconv.Atoi(bar[1])
	return h
}
