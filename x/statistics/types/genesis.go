package types

// DefaultGenesis has the default monitoring parameters: statistics start from
// the module.
func DefaultGenesis() GenesisState { return GenesisState{Params: DefaultParams()} }

// MaxReportedFigure bounds a reported year's figures (hundredths of a carat,
// US cents): the world's trade of a year, with room.
const MaxReportedFigure int64 = 1_000_000_000_000_000

// Validate checks app_state.statistics without a store: the parameters, and
// each reported year once, its figures within the ledger's bounds.
func (gs *GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	years := map[uint32]bool{}
	for _, r := range gs.Reported {
		switch {
		case r.Year < 1900 || r.Year > 9999:
			return ErrInvalidGenesis.Wrapf("reported year %d", r.Year)
		case years[r.Year]:
			return ErrInvalidGenesis.Wrapf("two reports for %d", r.Year)
		case r.ProductionCarats < 0 || r.ProductionCarats > MaxReportedFigure || r.ImportsValueUsd < 0 || r.ImportsValueUsd > MaxReportedFigure:
			return ErrInvalidGenesis.Wrapf("reported %d: figures between zero and the ledger's bound", r.Year)
		}
		years[r.Year] = true
	}
	return nil
}
