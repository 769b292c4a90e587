package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// The KP Chair and Vice-Chair of each year. A year that has ended is
// history: its terms never change, so that what refers to them (the
// Participation Committee's "Vice-Chair (2005)") keeps its meaning. The
// current year's term, or a coming year's already recorded, changes only
// by an explicit replacement, the term replaced kept under its year with
// the decision that replaced it. The Vice-Chair may succeed the Chair
// (succession). The Chair's officer of a year — who opens sessions and
// declares consensus — is an admin officer of that year's Chair.

// ChairTerm returns the chair term of a year.
func (Keeper) ChairTerm(s store.KVStore, year uint32) (*types.ChairTerm, bool) {
	var t types.ChairTerm
	return &t, store.Load(types.Store(s), types.ChairKey(year), &t)
}

// ChairTerms lists every term in force, oldest year first.
func (Keeper) ChairTerms(s store.KVStore) []types.ChairTerm {
	return store.LoadAll[types.ChairTerm](types.Store(s), types.ChairsPrefix())
}

// ReplacedTerms lists a year's terms replaced, oldest first.
func (Keeper) ReplacedTerms(s store.KVStore, year uint32) []types.ChairTerm {
	return store.LoadAll[types.ChairTerm](types.Store(s), types.ReplacedChairsPrefix(year))
}

// SetChairTerm records a year's chair and vice-chair at genesis, who must be
// active voting participants in s.
func (k Keeper) SetChairTerm(s store.KVStore, t *types.ChairTerm) error {
	if err := k.checkChairTerm(s, t); err != nil {
		return err
	}
	store.Save(types.Store(s), types.ChairKey(t.Year), t)
	return nil
}

func (k Keeper) checkChairTerm(s store.KVStore, t *types.ChairTerm) error {
	if err := t.Validate(); err != nil {
		return err
	}
	for _, code := range []string{t.Chair, t.ViceChair} {
		if code == "" {
			continue // a vacant vice-chair
		}
		p, ok := k.participants.Participant(s, code)
		if !ok {
			return participanttypes.ErrUnknownParticipant.Wrapf("%d chair term names %s", t.Year, code)
		}
		if !activeVoter(p) {
			return types.ErrNotVoting.Wrapf("%s is a %s, %s participant: the chair is an active voting participant", code, p.Kind.Name(), p.Status.Name())
		}
	}
	return nil
}

// electedTerm is the term an election would record at block time now, and
// the term it replaces (nil for none): refused for a year that has ended,
// for a recorded year without an explicit replacement, and for a
// replacement of nothing.
func (k Keeper) electedTerm(s store.KVStore, e *types.ChairElection, now int64) (term, replaced *types.ChairTerm, err error) {
	if current := YearOf(now); e.Year < current {
		return nil, nil, types.ErrPastTerm.Wrapf("%d ended; this is %d", e.Year, current)
	}
	existing, has := k.ChairTerm(s, e.Year)
	switch {
	case has && !e.Replacement:
		return nil, nil, types.ErrTermExists.Wrapf("%d: chair %s, vice-chair %s", e.Year, existing.Chair, existing.ViceChair)
	case !has && e.Replacement:
		return nil, nil, types.ErrNoChairTerm.Wrapf("%d: nothing to replace", e.Year)
	}
	term = &types.ChairTerm{Year: e.Year, Chair: e.Chair, ViceChair: e.ViceChair}
	if e.Succession {
		succeeded := existing
		if !has {
			var ok bool
			if succeeded, ok = k.ChairTerm(s, e.Year-1); !ok {
				return nil, nil, types.ErrNoChairTerm.Wrapf("%d: no Vice-Chair to succeed", e.Year-1)
			}
		}
		if succeeded.ViceChair == "" {
			return nil, nil, types.ErrInvalidDecision.Wrapf("%d: the Vice-Chair's office is vacant", succeeded.Year)
		}
		term.Chair = succeeded.ViceChair
	}
	if err := k.checkChairTerm(s, term); err != nil {
		return nil, nil, err
	}
	if has {
		replaced = existing
	}
	return term, replaced, nil
}

// elect records an adopted election, keeping the term it replaces.
func (k Keeper) elect(ctx *module.Context, e *types.ChairElection, p *types.Proposal) error {
	term, replaced, err := k.electedTerm(ctx.Store, e, ctx.Time)
	if err != nil {
		return err
	}
	if replaced != nil {
		store.Save(types.Store(ctx.Store), types.ReplacedChairKey(e.Year, p.Id), replaced)
	}
	term.ProposalId, term.RecordedAt = p.Id, ctx.Time
	store.Save(types.Store(ctx.Store), types.ChairKey(term.Year), term)
	return nil
}
