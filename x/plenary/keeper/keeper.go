// Package keeper holds the plenary module's state access, queries and genesis.
package keeper

import (
	"bytes"
	"encoding/json"

	"github.com/kpledger/kpledger/app/codec"
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Keeper reads and writes the plenary module's part of a store.
type Keeper struct {
	participants types.ParticipantSource
}

// New returns a keeper reading participants through ps.
func New(ps types.ParticipantSource) Keeper { return Keeper{participants: ps} }

// ChairTerm returns the chair term of a year.
func (Keeper) ChairTerm(s store.KVStore, year uint32) (*types.ChairTerm, bool) {
	var t types.ChairTerm
	return &t, store.Load(types.Store(s), types.ChairKey(year), &t)
}

// ChairTerms lists every term, oldest first.
func (Keeper) ChairTerms(s store.KVStore) []types.ChairTerm {
	return store.LoadAll[types.ChairTerm](types.Store(s), types.ChairsPrefix())
}

// SetChairTerm records a year's chair and vice-chair, who must be voting
// participants in s.
func (k Keeper) SetChairTerm(s store.KVStore, t *types.ChairTerm) error {
	if err := t.Validate(); err != nil {
		return err
	}
	for _, code := range []string{t.Chair, t.ViceChair} {
		p, ok := k.participants.Participant(s, code)
		if !ok {
			return participanttypes.ErrUnknownParticipant.Wrapf("%d chair term names %s", t.Year, code)
		}
		if p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			return types.ErrNotVoting.Wrapf("%s is a trading entity", code)
		}
	}
	store.Save(types.Store(s), types.ChairKey(t.Year), t)
	return nil
}

// RegisterQueries adds the module's queries.
func (k Keeper) RegisterQueries(r *ledger.QueryRouter) {
	ledger.HandleQuery(r, QueryPath("Chair"), func(ctx *ledger.QueryContext, req *types.QueryChairRequest) (*types.QueryChairResponse, error) {
		t, ok := k.ChairTerm(ctx.Store, req.Year)
		if !ok {
			return nil, types.ErrNoChairTerm.Wrapf("%d", req.Year)
		}
		return &types.QueryChairResponse{Term: *t}, nil
	})
	ledger.HandleQuery(r, QueryPath("Chairs"), func(ctx *ledger.QueryContext, _ *types.QueryChairsRequest) (*types.QueryChairsResponse, error) {
		return &types.QueryChairsResponse{Terms: k.ChairTerms(ctx.Store)}, nil
	})
}

// QueryPath is the ABCI query path of a method of the module's Query service.
func QueryPath(method string) string { return "/kpledger.plenary.v1.Query/" + method }

// DefaultGenesis records no chair.
func DefaultGenesis() json.RawMessage {
	bz, err := codec.MarshalGenesisJSON(&types.GenesisState{})
	if err != nil {
		panic(err)
	}
	return bz
}

// ParseGenesis reads and checks app_state.plenary without state.
func ParseGenesis(section json.RawMessage) (*types.GenesisState, error) {
	var gs types.GenesisState
	if len(bytes.TrimSpace(section)) > 0 {
		if err := codec.UnmarshalJSON(section, &gs); err != nil {
			return nil, types.ErrInvalidGenesis.Wrap(err.Error())
		}
	}
	years := map[uint32]bool{}
	for i := range gs.Chairs {
		t := &gs.Chairs[i]
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if years[t.Year] {
			return nil, types.ErrInvalidGenesis.Wrapf("two chair terms for %d", t.Year)
		}
		years[t.Year] = true
	}
	return &gs, nil
}

// InitGenesis records the genesis chair terms; it runs after the participant
// module's, whose participants it checks.
func (k Keeper) InitGenesis(ctx *ledger.Context, section json.RawMessage) error {
	gs, err := ParseGenesis(section)
	if err != nil {
		return err
	}
	for i := range gs.Chairs {
		if err := k.SetChairTerm(ctx.Store, &gs.Chairs[i]); err != nil {
			return err
		}
	}
	return nil
}
