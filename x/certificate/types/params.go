package types

import (
	"fmt"
	"strings"
)

// Day is a day in seconds.
const Day int64 = 24 * 60 * 60

// MaxDuePerBlock bounds each kind of block-time work — certificates flagged
// overdue, certificates expired — in one block; the rest carry over to the
// next blocks, earliest due first. At about 45 µs a certificate, a block
// spends at most some 90 ms on it.
const MaxDuePerBlock = 1000

// DurationText says a duration in seconds in days, hours, minutes and
// seconds, leaving out the parts that are zero: "60 days", "59 days 23 hours
// 55 min", "60 days 30 s".
func DurationText(seconds int64) string {
	sign := ""
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	parts := []string{}
	for _, u := range []struct {
		size       int64
		one, other string
	}{{Day, "day", "days"}, {3600, "hour", "hours"}, {60, "min", "min"}, {1, "s", "s"}} {
		n := seconds / u.size
		seconds -= n * u.size
		if n == 0 {
			continue
		}
		name := u.other
		if n == 1 {
			name = u.one
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, name))
	}
	if len(parts) == 0 {
		return "0 s"
	}
	return sign + strings.Join(parts, " ")
}

// DefaultParams: 60 days of validity, 15 days to confirm (US practice), 30
// days after expiry for a confirmation of goods received before it, 0.1%
// re-weighing tolerance.
func DefaultParams() Params {
	return Params{MaxValidity: 60 * Day, ConfirmationDeadline: 15 * Day, LateConfirmationGrace: 30 * Day, ReweighToleranceBp: 10}
}

// Validate checks the parameters: validity and deadline positive, the grace
// zero or more, each at most ten years; the tolerance at most 100%.
func (p *Params) Validate() error {
	for _, d := range []struct {
		name  string
		value int64
		least int64
	}{{"max_validity", p.MaxValidity, 1}, {"confirmation_deadline", p.ConfirmationDeadline, 1}, {"late_confirmation_grace", p.LateConfirmationGrace, 0}} {
		if d.value < d.least || d.value > 3650*Day {
			return ErrInvalidParams.Wrapf("%s %d s: between %d s and 10 years", d.name, d.value, d.least)
		}
	}
	if p.ReweighToleranceBp > 10000 {
		return ErrInvalidParams.Wrapf("reweigh_tolerance_bp %d: at most 10000", p.ReweighToleranceBp)
	}
	return nil
}
