package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

// ManifestName is the archive's first entry.
const ManifestName = "MANIFEST.json"

// Manifest describes a backup.
type Manifest struct {
	Version      string            `json:"kpd_version"`
	ChainID      string            `json:"chain_id"`
	Height       int64             `json:"height"`
	AppHash      string            `json:"app_hash"`
	Created      time.Time         `json:"created"`
	ValidatorKey bool              `json:"validator_key"`
	Files        map[string]string `json:"files"` // path → sha256 hex
}

// Options of Create.
type Options struct {
	// WithValidatorKey includes config/priv_validator_key.json and
	// data/priv_validator_state.json.
	WithValidatorKey bool
}

// validatorFiles are a home's validator key and signing state.
var validatorFiles = []string{"config/priv_validator_key.json", "data/priv_validator_state.json"}

// skipped tells which paths of a home a backup leaves out.
func skipped(rel string, o Options) bool {
	switch {
	case rel == "kpd.pid", rel == "kpd.log", rel == "keyring", strings.HasPrefix(rel, "keyring/"),
		rel == node.StateSyncTempDir, strings.HasPrefix(rel, node.StateSyncTempDir+"/"):
		return true
	}
	for _, f := range validatorFiles {
		if rel == f {
			return !o.WithValidatorKey
		}
	}
	return false
}

// Create writes the home of a stopped node to out. It refuses a running node:
// its databases are open (and locked) by it.
func Create(home, out string, o Options) (*Manifest, error) {
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return nil, err
	}
	application, err := node.OpenApp(home, nil)
	if err != nil {
		if strings.Contains(err.Error(), "resource temporarily unavailable") || strings.Contains(err.Error(), "lock") {
			return nil, fmt.Errorf("the node of %s is running (its state database is locked): stop it first — "+
				"systemctl stop kpd — and back it up then; a node can also be rebuilt from the network by state sync", home)
		}
		return nil, err
	}
	height, hash := application.LastCommit()
	chainID := ""
	if bz, err := os.ReadFile(conf.GenesisFile()); err == nil {
		var g struct {
			ChainID string `json:"chain_id"`
		}
		_ = json.Unmarshal(bz, &g)
		chainID = g.ChainID
	}
	if err := application.Close(); err != nil {
		return nil, err
	}
	m := &Manifest{Version: app.Version, ChainID: chainID, Height: height, AppHash: fmt.Sprintf("%X", hash),
		Created: time.Now().UTC(), ValidatorKey: o.WithValidatorKey, Files: map[string]string{}}
	var files []string
	err = filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(home, path)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if skipped(rel, o) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			sum, err := fileSHA256(path)
			if err != nil {
				return err
			}
			m.Files[rel] = sum
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return m, writeArchive(home, out, m, files)
}

func writeArchive(home, out string, m *Manifest, files []string) (err error) {
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(out)
		}
	}()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(manifest)), ModTime: m.Created}); err != nil {
		return err
	}
	if _, err := tw.Write(manifest); err != nil {
		return err
	}
	for _, rel := range files {
		if err := addFile(tw, filepath.Join(home, filepath.FromSlash(rel)), rel); err != nil {
			return err
		}
	}
	if err := errors.Join(tw.Close(), gz.Close()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

func addFile(tw *tar.Writer, path, rel string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: rel, Mode: int64(info.Mode().Perm()), Size: info.Size(), ModTime: info.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Restore unpacks a backup into home, which must not exist or be empty; every
// file is checked against the manifest.
func Restore(in, home string) (*Manifest, error) {
	if entries, err := os.ReadDir(home); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: restore into a fresh home", home)
	}
	f, err := os.Open(in)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != ManifestName {
		return nil, fmt.Errorf("%s: not a kpd backup (no %s first)", in, ManifestName)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, 64<<20)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rel := hdr.Name
		want, listed := m.Files[rel]
		if !listed || !filepath.IsLocal(filepath.FromSlash(rel)) || hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: entry %q is not in the manifest", in, rel)
		}
		path := filepath.Join(home, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		if err := extract(tr, path, os.FileMode(hdr.Mode).Perm(), want); err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		seen[rel] = true
	}
	for rel := range m.Files {
		if !seen[rel] {
			return nil, fmt.Errorf("%s: %s is missing from the archive", in, rel)
		}
	}
	return &m, nil
}

func extract(r io.Reader, path string, mode os.FileMode, want string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode|0o600)
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), r); err != nil {
		f.Close()
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		f.Close()
		return fmt.Errorf("sha256 %s, the manifest says %s", got, want)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
