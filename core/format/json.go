package format

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cosmos/gogoproto/jsonpb"
	"github.com/cosmos/gogoproto/proto"
)

// MarshalJSON renders a message for people and programs: indented, proto
// field names, quantities in their units.
func MarshalJSON(msg proto.Message) ([]byte, error) {
	raw, err := marshalPlain(msg, "")
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := convert(dec, &out, ""); err != nil {
		return nil, fmt.Errorf("json units: %w", err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, out.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return indented.Bytes(), nil
}

// MarshalGenesisJSON renders a genesis section: plain jsonpb, indented.
func MarshalGenesisJSON(msg proto.Message) ([]byte, error) { return marshalPlain(msg, "  ") }

// UnmarshalJSON reads a message from plain jsonpb, refusing unknown fields.
func UnmarshalJSON(bz []byte, into proto.Message) error {
	return (&jsonpb.Unmarshaler{}).Unmarshal(bytes.NewReader(bz), into)
}

func marshalPlain(msg proto.Message, indent string) ([]byte, error) {
	var buf bytes.Buffer
	m := jsonpb.Marshaler{OrigName: true, EmitDefaults: true, Indent: indent}
	if err := m.Marshal(&buf, msg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// convert copies one JSON value from dec to out, rewriting scalars by the
// name of the field that holds them.
func convert(dec *json.Decoder, out *bytes.Buffer, field string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			for first := true; dec.More(); first = false {
				keyTok, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := keyTok.(string)
				if !first {
					out.WriteByte(',')
				}
				writeJSON(out, key)
				out.WriteByte(':')
				if err := convert(dec, out, key); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for first := true; dec.More(); first = false {
				if !first {
					out.WriteByte(',')
				}
				if err := convert(dec, out, field); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
		}
	default:
		v, err := unit(field, tok)
		if err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
		writeJSON(out, v)
	}
	return nil
}

// unit rewrites a scalar by the convention; others pass unchanged.
func unit(field string, tok json.Token) (any, error) {
	switch {
	case field == "carats" || strings.HasSuffix(field, "carats"):
		return decimal(tok)
	case strings.HasSuffix(field, "_usd"):
		return decimal(tok)
	case field == "time" || strings.HasSuffix(field, "_at"):
		n, err := integer(tok)
		if err != nil || n == 0 {
			return nil, err
		}
		return Time(n), nil
	case strings.HasSuffix(field, "_hash"):
		s, ok := tok.(string)
		if !ok {
			return tok, nil
		}
		bz, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, err
		}
		return strings.ToUpper(hex.EncodeToString(bz)), nil
	}
	return tok, nil
}

// decimal shows an integer count of hundredths with two decimals.
func decimal(tok json.Token) (any, error) {
	n, err := integer(tok)
	if err != nil {
		return nil, err
	}
	return Hundredths(n), nil
}

// Time shows Unix seconds of block time in RFC 3339 UTC, or "-" for none.
func Time(t int64) string {
	if t == 0 {
		return "-"
	}
	return time.Unix(t, 0).UTC().Format(time.RFC3339)
}

// Hundredths shows hundredths (carats or cents) with two decimals.
func Hundredths(n int64) string {
	sign := ""
	u := uint64(n)
	if n < 0 {
		sign, u = "-", uint64(-n)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// ParseHundredths reads a non-negative decimal with at most two decimals
// ("1523.4", "1523.40", "1523") as hundredths.
func ParseHundredths(s string) (int64, error) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || (hasFrac && (frac == "" || len(frac) > 2)) {
		return 0, fmt.Errorf("%q: want a number with at most two decimals", s)
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, fmt.Errorf("%q: want a number with at most two decimals", s)
			}
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, err)
	}
	return n, nil
}

func integer(tok json.Token) (int64, error) {
	switch v := tok.(type) {
	case string:
		return strconv.ParseInt(v, 10, 64)
	case json.Number:
		return v.Int64()
	}
	return 0, fmt.Errorf("not an integer: %v", tok)
}

func writeJSON(out io.Writer, v any) {
	bz, _ := json.Marshal(v)
	out.Write(bz)
}
