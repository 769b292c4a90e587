package network

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

var (
	buildOnce sync.Once
	builtKPD  string
	buildErr  error
)

// KPD returns the path of a kpd binary built from this module, once per test
// binary, in a temporary directory.
func KPD() (string, error) {
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "kpd-build-")
		if err != nil {
			buildErr = err
			return
		}
		builtKPD = filepath.Join(dir, "kpd")
		cmd := exec.Command("go", "build", "-o", builtKPD, "./cmd/kpd")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/kpd: %v\n%s", err, out)
		}
	})
	return builtKPD, buildErr
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the kpledger module")
	}
	return filepath.Dir(gomod), nil
}
