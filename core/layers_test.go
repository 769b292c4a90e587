package core_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const project = "github.com/kpledger/kpledger/"

// layer places a package of the project (its path inside the repository) on
// the floor of DESIGN's data flow: core, modules, the app, the tools around
// it, the binary, and the test kits above all.
func layer(dir string) (int, string) {
	parts := strings.Split(dir, "/")
	switch {
	case parts[0] == "core":
		return 0, "core (the foundation)"
	case parts[0] == "x" && len(parts) >= 3 && parts[2] == "client":
		return 3, "a module's client"
	case parts[0] == "x":
		return 1, "a module"
	case dir == "app/apptest":
		return 5, "a test kit"
	case parts[0] == "app":
		return 2, "the app"
	case parts[0] == "client", parts[0] == "genesis", parts[0] == "networks":
		return 3, "a client or tool"
	case parts[0] == "cmd":
		return 4, "the binary"
	case parts[0] == "testutil", parts[0] == "e2e":
		return 5, "a test kit"
	}
	return -1, ""
}

// isClient reports whether a package talks to nodes: client/ and the
// modules' x/*/client.
func isClient(dir string) bool {
	parts := strings.Split(dir, "/")
	return parts[0] == "client" || (parts[0] == "x" && len(parts) >= 3 && parts[2] == "client")
}

// wireContract reports whether a client may import a package: the
// foundation, the modules' types (query paths, messages, limits, events) and
// other clients — never a keeper, a module's wiring or the app.
func wireContract(target string) bool {
	parts := strings.Split(target, "/")
	return parts[0] == "core" || isClient(target) || (parts[0] == "x" && len(parts) == 3 && parts[2] == "types")
}

// TestLayers checks every import of every package of the project (test files
// aside, which may use the test kits): an import never runs to a higher
// floor, so the foundation imports nothing of the app or the modules, the
// modules nothing of the app, and the app nothing of its clients; and a
// client imports the wire contract only.
func TestLayers(t *testing.T) {
	root := repositoryRoot(t)
	forEachGoFile(t, root, func(path, dir string, imports []string) {
		if strings.HasSuffix(path, "_test.go") {
			return
		}
		from, fromName := layer(dir)
		if from < 0 {
			t.Errorf("%s: package %s is on no floor: place it in core/layers_test.go", path, dir)
			return
		}
		for _, imp := range imports {
			target, ok := strings.CutPrefix(imp, project)
			if !ok {
				continue
			}
			if to, toName := layer(target); to > from {
				t.Errorf("%s (%s) imports %s (%s): imports run cmd → client → app → x → core, never back up", path, fromName, target, toName)
			}
			if isClient(dir) && !wireContract(target) {
				t.Errorf("%s (a client) imports %s: clients import the wire contract only (core, x/*/types, other clients)", path, target)
			}
		}
	})
}

// TestImportGroups checks the three import groups of the CometBFT style
// guide, in order: the standard library, other modules, this project.
func TestImportGroups(t *testing.T) {
	root := repositoryRoot(t)
	forEachGoFile(t, root, func(path, _ string, imports []string) {
		if strings.HasSuffix(path, ".pb.go") {
			return
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(root, path), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		kind := func(p string) int {
			switch {
			case strings.HasPrefix(p, project):
				return 2
			case strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
				return 1
			}
			return 0
		}
		last, lastLine, group := -1, 0, -1
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			line := fset.Position(spec.Pos()).Line
			k := kind(p)
			newGroup := lastLine != 0 && line > lastLine+1
			switch {
			case k < last:
				t.Errorf("%s: import %q comes after a later group (standard library, other modules, this project)", path, p)
			case k != last && last >= 0 && !newGroup:
				t.Errorf("%s: import %q shares a group with another kind of import", path, p)
			case k == last && newGroup && group == k:
				t.Errorf("%s: import %q starts a second group of its kind", path, p)
			}
			if newGroup || last < 0 {
				group = k
			}
			last, lastLine = k, line
		}
	})
}

func repositoryRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// forEachGoFile calls visit with every Go file's path and package directory
// (relative to root) and its imports.
func forEachGoFile(t *testing.T, root string, visit func(path, dir string, imports []string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if full != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "build") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), full, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		var imports []string
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			imports = append(imports, p)
		}
		path, _ := filepath.Rel(root, full)
		visit(filepath.ToSlash(path), filepath.ToSlash(filepath.Dir(path)), imports)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
