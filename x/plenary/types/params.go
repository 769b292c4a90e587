package types

// Day is a day in seconds.
const Day int64 = 24 * 60 * 60

// DefaultParams: a week to vote, two thirds of the electorate voting yes.
func DefaultParams() Params {
	return Params{VotingPeriod: 7 * Day, QuorumNumerator: 2, QuorumDenominator: 3}
}

// Validate checks the parameters.
func (p *Params) Validate() error {
	switch {
	case p.VotingPeriod <= 0 || p.VotingPeriod > 365*Day:
		return ErrInvalidParams.Wrapf("voting_period %d s: between 1 s and a year", p.VotingPeriod)
	case p.QuorumDenominator == 0 || p.QuorumNumerator == 0 || p.QuorumNumerator > p.QuorumDenominator:
		return ErrInvalidParams.Wrapf("quorum %d/%d: a fraction in (0, 1]", p.QuorumNumerator, p.QuorumDenominator)
	}
	return nil
}

// Quorum is the yes votes an electorate of n needs: ⌈n × num / den⌉.
func (p *Params) Quorum(n int) uint32 {
	num, den := uint64(n)*uint64(p.QuorumNumerator), uint64(p.QuorumDenominator)
	return uint32((num + den - 1) / den)
}
