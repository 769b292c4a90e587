package apptest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kpledger/kpledger/core/format"
)

// args are a script command's words: positional ones in order, and
// key=value ones, each of which must be used once.
type args struct {
	positional []string
	named      map[string]string
	used       map[string]bool
}

func newArgs(words []string) *args {
	a := &args{named: map[string]string{}, used: map[string]bool{}}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok && k != "" && !strings.ContainsAny(k, " \"") {
			a.named[k] = v
			continue
		}
		a.positional = append(a.positional, w)
	}
	return a
}

// done refuses named arguments nobody asked for: a misspelt option.
func (a *args) done() error {
	var unknown []string
	for k := range a.named {
		if !a.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		return fmt.Errorf("unknown options %v", unknown)
	}
	return nil
}

// next takes the next positional argument.
func (a *args) next(what string) (string, error) {
	if len(a.positional) == 0 {
		return "", fmt.Errorf("%s missing", what)
	}
	v := a.positional[0]
	a.positional = a.positional[1:]
	return v, nil
}

func (a *args) has(key string) bool { _, ok := a.named[key]; return ok }

func (a *args) str(key, fallback string) string {
	a.used[key] = true
	if v, ok := a.named[key]; ok {
		return v
	}
	return fallback
}

// list is a comma-separated option.
func (a *args) list(key string) []string {
	v := a.str(key, "")
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// hundredths is an amount with two decimals (carats, US$).
func (a *args) hundredths(key string, fallback int64) (int64, error) {
	v := a.str(key, "")
	if v == "" {
		return fallback, nil
	}
	n, err := format.ParseHundredths(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return n, nil
}

func (a *args) uint(key string, fallback uint64) (uint64, error) {
	v := a.str(key, "")
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return n, nil
}

func (a *args) duration(key string, fallback time.Duration) (time.Duration, error) {
	v := a.str(key, "")
	if v == "" {
		return fallback, nil
	}
	d, err := parseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return d, nil
}

// date is a day (2006-03-06) as Unix seconds at midnight UTC.
func (a *args) date(key string) (int64, error) {
	v := a.str(key, "")
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return 0, fmt.Errorf("%s: want a date such as 2006-03-06, got %q", key, v)
	}
	return t.Unix(), nil
}

// time is a day (midnight UTC) or an RFC 3339 time, as Unix seconds.
func (a *args) time(key string) (int64, error) {
	v := a.str(key, "")
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.Unix(), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return 0, fmt.Errorf("%s: want a date (2005-12-10) or an RFC 3339 time, got %q", key, v)
	}
	return t.Unix(), nil
}

// parseDuration reads 30d, 16h, 90m or 5s.
func parseDuration(s string) (time.Duration, error) {
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute, 's': time.Second}
	if len(s) < 2 || units[s[len(s)-1]] == 0 {
		return 0, fmt.Errorf("duration %q: a number and d, h, m or s", s)
	}
	n, err := strconv.ParseUint(s[:len(s)-1], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return time.Duration(n) * units[s[len(s)-1]], nil
}

// splitWords splits a command line on spaces; double quotes keep spaces in
// a word (name="Okavango Diamond Company") and are removed.
func splitWords(line string) ([]string, error) {
	var words []string
	var word strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unclosed quote in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return words, nil
}
