package types

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/kpledger/kpledger/core/format"
)

// MaxLines bounds a certificate's HS lines: one per HS code of rough
// diamonds, with room to spare.
const MaxLines = 8

// validateLines checks the lines of a MsgIssue that has some: at most
// MaxLines, distinct HS codes of HSCodes, carats above zero each, hs_code
// empty, and carats, value and parcels equal to the lines' sums (never left
// zero for the ledger to derive: what the officer signs states both).
func (m *MsgIssue) validateLines() error {
	if len(m.Lines) > MaxLines {
		return ErrInvalidLines.Wrapf("%d lines, at most %d", len(m.Lines), MaxLines)
	}
	if m.HsCode != "" {
		return ErrInvalidLines.Wrapf("hs code %q given with lines: each line gives its own", m.HsCode)
	}
	seen := map[string]bool{}
	var carats, value int64
	var parcels uint64
	for _, l := range m.Lines {
		if err := ValidateHSCode(l.HsCode); err != nil {
			return err
		}
		if seen[l.HsCode] {
			return ErrInvalidLines.Wrapf("HS code %s on two lines", l.HsCode)
		}
		seen[l.HsCode] = true
		if l.Carats <= 0 || l.Carats > MaxCarats || l.ValueUsd < 0 || l.ValueUsd > MaxValueUsd {
			return ErrNotPositive.Wrapf("line %s: carats %d (above zero), value %d", l.HsCode, l.Carats, l.ValueUsd)
		}
		carats += l.Carats
		value += l.ValueUsd
		parcels += uint64(l.Parcels)
	}
	if carats != m.Carats || value != m.ValueUsd || parcels != uint64(m.Parcels) {
		return ErrLineTotals.Wrapf("the lines give %s ct, US$ %s, %d parcels; the certificate says %s ct, US$ %s, %d parcels",
			format.Hundredths(carats), format.Hundredths(value), parcels, format.Hundredths(m.Carats), format.Hundredths(m.ValueUsd), m.Parcels)
	}
	return nil
}

// CertificateLines are the lines a MsgIssue gives its certificate: its own,
// or the one line of the one-line form.
func (m *MsgIssue) CertificateLines() []HSLine {
	if len(m.Lines) > 0 {
		return append([]HSLine(nil), m.Lines...)
	}
	return []HSLine{{HsCode: m.HsCode, Carats: m.Carats, ValueUsd: m.ValueUsd, Parcels: m.Parcels}}
}

// Lines are a certificate's goods by HS code: its lines, or — for a record
// without them — one line of its totals.
func Lines(c *Certificate) []HSLine {
	if len(c.Lines) > 0 {
		return c.Lines
	}
	return []HSLine{{HsCode: c.HsCode, Carats: c.Carats, ValueUsd: c.ValueUsd, Parcels: c.Parcels}}
}

// HSCodesOf are a certificate's HS codes, in the order of its lines.
func HSCodesOf(c *Certificate) []string {
	lines := Lines(c)
	codes := make([]string, len(lines))
	for i, l := range lines {
		codes[i] = l.HsCode
	}
	return codes
}

// ReceivedLines spread what the importing side confirmed over the
// certificate's lines. Confirmed as certified, they are the lines; re-weighed
// or re-valued, the received carats are spread in proportion to the lines'
// certified carats, the received value in proportion to their certified value
// (to their carats when no line has a value) and the received parcels in
// proportion to their parcels (to their carats when none has any), each in
// whole hundredths (whole parcels) rounded down, the remainder going to the
// largest line by that measure, ties to the first HS code in HSCodes order.
// The result is deterministic and sums to the received totals.
func ReceivedLines(c *Certificate) []HSLine {
	lines := Lines(c)
	out := make([]HSLine, len(lines))
	caratsOf := func(l HSLine) int64 { return l.Carats }
	valueOf := func(l HSLine) int64 { return l.ValueUsd }
	parcelsOf := func(l HSLine) int64 { return int64(l.Parcels) }
	if total(lines, valueOf) == 0 {
		valueOf = caratsOf
	}
	if total(lines, parcelsOf) == 0 {
		parcelsOf = caratsOf
	}
	carats := spread(lines, c.ReceivedCarats, caratsOf)
	value := spread(lines, c.ReceivedValueUsd, valueOf)
	parcels := spread(lines, int64(c.ReceivedParcels), parcelsOf)
	for i, l := range lines {
		out[i] = HSLine{HsCode: l.HsCode, Carats: carats[i], ValueUsd: value[i], Parcels: uint32(parcels[i])}
	}
	return out
}

func total(lines []HSLine, weight func(HSLine) int64) int64 {
	var sum int64
	for _, l := range lines {
		sum += weight(l)
	}
	return sum
}

// spread divides amount over the lines in proportion to weight (see
// ReceivedLines); the weights sum to more than zero.
func spread(lines []HSLine, amount int64, weight func(HSLine) int64) []int64 {
	shares := make([]int64, len(lines))
	sum := total(lines, weight)
	if sum <= 0 {
		shares[0] = amount
		return shares
	}
	given := int64(0)
	for i, l := range lines {
		share := new(big.Int).Mul(big.NewInt(amount), big.NewInt(weight(l)))
		shares[i] = share.Quo(share, big.NewInt(sum)).Int64()
		given += shares[i]
	}
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		wa, wb := weight(lines[order[a]]), weight(lines[order[b]])
		if wa != wb {
			return wa > wb
		}
		return lines[order[a]].HsCode < lines[order[b]].HsCode
	})
	shares[order[0]] += amount - given
	return shares
}

// HSCodeText is a certificate's HS codes as one text: its lines' codes
// joined by "+" in their order (the one code of a one-line certificate).
func HSCodeText(c *Certificate) string { return strings.Join(HSCodesOf(c), "+") }

// ParseHSLine reads a line written HS:CARATS:VALUE:PARCELS, carats and
// US$ value in decimals (7102.31:1000.50:120000.00:2).
func ParseHSLine(s string) (HSLine, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 {
		return HSLine{}, fmt.Errorf("line %q: write HS:CARATS:VALUE:PARCELS", s)
	}
	carats, err := format.ParseHundredths(parts[1])
	if err != nil {
		return HSLine{}, fmt.Errorf("line %q: carats: %w", s, err)
	}
	value, err := format.ParseHundredths(parts[2])
	if err != nil {
		return HSLine{}, fmt.Errorf("line %q: value: %w", s, err)
	}
	parcels, err := strconv.ParseUint(parts[3], 10, 32)
	if err != nil {
		return HSLine{}, fmt.Errorf("line %q: parcels: %w", s, err)
	}
	return HSLine{HsCode: parts[0], Carats: carats, ValueUsd: value, Parcels: uint32(parcels)}, nil
}

// SetLines gives a MsgIssue its lines and their sums as its totals, with
// no hs_code (the form validateLines asks for).
func (m *MsgIssue) SetLines(lines []HSLine) {
	m.Lines, m.HsCode = lines, ""
	m.Carats, m.ValueUsd, m.Parcels = 0, 0, 0
	for _, l := range lines {
		m.Carats += l.Carats
		m.ValueUsd += l.ValueUsd
		m.Parcels += l.Parcels
	}
}

// SortedHSCodes is a list of HS codes as typed (separated by "+" or ",") in
// a form to compare with HSCodeText's: trimmed, sorted, joined by "+".
func SortedHSCodes(list string) string {
	codes := strings.FieldsFunc(list, func(r rune) bool { return r == '+' || r == ',' })
	for i := range codes {
		codes[i] = strings.TrimSpace(codes[i])
	}
	sort.Strings(codes)
	return strings.Join(codes, "+")
}
