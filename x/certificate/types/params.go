package types

// Day is a day in seconds.
const Day int64 = 24 * 60 * 60

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
