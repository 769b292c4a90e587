package types

import participanttypes "github.com/kpledger/kpledger/x/participant/types"

// DefaultGenesis has the default parameters and no embargo.
func DefaultGenesis() GenesisState { return GenesisState{Params: DefaultParams()} }

// Validate checks app_state.certificate without a store: the parameters, and
// each origin under embargo an ISO code, once.
func (gs *GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, e := range gs.Embargoes {
		if participanttypes.ValidateParticipantCode(e.Origin) != nil || seen[e.Origin] {
			return ErrInvalidGenesis.Wrapf("embargo on %q (an ISO code, once)", e.Origin)
		}
		seen[e.Origin] = true
	}
	return nil
}
