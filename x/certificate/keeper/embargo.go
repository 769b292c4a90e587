package keeper

import (
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Embargo returns the latest embargo imposed on an origin, active or lifted.
func (Keeper) Embargo(s store.KVStore, origin string) (*types.Embargo, bool) {
	prefix := types.EmbargoOriginPrefix(origin)
	it := types.Store(s).ReverseIterator(prefix, store.PrefixEnd(prefix))
	defer it.Close()
	if !it.Valid() {
		return nil, false
	}
	var e types.Embargo
	if err := e.Unmarshal(it.Value()); err != nil {
		panic(store.Failure{Err: err})
	}
	return &e, true
}

// ActiveEmbargo returns the embargo in force on an origin, with one Get of
// the active-embargo index (the hot path of issuance and confirmation).
func (Keeper) ActiveEmbargo(s store.KVStore, origin string) (*types.Embargo, bool) {
	ms := types.Store(s)
	height := ms.Get(types.ActiveEmbargoKey(origin))
	if height == nil {
		return nil, false
	}
	var e types.Embargo
	if len(height) != 8 || !store.Load(ms, types.EmbargoKey(origin, int64(binary.BigEndian.Uint64(height))), &e) {
		panic(store.Failure{Err: fmt.Errorf("certificate: the active embargo of %s names no record", origin)})
	}
	return &e, true
}

// saveEmbargo writes an embargo record and keeps the active index in step.
func saveEmbargo(s store.KVStore, e *types.Embargo) {
	ms := types.Store(s)
	store.Save(ms, types.EmbargoKey(e.Origin, e.ImposedHeight), e)
	if e.Active {
		ms.Set(types.ActiveEmbargoKey(e.Origin), binary.BigEndian.AppendUint64(nil, uint64(e.ImposedHeight)))
	} else {
		ms.Delete(types.ActiveEmbargoKey(e.Origin))
	}
}

// Embargoes lists every embargo ever imposed, by origin then time.
func (Keeper) Embargoes(s store.KVStore) []types.Embargo {
	return store.LoadAll[types.Embargo](types.Store(s), types.EmbargoesPrefix())
}

// ImposeEmbargo puts an origin under embargo from this block on.
func (k Keeper) ImposeEmbargo(ctx *module.Context, origin, reference string) error {
	if participanttypes.ValidateParticipantCode(origin) != nil {
		return types.ErrInvalidOrigin.Wrapf("%q", origin)
	}
	if _, ok := k.ActiveEmbargo(ctx.Store, origin); ok {
		return types.ErrEmbargoedOrigin.Wrapf("%s is already under embargo", origin)
	}
	saveEmbargo(ctx.Store, &types.Embargo{Origin: origin, Active: true, ImposedAt: ctx.Time, ImposedHeight: ctx.Height, Reference: reference})
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionEmbargoImposed), module.Attr(types.AttributeOrigin, origin))
	return nil
}

// LiftEmbargo ends an origin's embargo; the record stays as history.
func (k Keeper) LiftEmbargo(ctx *module.Context, origin string) error {
	e, ok := k.ActiveEmbargo(ctx.Store, origin)
	if !ok {
		return types.ErrNotEmbargoed.Wrap(origin)
	}
	e.Active, e.LiftedAt, e.LiftedHeight = false, ctx.Time, ctx.Height
	saveEmbargo(ctx.Store, e)
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, types.ActionEmbargoLifted), module.Attr(types.AttributeOrigin, origin))
	return nil
}

// checkEmbargo refuses a declared origin, or any listed origin of MIXED, under
// embargo.
func (k Keeper) checkEmbargo(s store.KVStore, origin string, mixed []string) error {
	origins, _ := types.OriginSet(origin, mixed)
	for _, o := range origins {
		if e, ok := k.ActiveEmbargo(s, o); ok {
			return types.ErrEmbargoedOrigin.Wrapf("%s (since height %d, %s)", o, e.ImposedHeight, e.Reference)
		}
	}
	return nil
}
