package keeper

import (
	"fmt"
	"slices"
	"time"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// Plenary sessions: the in-session procedure. The Chair's officer — an admin
// officer of the KP Chair of the year of the block — opens a session with the
// list of participants present; proposals tabled in it are decided by the
// attending active voting participants: the Chair's officer declares
// consensus, and the proposal is adopted at the end of that block unless an
// attending participant's objection stands. Closing the session ends every
// proposal on which no consensus was declared (not adopted).

// Session returns a session by id.
func (Keeper) Session(s store.KVStore, id uint64) (*types.Session, bool) {
	var session types.Session
	return &session, store.Load(types.Store(s), types.SessionKey(id), &session)
}

func (Keeper) saveSession(s store.KVStore, session *types.Session) {
	store.Save(types.Store(s), types.SessionKey(session.Id), session)
}

// openSession returns a session that is still open.
func (k Keeper) openSession(s store.KVStore, id uint64) (*types.Session, error) {
	session, ok := k.Session(s, id)
	if !ok {
		return nil, types.ErrUnknownSession.Wrapf("%d", id)
	}
	if !session.Open() {
		return nil, types.ErrSessionClosed.Wrapf("session %d closed at height %d", id, session.ClosedHeight)
	}
	return session, nil
}

// YearOf is the calendar year (UTC) of a block time.
func YearOf(t int64) uint32 { return uint32(time.Unix(t, 0).UTC().Year()) }

// checkChairsOfficer checks that the signer is the Chair's officer: an admin
// officer (the router checked the role) of the KP Chair of the block's year.
func (k Keeper) checkChairsOfficer(ctx *module.Context) (*types.ChairTerm, error) {
	year := YearOf(ctx.Time)
	term, ok := k.ChairTerm(ctx.Store, year)
	if !ok {
		return nil, types.ErrNoChairTerm.Wrapf("%d: nobody acts as the Chair's officer", year)
	}
	if ctx.Signer.Participant != term.Chair {
		return nil, types.ErrNotChairsOfficer.Wrapf("the KP Chair of %d is %s, the signer is of %s", year, term.Chair, ctx.Signer.Participant)
	}
	return term, nil
}

// OpenSession opens a plenary session with its attendance list: active
// voting participants.
func (k Keeper) OpenSession(ctx *module.Context, msg *types.MsgOpenSession) error {
	term, err := k.checkChairsOfficer(ctx)
	if err != nil {
		return err
	}
	attendance := slices.Clone(msg.Attendance)
	slices.Sort(attendance)
	for _, code := range attendance {
		if p, ok := k.participants.Participant(ctx.Store, code); !ok || !activeVoter(p) {
			return types.ErrInvalidSession.Wrapf("%s on the attendance list is not an active voting participant", code)
		}
	}
	session := &types.Session{
		Id: nextID(ctx.Store, types.NextSessionIDKey()), Title: msg.Title, Chair: term.Chair, OpenedBy: ctx.Signer.Address,
		OpenedAt: ctx.Time, OpenedHeight: ctx.Height, Attendance: attendance,
	}
	k.saveSession(ctx.Store, session)
	emitSession(ctx, session, types.ActionOpened)
	return nil
}

// CloseSession closes an open session; its proposals still open close at the
// end of this block, adopted only where consensus was declared.
func (k Keeper) CloseSession(ctx *module.Context, msg *types.MsgCloseSession) error {
	if _, err := k.checkChairsOfficer(ctx); err != nil {
		return err
	}
	session, err := k.openSession(ctx.Store, msg.SessionId)
	if err != nil {
		return err
	}
	session.ClosedAt, session.ClosedHeight = ctx.Time, ctx.Height
	k.saveSession(ctx.Store, session)
	for _, id := range session.ProposalIds {
		if p, ok := k.Proposal(ctx.Store, id); ok && p.Status == types.ProposalStatus_PROPOSAL_STATUS_VOTING {
			closeNow(ctx, p)
		}
	}
	emitSession(ctx, session, types.ActionAdjourned)
	return nil
}

// DeclareConsensus declares consensus on a proposal tabled in an open
// session: refused while an attending participant's objection stands; the
// proposal closes at the end of this block, adopted unless an objection is
// raised before then.
func (k Keeper) DeclareConsensus(ctx *module.Context, msg *types.MsgDeclareConsensus) error {
	if _, err := k.checkChairsOfficer(ctx); err != nil {
		return err
	}
	p, ok := k.Proposal(ctx.Store, msg.ProposalId)
	if !ok {
		return types.ErrUnknownProposal.Wrapf("%d", msg.ProposalId)
	}
	if p.Procedure != types.Procedure_PROCEDURE_IN_SESSION {
		return types.ErrNotInSession.Wrapf("proposal %d is decided by %s procedure", p.Id, p.Procedure.Name())
	}
	if p.Status != types.ProposalStatus_PROPOSAL_STATUS_VOTING || p.ConsensusDeclaredBy != "" {
		return types.ErrVotingClosed.Wrapf("proposal %d is %s", p.Id, p.Status.Name())
	}
	if _, err := k.openSession(ctx.Store, p.SessionId); err != nil {
		return err
	}
	if _, objecting, _, _, _ := p.Positions(); len(objecting) > 0 {
		return types.ErrObjectionStands.Wrapf("proposal %d: %v object", p.Id, objecting)
	}
	p.ConsensusDeclaredAt, p.ConsensusDeclaredBy = ctx.Time, ctx.Signer.Address
	k.saveProposal(ctx.Store, p)
	closeNow(ctx, p)
	emit(ctx, p, types.ActionDeclared)
	return nil
}

// Sessions lists the sessions, newest first, at most types.MaxPageSize.
func (k Keeper) Sessions(s store.KVStore) []types.Session {
	it := types.Store(s).ReverseIterator(types.SessionsPrefix(), store.PrefixEnd(types.SessionsPrefix()))
	defer it.Close()
	var out []types.Session
	for ; it.Valid() && len(out) < types.MaxPageSize; it.Next() {
		var session types.Session
		if err := session.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		out = append(out, session)
	}
	return out
}

func emitSession(ctx *module.Context, s *types.Session, action string) {
	ctx.EmitEvent(types.ModuleName, module.Attr(types.AttributeSessionID, fmt.Sprint(s.Id)), module.Attr(module.AttributeAction, action))
}
