package keeper

import (
	"encoding/binary"
	"strings"

	"github.com/kpledger/kpledger/core/checked"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// Carat conservation (review A1, B1): every participant has a stock of goods
// per origin set on the ledger — what its certificates received (at the
// carats received) and the opening stock it declared, less what its
// certificates drew. A certificate's goods come from parents it cites (which
// draw on that stock too), from the stock directly, or from its issuer's own
// production; the carats certified are their sum (ValidateBasic), no draw
// exceeds what is left, and the origin set declared is the one the goods
// carry (lineage.go). A void gives back what the certificate drew; a receipt
// adds to the destination's stock.

// Stock returns a participant's stock of an origin set (zero when none).
func (Keeper) Stock(s store.KVStore, participant string, origins []string) types.Stock {
	var st types.Stock // Unmarshal appends to repeated fields: load into an empty record
	if !store.Load(types.Store(s), types.StockKey(participant, origins), &st) {
		st = types.Stock{Participant: participant, Origins: append([]string(nil), origins...)}
	}
	return st
}

// Stocks lists a participant's stocks, by origin set.
func (Keeper) Stocks(s store.KVStore, participant string) []types.Stock {
	return store.LoadAll[types.Stock](types.Store(s), types.StockPrefix(participant))
}

func (Keeper) saveStock(s store.KVStore, st *types.Stock) {
	if st.Carats < 0 || st.Carats != st.Received+st.Declared-st.Drawn {
		panic(store.Failure{Err: types.ErrStockOverdrawn.Wrapf("%s's stock of %s: %d on hand, %d received, %d declared, %d drawn",
			st.Participant, strings.Join(st.Origins, ","), st.Carats, st.Received, st.Declared, st.Drawn)})
	}
	store.Save(types.Store(s), types.StockKey(st.Participant, st.Origins), st)
}

// addStock changes a participant's stock of an origin set: received and
// declared carats come in, drawn ones go out (negative: given back). A sum
// that would overflow is ErrStockOverflow, and the stock is unchanged
// (reliability review D9: one certificate's carats are bounded, a stock's
// sum of them is not).
func (k Keeper) addStock(s store.KVStore, participant string, origins []string, received, declared, drawn int64) error {
	st := k.Stock(s, participant, origins)
	newReceived, ok1 := checked.Add(st.Received, received)
	newDeclared, ok2 := checked.Add(st.Declared, declared)
	newDrawn, ok3 := checked.Add(st.Drawn, drawn)
	in, ok4 := checked.Add(newReceived, newDeclared)
	carats, ok5 := checked.Sub(in, newDrawn)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return types.ErrStockOverflow.Wrapf("%s's stock of %s: %d received %+d, %d declared %+d, %d drawn %+d",
			participant, strings.Join(origins, ","), st.Received, received, st.Declared, declared, st.Drawn, drawn)
	}
	st.Received, st.Declared, st.Drawn, st.Carats = newReceived, newDeclared, newDrawn, carats
	k.saveStock(s, &st)
	return nil
}

// receiveIntoStock adds the carats a destination received to its stock of
// the certificate's origins.
func (k Keeper) receiveIntoStock(s store.KVStore, c *types.Certificate) error {
	return k.addStock(s, c.Destination, types.OriginSet(c.Origin, c.MixedOrigins), c.ReceivedCarats, 0, 0)
}

// DeclareStock records an opening stock the admin officer's participant
// holds, with its reference: it is added to the participant's stock, listed
// for anyone to see, and told to monitoring.
func (k Keeper) DeclareStock(ctx *module.Context, msg *types.MsgDeclareStock) error {
	code := ctx.Signer.Participant
	if _, ok := k.activeParticipant(ctx.Store, code); !ok {
		return types.ErrIssuerNotActive.Wrapf("%s declares no stock unless active", code)
	}
	return k.declare(ctx, &types.StockDeclaration{Participant: code, Origins: msg.Origins, Carats: msg.Carats, Reference: msg.Reference,
		Signer: ctx.Signer.Address})
}

// declare records a stock declaration (genesis or transaction) and adds it to
// the stock; a sum that would overflow (the stock's, or monitoring's) is
// refused.
func (k Keeper) declare(ctx *module.Context, d *types.StockDeclaration) error {
	ms := types.Store(ctx.Store)
	var next uint64 = 1
	if bz := ms.Get(types.NextDeclarationKey()); len(bz) == 8 {
		next = binary.BigEndian.Uint64(bz)
	}
	d.Id, d.DeclaredAt, d.Height = next, ctx.Time, ctx.Height
	store.Save(ms, types.DeclarationKey(d.Id), d)
	ms.Set(types.NextDeclarationKey(), binary.BigEndian.AppendUint64(nil, next+1))
	if err := k.addStock(ctx.Store, d.Participant, d.Origins, 0, d.Carats, 0); err != nil {
		return err
	}
	if err := k.hooks.AfterStockDeclared(ctx, d); err != nil {
		return err
	}
	ctx.EmitEvent(types.ModuleName,
		module.Attr(module.AttributeAction, types.ActionStockDeclared),
		module.Attr(types.AttributeParticipant, d.Participant),
		module.Attr(types.AttributeOrigin, strings.Join(d.Origins, ",")),
	)
	return nil
}

// Declarations lists the stock declarations of a participant (empty: of
// every participant), in the order they were made.
func (Keeper) Declarations(s store.KVStore, participant string) []types.StockDeclaration {
	var out []types.StockDeclaration
	for _, d := range store.LoadAll[types.StockDeclaration](types.Store(s), types.DeclarationsPrefix()) {
		if participant == "" || d.Participant == participant {
			out = append(out, d)
		}
	}
	return out
}

// checkStockQuery checks a participant code of a stock query.
func checkStockQuery(participant string) error {
	if participanttypes.ValidateParticipantCode(participant) != nil {
		return types.ErrInvalidQuery.Wrapf("%q is not a participant code", participant)
	}
	return nil
}
