package keyring

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
)

func fixedPassphrase(p string) func(string, bool) (string, error) {
	return func(string, bool) (string, error) { return p, nil }
}

func TestBackendsRoundTrip(t *testing.T) {
	for _, backend := range []string{BackendTest, BackendFile} {
		t.Run(backend, func(t *testing.T) {
			dir := t.TempDir()
			kr, err := Open(backend, dir, fixedPassphrase("correct horse battery"))
			if err != nil {
				t.Fatal(err)
			}
			added, err := kr.Add("bw-issuer")
			if err != nil {
				t.Fatal(err)
			}
			priv, err := kr.PrivKey("bw-issuer")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(priv.PubKey().Bytes(), added.PubKey) {
				t.Fatal("private key does not match the public key")
			}
			info, err := os.Stat(filepath.Join(dir, "bw-issuer.key.json"))
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("key file mode %v (%v), want 0600", info.Mode().Perm(), err)
			}
			if _, err := kr.Add("bw-issuer"); err == nil {
				t.Fatal("a second key under one name was accepted")
			}
			keys, err := kr.List()
			if err != nil || len(keys) != 1 || keys[0].Address != added.Address {
				t.Fatalf("List = %v, %v", keys, err)
			}
			if _, err := kr.Show("za-issuer"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Show of a missing key: %v", err)
			}
		})
	}
}

func TestFileBackendRefusesWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	kr, _ := Open(BackendFile, dir, fixedPassphrase("correct horse battery"))
	if _, err := kr.Import("eu-admin", ed25519.GenPrivKey()); err != nil {
		t.Fatal(err)
	}
	wrong, _ := Open(BackendFile, dir, fixedPassphrase("incorrect horse"))
	if _, err := wrong.PrivKey("eu-admin"); !errors.Is(err, errWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	short, _ := Open(BackendFile, t.TempDir(), fixedPassphrase("short"))
	if _, err := short.Add("x"); err == nil {
		t.Fatal("a short passphrase was accepted")
	}
}

func TestBackendsDoNotMix(t *testing.T) {
	dir := t.TempDir()
	test, _ := Open(BackendTest, dir, nil)
	if _, err := test.Add("ru-admin"); err != nil {
		t.Fatal(err)
	}
	file, _ := Open(BackendFile, dir, fixedPassphrase("correct horse battery"))
	if _, err := file.PrivKey("ru-admin"); err == nil {
		t.Fatal("the file backend read a test-backend key")
	}
}
