package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A full run rewrites only what lies between the README's bench markers:
// the text before and after, the hand-written reading of the figures, stays.
func TestRewriteReadme(t *testing.T) {
	r := &Report{Date: time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC), Machine: Machine{CPU: "Test CPU", Cores: 2, MemoryGB: 24, Go: "go1.26.8", OS: "linux/amd64"},
		StepSeconds: 30, WarmupSeconds: 5,
		Targets: []Target{{Name: "replay", Want: "≥ 10,000 tx/s", Got: "6,000 tx/s", Result: verdict(false)}, {Name: "lookup", Want: "< 5 ms", Got: "4 ms", Result: verdict(true)}}}
	path := filepath.Join(t.TempDir(), "README.md")
	before := "# kpledger\n\n## Performance\n\n" + readmeBegin + "\n\nthe figures of an older run\n\n" + readmeEnd + "\n\n### Where the time goes\n\nwritten by hand\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := RewriteReadme(path, r.ReadmeSection()); err != nil {
		t.Fatal(err)
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	after := string(bz)
	for _, want := range []string{"# kpledger\n\n## Performance\n\n" + readmeBegin + "\n\nMeasured with `kpd bench` (`make bench`) on 2026-12-03 16:00 UTC",
		"| replay | ≥ 10,000 tx/s | 6,000 tx/s | **FAIL** |", "| lookup | < 5 ms | 4 ms | PASS |", readmeEnd + "\n\n### Where the time goes\n\nwritten by hand\n"} {
		if !strings.Contains(after, want) {
			t.Errorf("rewritten README lacks %q:\n%s", want, after)
		}
	}
	if strings.Contains(after, "an older run") {
		t.Errorf("the older figures are still there:\n%s", after)
	}
	// Twice gives the same text.
	if err := RewriteReadme(path, r.ReadmeSection()); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != after {
		t.Errorf("a second rewrite changed the README")
	}
}

func TestRewriteReadmeNeedsItsMarkers(t *testing.T) {
	for name, text := range map[string]string{
		"none":       "# kpledger\n",
		"end only":   readmeEnd + "\n",
		"reversed":   readmeEnd + "\n" + readmeBegin + "\n",
		"begin only": readmeBegin + "\n",
	} {
		path := filepath.Join(t.TempDir(), "README.md")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := RewriteReadme(path, []byte("figures")); err == nil {
			t.Errorf("%s: no error", name)
		}
		if bz, _ := os.ReadFile(path); string(bz) != text {
			t.Errorf("%s: the README was changed", name)
		}
	}
}
