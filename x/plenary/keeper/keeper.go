package keeper

import (
	"encoding/binary"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// A Keeper is its module as the app knows it (app/modules.go).
var (
	_ module.Module     = Keeper{}
	_ module.EndBlocker = Keeper{}
)

// Name is the module's name: codespace, app_state section, event type.
func (Keeper) Name() string { return types.ModuleName }

// StorePrefix is the one-byte prefix of every key the module writes.
func (Keeper) StorePrefix() byte { return types.StorePrefix }

// Keeper reads and writes the plenary module's part of a store.
type Keeper struct {
	participants types.Participants
	certificates types.Certificates
	monitoring   types.Monitoring
}

// New returns a keeper deciding through the other modules' keepers.
func New(participants types.Participants, certificates types.Certificates, monitoring types.Monitoring) Keeper {
	return Keeper{participants: participants, certificates: certificates, monitoring: monitoring}
}

// Register adds the module's messages and queries.
func (k Keeper) Register(msgs *module.MsgRouter, queries *module.QueryRouter) {
	admin := []envelope.Role{envelope.Role_ROLE_ADMIN}
	module.HandleMsg(msgs, admin, k.Propose)
	module.HandleMsg(msgs, admin, k.Vote)
	module.HandleMsg(msgs, admin, k.Translate)
	module.HandleMsg(msgs, admin, k.WithdrawObjection)
	module.HandleMsg(msgs, admin, k.OpenSession)
	module.HandleMsg(msgs, admin, k.CloseSession)
	module.HandleMsg(msgs, admin, k.DeclareConsensus)
	module.HandleMsg(msgs, admin, k.InviteReview)
	module.HandleMsg(msgs, admin, k.ScheduleVisit)
	module.HandleMsg(msgs, admin, k.ReportVisit)
	module.HandleMsg(msgs, admin, k.ReportSteps)
	module.HandleMsg(msgs, admin, k.TrackRecommendation)
	k.registerQueries(queries)
}

// Params returns the plenary's parameters.
func (Keeper) Params(s store.KVStore) types.Params {
	return module.LoadParams(types.Store(s), types.ParamsKey(), types.DefaultParams())
}

// SetParams sets the plenary's parameters.
func (Keeper) SetParams(s store.KVStore, p types.Params) error {
	return module.SaveParams(types.Store(s), types.ParamsKey(), &p)
}

// Proposal returns a proposal by id.
func (Keeper) Proposal(s store.KVStore, id uint64) (*types.Proposal, bool) {
	var p types.Proposal
	return &p, store.Load(types.Store(s), types.ProposalKey(id), &p)
}

func (Keeper) saveProposal(s store.KVStore, p *types.Proposal) {
	store.Save(types.Store(s), types.ProposalKey(p.Id), p)
}

// nextID takes the next number of a counter (proposals, reviews), from 1.
func nextID(s store.KVStore, key []byte) uint64 {
	ms := types.Store(s)
	id := uint64(1)
	if bz := ms.Get(key); len(bz) == 8 {
		id = binary.BigEndian.Uint64(bz)
	}
	ms.Set(key, binary.BigEndian.AppendUint64(nil, id+1))
	return id
}

// voting reports whether a participant is of a voting kind (a country or
// the REIO; trading entities never propose, vote or validate).
func voting(p *participanttypes.Participant) bool {
	return p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_COUNTRY || p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_REIO
}

// activeVoter reports whether a participant may propose and vote now.
func activeVoter(p *participanttypes.Participant) bool {
	return voting(p) && p.Status == participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE
}
