package types

import (
	"bytes"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/core/envelope"
)

// MaxNameLength bounds officer, operator, participant and observer names (bytes).
const MaxNameLength = 128

// ParseAddress reads the canonical text form of an address. Signed messages
// must use upper-case hex so that one address has one encoding.
func ParseAddress(s string) ([]byte, error) {
	if len(s) != 2*envelope.AddressLength || strings.ToUpper(s) != s {
		return nil, ErrInvalidAddress.Wrapf("%q: want %d upper-case hex digits", s, 2*envelope.AddressLength)
	}
	a, err := hex.DecodeString(s)
	if err != nil {
		return nil, ErrInvalidAddress.Wrapf("%q: %v", s, err)
	}
	return a, nil
}

// ValidatePubKey checks that a public key is a 32-byte ed25519 key.
func ValidatePubKey(pubKey []byte) error {
	if len(pubKey) != ed25519.PubKeySize {
		return ErrInvalidPubKey.Wrapf("%d bytes, want %d (ed25519)", len(pubKey), ed25519.PubKeySize)
	}
	if bytes.Equal(pubKey, make([]byte, ed25519.PubKeySize)) {
		return ErrInvalidPubKey.Wrap("all zero")
	}
	return nil
}

// ValidateParticipantCode checks a participant code: two upper-case letters
// (ISO 3166-1 alpha-2, or EU for the European Community).
func ValidateParticipantCode(code string) error {
	if len(code) != 2 || !isUpperLetters(code) {
		return ErrInvalidCode.Wrapf("%q: want two upper-case letters (ISO 3166-1 alpha-2)", code)
	}
	return nil
}

// ValidateObserverCode checks an observer code: 2 to 8 upper-case letters.
func ValidateObserverCode(code string) error {
	if len(code) < 2 || len(code) > 8 || !isUpperLetters(code) {
		return ErrInvalidCode.Wrapf("%q: want 2 to 8 upper-case letters", code)
	}
	return nil
}

func isUpperLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// ValidateName checks a human name: valid UTF-8, 1 to MaxNameLength bytes, no
// control characters, no surrounding spaces.
func ValidateName(name string) error {
	switch {
	case name == "":
		return ErrInvalidName.Wrap("empty")
	case len(name) > MaxNameLength:
		return ErrInvalidName.Wrapf("%d bytes, at most %d", len(name), MaxNameLength)
	case !utf8.ValidString(name):
		return ErrInvalidName.Wrap("not UTF-8")
	case strings.TrimSpace(name) != name:
		return ErrInvalidName.Wrapf("%q has surrounding spaces", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return ErrInvalidName.Wrapf("%q has a control character", name)
		}
	}
	return nil
}

// MaxTimeZoneLength bounds an IANA time zone name.
const MaxTimeZoneLength = 64

// ValidateTimeZone checks the form of an IANA time zone name
// ("America/Argentina/Buenos_Aires", "Etc/GMT+4"; empty is UTC): segments of
// letters, digits, '_', '-' and '+' separated by '/'. Whether the name is in
// the time zone database is the client's concern: the database differs
// between machines, and the state machine must not.
func ValidateTimeZone(zone string) error {
	if zone == "" {
		return nil
	}
	if len(zone) > MaxTimeZoneLength {
		return ErrInvalidTimeZone.Wrapf("%q: at most %d bytes", zone, MaxTimeZoneLength)
	}
	for _, segment := range strings.Split(zone, "/") {
		if segment == "" || segment == "." || segment == ".." {
			return ErrInvalidTimeZone.Wrapf("%q: segments separated by '/'", zone)
		}
		for i := 0; i < len(segment); i++ {
			c := segment[i]
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '+') {
				return ErrInvalidTimeZone.Wrapf("%q: letters, digits, '_', '-', '+' and '/'", zone)
			}
		}
	}
	return nil
}

// NormalizeCode reads a participant code as an officer types it: upper case,
// without surrounding spaces, and EC (the European Community's name in 2005;
// Ecuador was not a participant) as EU, the code the ledger uses.
func NormalizeCode(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "EC" {
		return "EU"
	}
	return code
}
