package types

// DefaultParams: production due two months after the half-year, values
// received off by more than 10% flagged, prices beyond three times the
// reference flagged, a reference of at least five certificates and 1,000
// carats.
func DefaultParams() Params {
	return Params{ProductionDeadlineMonths: 2, MirrorToleranceBp: 1000, PriceFactorPercent: 300, PriceMinCertificates: 5, PriceMinCarats: 1000_00}
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
	case p.PriceMinCertificates < 1 || p.PriceMinCertificates > 1_000_000:
		return ErrInvalidParams.Wrapf("price_min_certificates %d: 1 to 1,000,000", p.PriceMinCertificates)
	case p.PriceMinCarats < 0 || p.PriceMinCarats > MaxProductionFigure:
		return ErrInvalidParams.Wrapf("price_min_carats %d: 0 to %d", p.PriceMinCarats, MaxProductionFigure)
	}
	return nil
}
