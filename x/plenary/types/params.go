package types

// Day is a day in seconds.
const Day int64 = 24 * 60 * 60

// DefaultParams: a written procedure runs a week; the subject of a
// membership decision takes part in the consensus (the Core Document).
func DefaultParams() Params {
	return Params{VotingPeriod: 7 * Day}
}

// Validate checks the parameters.
func (p *Params) Validate() error {
	if p.VotingPeriod <= 0 || p.VotingPeriod > 365*Day {
		return ErrInvalidParams.Wrapf("voting_period %d s: between 1 s and a year", p.VotingPeriod)
	}
	return nil
}
