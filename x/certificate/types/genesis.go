package types

import participanttypes "github.com/kpledger/kpledger/x/participant/types"

// DefaultGenesis has the default parameters and no embargo.
func DefaultGenesis() GenesisState { return GenesisState{Params: DefaultParams()} }

// Validate checks app_state.certificate without a store: the parameters, and
// each embargo on an origin or on an issuer (exactly one of the two), an ISO
// code, once per kind.
func (gs *GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, e := range gs.Embargoes {
		key := e.Kind().Name() + " " + e.Code()
		if (e.Origin == "") == (e.Issuer == "") || participanttypes.ValidateParticipantCode(e.Code()) != nil || seen[key] {
			return ErrInvalidGenesis.Wrapf("embargo on origin %q, issuer %q (one ISO code, once)", e.Origin, e.Issuer)
		}
		seen[key] = true
	}
	for _, d := range gs.OpeningStocks {
		declare := MsgDeclareStock{Origins: d.Origins, Carats: d.Carats, Reference: d.Reference}
		if participanttypes.ValidateParticipantCode(d.Participant) != nil || declare.ValidateBasic() != nil || d.Id != 0 || d.Height != 0 {
			return ErrInvalidGenesis.Wrapf("opening stock of %q: %v %d ct/100 %q (participant, origins, carats and a reference; no id or height)",
				d.Participant, d.Origins, d.Carats, d.Reference)
		}
	}
	return nil
}
