package types

// DefaultGenesis has the default monitoring parameters: statistics start from
// the module.
func DefaultGenesis() GenesisState { return GenesisState{Params: DefaultParams()} }

// Validate checks app_state.statistics without a store.
func (gs *GenesisState) Validate() error { return gs.Params.Validate() }
