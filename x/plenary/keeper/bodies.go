package keeper

import (
	"sort"

	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// The KP's bodies — working groups, ad hoc working groups, committees — with
// their officers and members. Officers hold office from a year on; role
// placeholders (KP_CHAIR, KP_VICE_CHAIR, KP_CHAIR_YYYY, KP_VICE_CHAIR_YYYY,
// WG_CHAIRS) are kept as such and resolved for the year a query asks about,
// so that they follow every change of chair.

// Body returns a body by name.
func (Keeper) Body(s store.KVStore, name string) (*types.Body, bool) {
	var b types.Body
	return &b, store.Load(types.Store(s), types.BodyKey(name), &b)
}

// Bodies lists every body in name order.
func (Keeper) Bodies(s store.KVStore) []types.Body {
	return store.LoadAll[types.Body](types.Store(s), types.BodiesPrefix())
}

func (Keeper) saveBody(s store.KVStore, b *types.Body) {
	store.Save(types.Store(s), types.BodyKey(b.Name), b)
}

// checkComposition checks that the participants and observers a composition
// names exist.
func (k Keeper) checkComposition(s store.KVStore, c *types.Composition) error {
	var entries []types.Member
	for _, o := range append(append([]types.Officer(nil), c.Chairs...), c.ViceChairs...) {
		entries = append(entries, o.Holder)
	}
	entries = append(append(entries, c.Coordinators...), c.Members...)
	for _, m := range entries {
		switch m.Kind {
		case types.MemberKind_MEMBER_KIND_PARTICIPANT:
			if _, ok := k.participants.Participant(s, m.Code); !ok {
				return participanttypes.ErrUnknownParticipant.Wrapf("%s in a body", m.Code)
			}
		case types.MemberKind_MEMBER_KIND_OBSERVER:
			if _, ok := k.participants.Observer(s, m.Code); !ok {
				return participanttypes.ErrUnknownObserver.Wrapf("%s in a body", m.Code)
			}
		}
	}
	return nil
}

func (k Keeper) liveBody(s store.KVStore, name string) (*types.Body, error) {
	b, ok := k.Body(s, name)
	if !ok || b.Dissolved {
		return nil, types.ErrUnknownBody.Wrap(name)
	}
	return b, nil
}

// View resolves a body's officers and roles for a year.
func (k Keeper) View(s store.KVStore, b *types.Body, year uint32) types.BodyView {
	v := types.BodyView{Body: *b, Year: year}
	if o, ok := officerIn(b.Composition.Chairs, year); ok {
		v.Chair = k.resolve(s, o, year, true)
	}
	if o, ok := officerIn(b.Composition.ViceChairs, year); ok {
		v.ViceChair = k.resolve(s, o, year, true)
	}
	for _, m := range b.Composition.Coordinators {
		v.Coordinators = append(v.Coordinators, k.resolve(s, m, year, true))
	}
	for _, m := range b.Composition.Members {
		v.Members = append(v.Members, k.resolve(s, m, year, true))
	}
	return v
}

// officerIn is the officer in office in a year: the latest entry from that
// year or before.
func officerIn(officers []types.Officer, year uint32) (types.Member, bool) {
	var found *types.Officer
	for i := range officers {
		o := &officers[i]
		if o.FromYear <= year && (found == nil || o.FromYear > found.FromYear) {
			found = o
		}
	}
	if found == nil {
		return types.Member{}, false
	}
	return found.Holder, true
}

// resolve says who an entry stands for in a year; WG_CHAIRS expands to the
// chairs of the working groups (not recursively).
func (k Keeper) resolve(s store.KVStore, m types.Member, year uint32, expand bool) types.ResolvedMember {
	r := types.ResolvedMember{Entry: m}
	if m.Kind != types.MemberKind_MEMBER_KIND_ROLE {
		r.Holders = []string{m.Code}
		return r
	}
	chairOf := func(y uint32, vice bool) {
		if t, ok := k.ChairTerm(s, y); ok {
			holder := t.Chair
			if vice {
				holder = t.ViceChair
			}
			if holder != "" { // a vacant vice-chair stands for nobody
				r.Holders = []string{holder}
			}
		}
	}
	switch {
	case m.Code == types.RoleKPChair:
		chairOf(year, false)
	case m.Code == types.RoleKPViceChair:
		chairOf(year, true)
	case m.Code == types.RoleWGChairs:
		if !expand {
			return r
		}
		seen := map[string]bool{}
		for _, b := range k.Bodies(s) {
			if b.Dissolved || !b.Kind.IsWorkingGroup() {
				continue
			}
			if chair, ok := officerIn(b.Composition.Chairs, year); ok {
				for _, h := range k.resolve(s, chair, year, false).Holders {
					if !seen[h] {
						seen[h] = true
						r.Holders = append(r.Holders, h)
					}
				}
			}
		}
		sort.Strings(r.Holders)
	default:
		if vice, y, ok := types.RoleYear(m.Code); ok {
			chairOf(y, vice)
		}
	}
	return r
}
