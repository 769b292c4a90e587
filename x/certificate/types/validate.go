package types

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Origin codes and HS codes.
const (
	// OriginMixed declares goods of several origins.
	OriginMixed = "MIXED"
	// Bounds of list and text fields.
	MaxNumberLength = 32
	MaxTextLength   = 64
	MaxNoteLength   = 256
	MaxTransit      = 8
	MaxParents      = 16
	MaxStockDraws   = 16
	// MaxChildren bounds the re-exports drawing from one certificate, so that
	// its record (rewritten at every draw) stays small.
	MaxChildren = 256
	// MaxCustodyEvents bounds the hand-overs and re-seals of one shipment
	// (Certificate.CustodyEvents): a real shipment changes hands a few times
	// (reliability review D5: 3,000 transfers made one record of 399 KB and
	// 212 MB of state before the history had keys of its own).
	MaxCustodyEvents = 64
	MaxMixedOrigins  = 32
	// MaxCarats (hundredths: ten million carats) and MaxValueUsd (cents: US$10
	// billion) bound one shipment, far above any real one, so that one
	// certificate's sums (its lines, its sources) cannot overflow. Sums over
	// certificates can: they are checked (core/checked), and a transaction
	// that would wrap one is refused (reliability review D9).
	MaxCarats   int64 = 1_000_000_000
	MaxValueUsd int64 = 1_000_000_000_000
	// MaxStockCarats bounds one declaration of opening stock (hundredths: ten
	// billion carats); a stock's sums are checked (ErrStockOverflow).
	MaxStockCarats int64 = 1_000_000_000_000
)

// HSCodes are the Harmonized System codes of rough diamonds a KP certificate
// may carry: unsorted (7102.10), industrial unworked or simply sawn (7102.21),
// non-industrial unworked or simply sawn (7102.31).
var HSCodes = []string{"7102.10", "7102.21", "7102.31"}

// ValidateNumber checks a certificate number's form: 3 to 32 characters of
// A–Z, 0–9, '-', '/' and '.', starting with two letters (the issuer's code),
// in its normal form (NormalizeNumber), so that a printed number and the
// ledger's agree.
func ValidateNumber(number string) error {
	if len(number) < 3 || len(number) > MaxNumberLength {
		return ErrInvalidNumber.Wrapf("%q: 3 to %d characters", number, MaxNumberLength)
	}
	if n := NormalizeNumber(number); n != number {
		return ErrInvalidNumber.Wrapf("%q: write it %q", number, n)
	}
	for i := 0; i < len(number); i++ {
		c := number[i]
		letter := c >= 'A' && c <= 'Z'
		if i < 2 && !letter {
			return ErrInvalidNumber.Wrapf("%q: starts with the issuer's two-letter code", number)
		}
		if !letter && !(c >= '0' && c <= '9') && c != '-' && c != '/' && c != '.' {
			return ErrInvalidNumber.Wrapf("%q: only A-Z, 0-9, '-', '/' and '.'", number)
		}
	}
	return nil
}

// NormalizeNumber writes a certificate number as the ledger keeps it, from
// the way it is printed or typed: upper case; spaces, hyphens and underscores
// between its parts as one hyphen, none at either end nor beside a '/' or a
// '.'; a "KP-" before the
// issuer's code dropped ("KP-IN 0001" and "kp in-0001" are IN-0001). A "KP"
// that is itself the issuer's code (followed by digits) stays.
func NormalizeNumber(number string) string {
	var b strings.Builder
	separator := false
	for _, r := range strings.ToUpper(number) {
		switch r {
		case ' ', '\t', '-', '_', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014':
			last := b.String()
			separator = last != "" && !strings.HasSuffix(last, "/") && !strings.HasSuffix(last, ".")
			continue
		case '/', '.':
			separator = false
		}
		if separator {
			b.WriteByte('-')
			separator = false
		}
		b.WriteRune(r)
	}
	n := b.String()
	if rest, ok := strings.CutPrefix(n, "KP-"); ok && len(rest) >= 3 && isLetter(rest[0]) && isLetter(rest[1]) {
		return rest
	}
	return n
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// ValidateHSCode checks an HS code.
func ValidateHSCode(code string) error {
	for _, c := range HSCodes {
		if code == c {
			return nil
		}
	}
	return ErrInvalidHSCode.Wrapf("%q", code)
}

// ValidateOrigin checks a declared origin: one ISO 3166-1 alpha-2 code with no
// list, or MIXED with at least two codes in ascending order without repeats
// (one form for one list). MIXED without its origins is refused: an origin
// embargo could not see through it (review A2).
func ValidateOrigin(origin string, mixed []string) error {
	if origin != OriginMixed {
		if participanttypes.ValidateParticipantCode(origin) != nil {
			return ErrInvalidOrigin.Wrapf("%q: an ISO 3166-1 alpha-2 code or MIXED", origin)
		}
		if len(mixed) > 0 {
			return ErrInvalidOrigin.Wrapf("a list of origins goes with MIXED only, not %s", origin)
		}
		return nil
	}
	if len(mixed) == 0 {
		return ErrUnknownOrigins.Wrap("declare MIXED with its origins, e.g. MIXED:AO,CD")
	}
	if len(mixed) == 1 || len(mixed) > MaxMixedOrigins {
		return ErrInvalidOrigin.Wrapf("MIXED lists 2 to %d origins (one origin is that origin)", MaxMixedOrigins)
	}
	for i, o := range mixed {
		if participanttypes.ValidateParticipantCode(o) != nil {
			return ErrInvalidOrigin.Wrapf("%q in the MIXED list", o)
		}
		if i > 0 && mixed[i-1] >= o {
			return ErrInvalidOrigin.Wrap("the MIXED list is in ascending order without repeats")
		}
	}
	return nil
}

// ValidateOriginSet checks the origins of a stock: 1 to MaxMixedOrigins ISO
// codes in ascending order without repeats.
func ValidateOriginSet(origins []string) error {
	if len(origins) == 0 || len(origins) > MaxMixedOrigins {
		return ErrInvalidOrigin.Wrapf("%d origins: 1 to %d", len(origins), MaxMixedOrigins)
	}
	for i, o := range origins {
		if participanttypes.ValidateParticipantCode(o) != nil {
			return ErrInvalidOrigin.Wrapf("%q", o)
		}
		if i > 0 && origins[i-1] >= o {
			return ErrInvalidOrigin.Wrapf("origins %v: in ascending order without repeats", origins)
		}
	}
	return nil
}

// OriginSet returns the origins a declaration names.
func OriginSet(origin string, mixed []string) []string {
	if origin != OriginMixed {
		return []string{origin}
	}
	return mixed
}

// DeclareOrigins is the declaration of an origin set: its one origin, or
// MIXED with the sorted list.
func DeclareOrigins(origins []string) (string, []string) {
	origins = SortedUnique(origins)
	if len(origins) == 1 {
		return origins[0], nil
	}
	return OriginMixed, origins
}

// OriginText writes an origin declaration as officers type it: BW,
// MIXED:AO,CD.
func OriginText(origin string, mixed []string) string {
	if len(mixed) == 0 {
		return origin
	}
	return origin + ":" + strings.Join(mixed, ",")
}

// SortedUnique sorts codes and drops repeats.
func SortedUnique(codes []string) []string {
	out := append([]string(nil), codes...)
	sort.Strings(out)
	n := 0
	for i, c := range out {
		if i == 0 || c != out[n-1] {
			out[n] = c
			n++
		}
	}
	return out[:n]
}

// validateText checks a free-text field: UTF-8, no control characters, no
// surrounding spaces, at most max bytes; empty only when optional.
func validateText(field, s string, max int, optional bool) error {
	switch {
	case s == "" && optional:
		return nil
	case s == "":
		return ErrInvalidField.Wrapf("%s is required", field)
	case len(s) > max:
		return ErrInvalidField.Wrapf("%s: %d bytes, at most %d", field, len(s), max)
	case !utf8.ValidString(s):
		return ErrInvalidField.Wrapf("%s: not UTF-8", field)
	case strings.TrimSpace(s) != s:
		return ErrInvalidField.Wrapf("%s: surrounding spaces", field)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return ErrInvalidField.Wrapf("%s: control character", field)
		}
	}
	return nil
}

func validateAddress(field, address string) error {
	if _, err := participanttypes.ParseAddress(address); err != nil {
		return ErrInvalidField.Wrapf("%s: %v", field, err)
	}
	return nil
}
