package types

// DefaultParams: production due two months after the half-year, values
// received off by more than 10% flagged, prices beyond three times the
// reference flagged.
func DefaultParams() Params {
	return Params{ProductionDeadlineMonths: 2, MirrorToleranceBp: 1000, PriceFactorPercent: 300}
}

// Validate checks the parameters.
func (p *Params) Validate() error {
	switch {
	case p.ProductionDeadlineMonths < 1 || p.ProductionDeadlineMonths > 24:
		return ErrInvalidParams.Wrapf("production_deadline_months %d: 1 to 24", p.ProductionDeadlineMonths)
	case p.MirrorToleranceBp < 1 || p.MirrorToleranceBp > 10000:
		return ErrInvalidParams.Wrapf("mirror_tolerance_bp %d: 1 to 10000", p.MirrorToleranceBp)
	case p.PriceFactorPercent <= 100 || p.PriceFactorPercent > 10000:
		return ErrInvalidParams.Wrapf("price_factor_percent %d: above 100, at most 10000", p.PriceFactorPercent)
	}
	return nil
}
