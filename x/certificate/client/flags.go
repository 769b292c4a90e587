package client

import (
	"fmt"
	"strings"
	"time"

	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// parseAmount reads carats or US$ with at most two decimals, above zero.
func parseAmount(flag, s string) (int64, error) {
	n, err := format.ParseHundredths(s)
	if err != nil {
		return 0, fmt.Errorf("--%s %w", flag, err)
	}
	if n <= 0 {
		return 0, fmt.Errorf("--%s %s: must be greater than zero", flag, s)
	}
	return n, nil
}

// parseOrigin reads "BW", "MIXED" or "MIXED:AO,CD" (the list is sorted).
func parseOrigin(s string) (string, []string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	origin, list, hasList := strings.Cut(s, ":")
	var mixed []string
	if hasList {
		if origin != types.OriginMixed {
			return "", nil, fmt.Errorf("--origin %s: a list goes with MIXED only (MIXED:AO,CD)", s)
		}
		for _, o := range strings.Split(list, ",") {
			if o = strings.TrimSpace(o); o != "" {
				mixed = append(mixed, o)
			}
		}
		mixed = types.SortedUnique(mixed)
	}
	if err := types.ValidateOrigin(origin, mixed); err != nil {
		return "", nil, fmt.Errorf("--origin: %w", err)
	}
	return origin, mixed, nil
}

// parseExpiry reads an expiry: a date (valid to the end of that day, UTC), an
// RFC 3339 time, or a validity from now such as 30d or 720h.
func parseExpiry(s string, now time.Time) (int64, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && n > 0 && fmt.Sprint(n) == days {
			return now.Add(time.Duration(n) * 24 * time.Hour).Unix(), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d).Unix(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Second).Unix(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("--expires %q: a date (2005-12-31), an RFC 3339 time, or a validity such as 30d", s)
}

// parseDate reads a date or RFC 3339 time for a listing period (0 when empty).
func parseDate(flag, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Unix(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("--%s %q: a date (2005-11-15) or an RFC 3339 time", flag, s)
}

// parseParent reads NUMBER:CARATS.
func parseParent(s string) (types.Draw, error) {
	number, carats, ok := strings.Cut(s, ":")
	if !ok {
		return types.Draw{}, fmt.Errorf("--parent %q: NUMBER:CARATS", s)
	}
	n, err := parseAmount("parent", carats)
	if err != nil {
		return types.Draw{}, err
	}
	return types.Draw{Number: strings.ToUpper(number), Carats: n}, nil
}

// splitCodes reads a comma-separated list of participant codes.
func splitCodes(s string) []string {
	var codes []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			codes = append(codes, c)
		}
	}
	return codes
}
