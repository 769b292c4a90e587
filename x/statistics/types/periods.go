package types

import "time"

// Years a period may name.
const (
	MinYear = 2000
	MaxYear = 9999
)

// QuarterOf returns the calendar quarter (UTC) of a block time.
func QuarterOf(t int64) (year, quarter uint32) {
	u := time.Unix(t, 0).UTC()
	return uint32(u.Year()), uint32(u.Month()-1)/3 + 1
}

// HalfOf returns the half-year (UTC) of a block time.
func HalfOf(t int64) (year, half uint32) {
	u := time.Unix(t, 0).UTC()
	return uint32(u.Year()), uint32(u.Month()-1)/6 + 1
}

// HalfStart and HalfEnd bound a half-year: [start, end).
func HalfStart(year, half uint32) int64 {
	return time.Date(int(year), time.Month(6*(half-1)+1), 1, 0, 0, 0, 0, time.UTC).Unix()
}

// HalfEnd is the first second after a half-year.
func HalfEnd(year, half uint32) int64 {
	if half == 2 {
		return HalfStart(year+1, 1)
	}
	return HalfStart(year, 2)
}

// Deadline is when production of a half-year is due: months after it ends.
func Deadline(year, half, months uint32) int64 {
	return time.Unix(HalfEnd(year, half), 0).UTC().AddDate(0, int(months), 0).Unix()
}

// NextHalf is the half-year after (year, half).
func NextHalf(year, half uint32) (uint32, uint32) {
	if half == 2 {
		return year + 1, 1
	}
	return year, 2
}

// ValidYear reports whether a year is in range.
func ValidYear(year uint32) bool { return year >= MinYear && year <= MaxYear }
