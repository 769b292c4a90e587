package keeper

import (
	"encoding/binary"
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Embargoes bar two things (the 2005 Côte d'Ivoire resolution, UNSC 1643):
//   - an origin embargo bars goods of that origin: a certificate whose origin
//     set names it — the set derived from what the certificate draws, so no
//     spelling escapes it — is neither issued nor confirmed;
//   - an issuer embargo bars a participant as a source: it issues nothing, its
//     certificates are not confirmed, and nothing is re-exported from goods it
//     certified.
//
// Both are imposed and lifted by plenary decision or in genesis; lifted ones
// stay as history.

// Embargo returns the latest embargo of a kind imposed on a code, active or
// lifted.
func (Keeper) Embargo(s store.KVStore, kind types.EmbargoKind, code string) (*types.Embargo, bool) {
	prefix := types.EmbargoCodePrefix(kind, code)
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

// ActiveEmbargo returns the embargo of a kind in force on a code, with one
// Get of the active-embargo index (the hot path of issuance and
// confirmation).
func (Keeper) ActiveEmbargo(s store.KVStore, kind types.EmbargoKind, code string) (*types.Embargo, bool) {
	ms := types.Store(s)
	height := ms.Get(types.ActiveEmbargoKey(kind, code))
	if height == nil {
		return nil, false
	}
	var e types.Embargo
	if len(height) != 8 || !store.Load(ms, types.EmbargoKey(kind, code, int64(binary.BigEndian.Uint64(height))), &e) {
		panic(store.Failure{Err: fmt.Errorf("certificate: the active %s embargo of %s names no record", kind.Name(), code)})
	}
	return &e, true
}

// saveEmbargo writes an embargo record and keeps the active index in step.
func saveEmbargo(s store.KVStore, e *types.Embargo) {
	ms := types.Store(s)
	kind, code := e.Kind(), e.Code()
	store.Save(ms, types.EmbargoKey(kind, code, e.ImposedHeight), e)
	if e.Active {
		ms.Set(types.ActiveEmbargoKey(kind, code), binary.BigEndian.AppendUint64(nil, uint64(e.ImposedHeight)))
	} else {
		ms.Delete(types.ActiveEmbargoKey(kind, code))
	}
}

// Embargoes lists every embargo ever imposed: origin embargoes, then issuer
// embargoes, each by code then time.
func (Keeper) Embargoes(s store.KVStore) []types.Embargo {
	return append(store.LoadAll[types.Embargo](types.Store(s), types.EmbargoesPrefix(types.OriginEmbargo)),
		store.LoadAll[types.Embargo](types.Store(s), types.EmbargoesPrefix(types.IssuerEmbargo))...)
}

// ImposeEmbargo puts an origin, or a participant as issuer, under embargo
// from this block on.
func (k Keeper) ImposeEmbargo(ctx *module.Context, kind types.EmbargoKind, code, reference string) error {
	if participanttypes.ValidateParticipantCode(code) != nil {
		return types.ErrInvalidOrigin.Wrapf("%s embargo on %q", kind.Name(), code)
	}
	if _, ok := k.ActiveEmbargo(ctx.Store, kind, code); ok {
		return embargoed(kind).Wrapf("%s is already under embargo", code)
	}
	e := &types.Embargo{Active: true, ImposedAt: ctx.Time, ImposedHeight: ctx.Height, Reference: reference}
	if kind == types.IssuerEmbargo {
		e.Issuer = code
	} else {
		e.Origin = code
	}
	saveEmbargo(ctx.Store, e)
	emitEmbargo(ctx, types.ActionEmbargoImposed, kind, code)
	return nil
}

// LiftEmbargo ends an embargo; the record stays as history.
func (k Keeper) LiftEmbargo(ctx *module.Context, kind types.EmbargoKind, code string) error {
	e, ok := k.ActiveEmbargo(ctx.Store, kind, code)
	if !ok {
		return types.ErrNotEmbargoed.Wrapf("%s %s", kind.Name(), code)
	}
	e.Active, e.LiftedAt, e.LiftedHeight = false, ctx.Time, ctx.Height
	saveEmbargo(ctx.Store, e)
	emitEmbargo(ctx, types.ActionEmbargoLifted, kind, code)
	return nil
}

func emitEmbargo(ctx *module.Context, action string, kind types.EmbargoKind, code string) {
	attribute := types.AttributeOrigin
	if kind == types.IssuerEmbargo {
		attribute = types.AttributeIssuer
	}
	ctx.EmitEvent(types.ModuleName, module.Attr(module.AttributeAction, action), module.Attr(attribute, code))
}

func embargoed(kind types.EmbargoKind) *refusal.Error {
	if kind == types.IssuerEmbargo {
		return types.ErrEmbargoedIssuer
	}
	return types.ErrEmbargoedOrigin
}

// checkEmbargo refuses an origin set that names an origin under embargo.
func (k Keeper) checkEmbargo(s store.KVStore, origins []string) error {
	for _, o := range origins {
		if e, ok := k.ActiveEmbargo(s, types.OriginEmbargo, o); ok {
			return types.ErrEmbargoedOrigin.Wrapf("%s (since height %d, %s)", o, e.ImposedHeight, e.Reference)
		}
	}
	return nil
}

// checkSource refuses goods coming from a participant under an issuer
// embargo: the certificate's issuer, or the issuer of a parent it drew from
// (a certificate number starts with its issuer's code).
func (k Keeper) checkSource(s store.KVStore, c *types.Certificate) error {
	sources := []string{c.Issuer}
	for _, p := range c.Parents {
		sources = append(sources, p.Number[:2])
	}
	for _, code := range sources {
		if e, ok := k.ActiveEmbargo(s, types.IssuerEmbargo, code); ok {
			return types.ErrEmbargoedIssuer.Wrapf("%s's goods (since height %d, %s)", code, e.ImposedHeight, e.Reference)
		}
	}
	return nil
}
