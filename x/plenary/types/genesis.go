package types

// DefaultGenesis has the default parameters, no chair and no body.
func DefaultGenesis() GenesisState { return GenesisState{Params: DefaultParams()} }

// Validate checks app_state.plenary without a store: the parameters, each
// body and chair term, body names and chair years once each.
func (gs *GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	names := map[string]bool{}
	for i := range gs.Bodies {
		if err := gs.Bodies[i].Validate(); err != nil {
			return err
		}
		if names[gs.Bodies[i].Name] {
			return ErrInvalidGenesis.Wrapf("two bodies named %q", gs.Bodies[i].Name)
		}
		names[gs.Bodies[i].Name] = true
	}
	for i := range gs.Adopted {
		a := &gs.Adopted[i]
		if err := a.Decision.validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("adopted text %d: %v", i+1, err)
		}
		if a.AdoptedAt <= 0 {
			return ErrInvalidGenesis.Wrapf("adopted text %d: adopted when?", i+1)
		}
		if err := ValidateText("source", a.Source, false); err != nil {
			return err
		}
	}
	years := map[uint32]bool{}
	for i := range gs.Chairs {
		t := &gs.Chairs[i]
		if err := t.Validate(); err != nil {
			return err
		}
		if years[t.Year] {
			return ErrInvalidGenesis.Wrapf("two chair terms for %d", t.Year)
		}
		years[t.Year] = true
	}
	return nil
}
