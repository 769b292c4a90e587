package keeper

import (
	"crypto/sha256"
	"encoding/json"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// DefaultGenesis is the module's app_state section of a new chain.
func (Keeper) DefaultGenesis() json.RawMessage {
	gs := types.DefaultGenesis()
	return module.MarshalGenesis(&gs)
}

// ValidateGenesis checks the module's app_state section without a store.
func (Keeper) ValidateGenesis(section json.RawMessage) error {
	_, err := ParseGenesis(section)
	return err
}

// ParseGenesis reads and checks app_state.plenary: unknown fields refused, an
// absent section means the defaults (types.GenesisState.Validate has the
// checks).
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	return module.ParseGenesis(section, types.DefaultGenesis(), types.ErrInvalidGenesis)
}

// InitGenesis writes the parameters and the chair terms; it runs after the
// participant module's, whose participants it checks.
func (k Keeper) InitGenesis(ctx *module.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	if err := k.SetParams(ctx.Store, gs.Params); err != nil {
		return err
	}
	for i := range gs.Chairs {
		if err := k.SetChairTerm(ctx.Store, &gs.Chairs[i]); err != nil {
			return err
		}
	}
	for i := range gs.Adopted {
		k.recordAdopted(ctx, &gs.Adopted[i])
	}
	for i := range gs.Bodies {
		b := gs.Bodies[i]
		if err := k.checkComposition(ctx.Store, &b.Composition); err != nil {
			return err
		}
		b.EstablishedAt, b.ProposalId = ctx.Time, 0
		k.saveBody(ctx.Store, &b)
	}
	return nil
}

// recordAdopted records a text decision adopted before the ledger as an
// adopted proposal, proposed by nobody on the ledger, its text in the one
// language given (the others are not carried).
func (k Keeper) recordAdopted(ctx *module.Context, a *types.AdoptedText) {
	d := a.Decision
	p := &types.Proposal{
		Id: nextID(ctx.Store, types.NextProposalIDKey()), Rationale: a.Source, SubmittedAt: a.AdoptedAt, SubmittedHeight: ctx.Height,
		Status: types.ProposalStatus_PROPOSAL_STATUS_ADOPTED, Procedure: types.Procedure_PROCEDURE_IN_SESSION,
		ClosedAt: a.AdoptedAt, ClosedHeight: ctx.Height, AdoptedAt: a.AdoptedAt,
	}
	hash := sha256.Sum256([]byte(d.Text))
	store.Save(types.Store(ctx.Store), types.DecisionTextKey(p.Id, d.Language), &types.DecisionText{
		ProposalId: p.Id, Language: d.Language, Text: d.Text, TextHash: hash[:], Version: 1, Height: ctx.Height, RecordedAt: a.AdoptedAt,
	})
	p.Languages = []string{d.Language}
	d.Text = ""
	p.Decision = types.Decision{Content: &types.Decision_Text{Text: &d}}
	k.saveProposal(ctx.Store, p)
}
