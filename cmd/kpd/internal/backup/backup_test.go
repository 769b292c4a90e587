package backup

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
)

// TestBackupRoundTrip: a stopped node's home restores file for file, without
// its validator key unless asked; a fresh home is required; an archive whose
// file differs from its manifest, or that names a path outside the home, is
// refused.
func TestBackupRoundTrip(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	if _, err := testnet.InitHome(home, "node", "kpledger-test", time.Minute, testnet.NetworkSettings{}); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	m, err := Create(home, archive, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.ChainID != "kpledger-test" || m.ValidatorKey {
		t.Fatalf("manifest %+v", m)
	}
	for _, f := range validatorFiles {
		if _, listed := m.Files[f]; listed {
			t.Fatalf("%s is in a backup without the validator key", f)
		}
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(archive, restored); err != nil {
		t.Fatal(err)
	}
	for rel := range m.Files {
		a, _ := os.ReadFile(filepath.Join(home, rel))
		b, err := os.ReadFile(filepath.Join(restored, rel))
		if err != nil || string(a) != string(b) {
			t.Fatalf("%s differs after the restore: %v", rel, err)
		}
	}
	if _, err := Restore(archive, restored); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a restore over a home: %v", err)
	}

	withKey := filepath.Join(t.TempDir(), "with-key.tar.gz")
	if m, err := Create(home, withKey, Options{WithValidatorKey: true}); err != nil || !m.ValidatorKey || m.Files[validatorFiles[0]] == "" {
		t.Fatalf("with the validator key: %v %+v", err, m)
	}

	rewrite := func(name string, edit func(hdr *tar.Header, body []byte) (*tar.Header, []byte)) string {
		out := filepath.Join(t.TempDir(), name)
		in, err := os.Open(archive)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		gz, _ := gzip.NewReader(in)
		tr := tar.NewReader(gz)
		f, _ := os.Create(out)
		gw := gzip.NewWriter(f)
		tw := tar.NewWriter(gw)
		for {
			hdr, err := tr.Next()
			if err == io.EOF {
				break
			}
			body, _ := io.ReadAll(tr)
			hdr, body = edit(hdr, body)
			hdr.Size = int64(len(body))
			_ = tw.WriteHeader(hdr)
			_, _ = tw.Write(body)
		}
		tw.Close()
		gw.Close()
		f.Close()
		return out
	}
	tampered := rewrite("tampered.tar.gz", func(hdr *tar.Header, body []byte) (*tar.Header, []byte) {
		if hdr.Name == "config/genesis.json" {
			body = []byte(strings.Replace(string(body), "kpledger-test", "kpledger-evil", 1))
		}
		return hdr, body
	})
	if _, err := Restore(tampered, filepath.Join(t.TempDir(), "h")); err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("a tampered archive: %v", err)
	}
	escaping := rewrite("escaping.tar.gz", func(hdr *tar.Header, body []byte) (*tar.Header, []byte) {
		if hdr.Name == "config/genesis.json" {
			hdr.Name = "../genesis.json"
		}
		return hdr, body
	})
	if _, err := Restore(escaping, filepath.Join(t.TempDir(), "h")); err == nil || !strings.Contains(err.Error(), "not in the manifest") {
		t.Fatalf("an entry outside the home: %v", err)
	}
}
