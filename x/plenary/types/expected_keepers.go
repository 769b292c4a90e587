package types

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// Participants is what the plenary needs of the participant module: who may
// propose and vote, and the membership changes its decisions make.
type Participants interface {
	Participant(s store.KVStore, code string) (*participanttypes.Participant, bool)
	Participants(s store.KVStore) []participanttypes.Participant
	Observer(s store.KVStore, code string) (*participanttypes.Observer, bool)
	ActiveValidators(s store.KVStore) []participanttypes.Validator
	CheckAdmission(s store.KVStore, code, name string, kind participanttypes.ParticipantKind, adminPubKey []byte, adminName string, validatorPubKey []byte) error
	Admit(ctx *module.Context, code, name string, kind participanttypes.ParticipantKind, adminPubKey []byte, adminName string, validatorPubKey []byte) error
	CheckStatusChange(s store.KVStore, code string, to participanttypes.ParticipantStatus) (*participanttypes.Participant, error)
	SetStatus(ctx *module.Context, code string, to participanttypes.ParticipantStatus, grandfather bool) error
	SetNonProducer(ctx *module.Context, code string, nonProducer bool) error
	CheckRotation(s store.KVStore, code string, pubKey []byte) error
	RotateValidator(ctx *module.Context, code string, pubKey []byte) error
}

// Certificates is what the plenary needs of the certificate module.
type Certificates interface {
	Embargo(s store.KVStore, kind certtypes.EmbargoKind, code string) (*certtypes.Embargo, bool)
	ImposeEmbargo(ctx *module.Context, kind certtypes.EmbargoKind, code, reference string) error
	LiftEmbargo(ctx *module.Context, kind certtypes.EmbargoKind, code string) error
	CheckVigilance(s store.KVStore, code string, remove bool) error
	SetVigilance(ctx *module.Context, code string, remove bool, reference string) error
	CheckListOperator(s store.KVStore, addressHex string, remove bool) (*participanttypes.RegisteredKey, error)
	ListOperator(ctx *module.Context, addressHex string, remove bool, reference string) error
	SetParams(s store.KVStore, p certtypes.Params) error
}

// Monitoring is what the plenary needs of the statistics module.
type Monitoring interface {
	SetParams(s store.KVStore, p stattypes.Params) error
}
