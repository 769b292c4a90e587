package format

import (
	"fmt"
	"strings"
)

// Names are the words people type and read for the values of a proto enum
// ("importer-authority" for ROLE_IMPORTER_AUTHORITY); JSON keeps the proto
// names (DESIGN §4). Values are numbered from 1 without gaps, as every enum of
// the project is.
type Names[E ~int32] struct {
	what  string
	words map[E]string
	proto map[string]int32
}

// NewNames returns the names of an enum: what it is ("role"), its generated
// name → value map, and a word for every value but 0.
func NewNames[E ~int32](what string, proto map[string]int32, words map[E]string) Names[E] {
	return Names[E]{what: what, words: words, proto: proto}
}

// Name is a value's word, or "unspecified(N)" for a value without one.
func (n Names[E]) Name(v E) string {
	if w, ok := n.words[v]; ok {
		return w
	}
	return fmt.Sprintf("unspecified(%d)", int32(v))
}

// Parse reads a value's word ("issuer") or its proto name ("ROLE_ISSUER").
func (n Names[E]) Parse(s string) (E, error) {
	for v, w := range n.words {
		if w == s {
			return v, nil
		}
	}
	if v, ok := n.proto[strings.ToUpper(s)]; ok && v != 0 {
		return E(v), nil
	}
	valid := make([]string, 0, len(n.words))
	for v := E(1); int(v) <= len(n.words); v++ {
		valid = append(valid, n.words[v])
	}
	return 0, fmt.Errorf("unknown %s %q (one of %s)", n.what, s, strings.Join(valid, ", "))
}
