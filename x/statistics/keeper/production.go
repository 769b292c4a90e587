package keeper

import (
	"fmt"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

func (k Keeper) registerMsgs(r *module.MsgRouter) {
	module.HandleMsg(r, []envelope.Role{envelope.Role_ROLE_ADMIN}, k.ReportProduction)
	module.HandleMsg(r, []envelope.Role{envelope.Role_ROLE_ADMIN}, k.FollowUpFlag)
}

// ReportProduction records an admin officer's report of their participant's
// production for a half-year that has ended (a report of a half-year under
// way would silence the deadline's flag before the production is known —
// review A8). A second report for the same half-year is a correction: a new
// version; the earlier ones stay. A report of zeros is a nil return.
func (k Keeper) ReportProduction(ctx *module.Context, msg *types.MsgReportProduction) error {
	code := ctx.Signer.Participant
	p, ok := k.participants.Participant(ctx.Store, code)
	if !ok || (p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE && p.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED) {
		return types.ErrParticipantStatus.Wrapf("%s is not active or suspended", code)
	}
	if end := types.HalfEnd(msg.Year, msg.Half); end > ctx.Time {
		return types.ErrPeriodNotEnded.Wrapf("%d H%d ends %s", msg.Year, msg.Half, format.Time(end))
	}
	version := uint32(1)
	if latest, ok := k.latestReport(ctx.Store, code, msg.Year, msg.Half); ok {
		version = latest.Version + 1
	}
	r := &types.ProductionReport{
		Participant: code, Year: msg.Year, Half: msg.Half, Version: version, Production: msg.Production,
		Note: msg.Note, ReportedAt: ctx.Time, Height: ctx.Height, Signer: ctx.Signer.Address,
	}
	store.Save(types.Store(ctx.Store), types.ProductionKey(code, msg.Year, msg.Half, version), r)
	k.markLateReport(ctx, code, msg.Year, msg.Half)
	if err := k.recheckBalances(ctx, code, msg.Year); err != nil {
		return err
	}
	ctx.EmitEvent(types.ModuleName,
		module.Attr(module.AttributeAction, types.ActionProductionReported),
		module.Attr(types.AttributeParticipant, code),
		module.Attr(types.AttributePeriod, fmt.Sprintf("%d-H%d", msg.Year, msg.Half)),
		module.Attr(types.AttributeVersion, fmt.Sprint(version)),
	)
	return nil
}

// latestReport returns the current version of a participant's report.
func (Keeper) latestReport(s store.KVStore, participant string, year, half uint32) (*types.ProductionReport, bool) {
	prefix := types.ProductionPeriodPrefix(participant, year, half)
	it := types.Store(s).ReverseIterator(prefix, store.PrefixEnd(prefix))
	defer it.Close()
	if !it.Valid() {
		return nil, false
	}
	var r types.ProductionReport
	if err := r.Unmarshal(it.Value()); err != nil {
		panic(store.Failure{Err: err})
	}
	return &r, true
}

// reports returns every version of a participant's report for a half-year.
func (Keeper) reports(s store.KVStore, participant string, year, half uint32) []types.ProductionReport {
	return store.LoadAll[types.ProductionReport](types.Store(s), types.ProductionPeriodPrefix(participant, year, half))
}
