package types

import (
	"fmt"
	"strings"
)

// Day is a day in seconds.
const Day int64 = 24 * 60 * 60

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

// DefaultParams: 60 days of validity, 15 days to confirm (US practice).
func DefaultParams() Params {
	return Params{MaxValidity: 60 * Day, ConfirmationDeadline: 15 * Day}
}

// Validate checks the parameters: both durations positive, at most ten years.
func (p *Params) Validate() error {
	for _, d := range []struct {
		name  string
		value int64
	}{{"max_validity", p.MaxValidity}, {"confirmation_deadline", p.ConfirmationDeadline}} {
		if d.value <= 0 || d.value > 3650*Day {
			return ErrInvalidParams.Wrapf("%s %d s: between 1 s and 10 years", d.name, d.value)
		}
	}
	return nil
}
