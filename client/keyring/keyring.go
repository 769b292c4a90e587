package keyring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"
)

// Backends.
const (
	BackendTest = "test"
	BackendFile = "file"
)

// FormatVersion is the version of the key file format this package writes.
const FormatVersion = 1

// ErrNotFound is returned for a key name the keyring does not hold.
var ErrNotFound = errors.New("key not found")

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Key is a key's public part.
type Key struct {
	Name    string
	Address string // upper-case hex
	PubKey  ed25519.PubKey
}

// keyFile is the on-disk form of a key.
type keyFile struct {
	Version int    `json:"version"`
	Name    string `json:"name"`
	Backend string `json:"backend"`
	Type    string `json:"type"`
	Address string `json:"address"`
	PubKey  []byte `json:"pub_key"`
	// PrivKey is the clear private key (backend test).
	PrivKey []byte `json:"priv_key,omitempty"`
	// Sealed is the encrypted private key (backend file).
	Sealed *sealedKey `json:"sealed,omitempty"`
}

// Keyring is a directory of key files of one backend.
type Keyring struct {
	dir        string
	backend    string
	passphrase func(prompt string, confirm bool) (string, error)
}

// Open returns the keyring in dir. passphrase is asked for by the file backend
// (when confirm is true, twice); the test backend never calls it.
func Open(backend, dir string, passphrase func(prompt string, confirm bool) (string, error)) (*Keyring, error) {
	switch backend {
	case BackendTest, BackendFile:
	default:
		return nil, fmt.Errorf("unknown keyring backend %q (test or file)", backend)
	}
	return &Keyring{dir: dir, backend: backend, passphrase: passphrase}, nil
}

// Dir is the keyring's directory.
func (k *Keyring) Dir() string { return k.dir }

// Backend is the keyring's backend.
func (k *Keyring) Backend() string { return k.backend }

func (k *Keyring) path(name string) string { return filepath.Join(k.dir, name+".key.json") }

// Add creates a new random key.
func (k *Keyring) Add(name string) (Key, error) { return k.Import(name, ed25519.GenPrivKey()) }

// Import stores an existing private key under a new name.
func (k *Keyring) Import(name string, priv ed25519.PrivKey) (Key, error) {
	if !validName.MatchString(name) {
		return Key{}, fmt.Errorf("key name %q: use lower-case letters, digits, '.', '_' or '-' (at most 64)", name)
	}
	if _, err := os.Stat(k.path(name)); err == nil {
		return Key{}, fmt.Errorf("key %q already exists", name)
	}
	if len(priv) != ed25519.PrivateKeySize {
		return Key{}, fmt.Errorf("private key is %d bytes, want %d", len(priv), ed25519.PrivateKeySize)
	}
	pub := priv.PubKey().(ed25519.PubKey)
	f := keyFile{
		Version: FormatVersion, Name: name, Backend: k.backend, Type: ed25519.KeyType,
		Address: strings.ToUpper(pub.Address().String()), PubKey: pub,
	}
	switch k.backend {
	case BackendTest:
		f.PrivKey = priv
	case BackendFile:
		pass, err := k.ask(fmt.Sprintf("passphrase for new key %q", name), true)
		if err != nil {
			return Key{}, err
		}
		if f.Sealed, err = seal(priv, pass); err != nil {
			return Key{}, err
		}
	}
	bz, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return Key{}, err
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return Key{}, err
	}
	if err := writeFileAtomic(k.path(name), append(bz, '\n')); err != nil {
		return Key{}, err
	}
	return Key{Name: name, Address: f.Address, PubKey: pub}, nil
}

// Show returns a key's public part.
func (k *Keyring) Show(name string) (Key, error) {
	f, err := k.read(name)
	if err != nil {
		return Key{}, err
	}
	return Key{Name: f.Name, Address: f.Address, PubKey: f.PubKey}, nil
}

// PrivKey returns a key's private part, asking for the passphrase of a sealed key.
func (k *Keyring) PrivKey(name string) (ed25519.PrivKey, error) {
	f, err := k.read(name)
	if err != nil {
		return nil, err
	}
	var priv ed25519.PrivKey
	switch {
	case f.PrivKey != nil:
		priv = f.PrivKey
	case f.Sealed != nil:
		pass, err := k.ask(fmt.Sprintf("passphrase for key %q", name), false)
		if err != nil {
			return nil, err
		}
		if priv, err = open(f.Sealed, pass, f.PubKey); err != nil {
			return nil, fmt.Errorf("key %q: %w", name, err)
		}
	default:
		return nil, fmt.Errorf("key %q has no private part", name)
	}
	if len(priv) != ed25519.PrivateKeySize || !bytes.Equal(priv.PubKey().Bytes(), f.PubKey) {
		return nil, fmt.Errorf("key %q: private key does not match its public key", name)
	}
	return priv, nil
}

// List returns every key in name order.
func (k *Keyring) List() ([]Key, error) {
	entries, err := os.ReadDir(k.dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []Key
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".key.json")
		if !ok || e.IsDir() {
			continue
		}
		key, err := k.Show(name)
		if err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	return keys, nil
}

// Delete removes a key file.
func (k *Keyring) Delete(name string) error {
	if _, err := k.read(name); err != nil {
		return err
	}
	return os.Remove(k.path(name))
}

func (k *Keyring) read(name string) (*keyFile, error) {
	if !validName.MatchString(name) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, name)
	}
	bz, err := os.ReadFile(k.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q in %s", ErrNotFound, name, k.dir)
	}
	if err != nil {
		return nil, err
	}
	var f keyFile
	if err := json.Unmarshal(bz, &f); err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	if f.Version != FormatVersion {
		return nil, fmt.Errorf("key %q: file format version %d, this kpd reads %d", name, f.Version, FormatVersion)
	}
	if f.Backend != k.backend {
		return nil, fmt.Errorf("key %q belongs to the %s backend, not %s", name, f.Backend, k.backend)
	}
	if len(f.PubKey) != ed25519.PubKeySize {
		return nil, fmt.Errorf("key %q: bad public key", name)
	}
	return &f, nil
}

func (k *Keyring) ask(prompt string, confirm bool) (string, error) {
	if k.passphrase == nil {
		return "", errors.New("this keyring needs a passphrase and none can be asked for")
	}
	return k.passphrase(prompt, confirm)
}

// writeFileAtomic writes a 0600 file through a temporary file and a rename.
func writeFileAtomic(path string, bz []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(bz); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
