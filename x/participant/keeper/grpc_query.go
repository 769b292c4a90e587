package keeper

import (
	"github.com/kpledger/kpledger/app/ledger"
	"github.com/kpledger/kpledger/app/refusal"
	"github.com/kpledger/kpledger/x/participant/types"
)

// QueryPath is the ABCI query path of a method of this module's Query service.
func QueryPath(method string) string { return "/kpledger.participant.v1.Query/" + method }

func (k Keeper) registerQueries(r *ledger.QueryRouter) {
	ledger.HandleQuery(r, QueryPath("Participant"), k.queryParticipant)
	ledger.HandleQuery(r, QueryPath("Participants"), k.queryParticipants)
	ledger.HandleQuery(r, QueryPath("Observers"), k.queryObservers)
	ledger.HandleQuery(r, QueryPath("Key"), k.queryKey(nil, nil))
	ledger.HandleQuery(r, QueryPath("Officer"), k.queryKey(types.Role.IsOfficer, types.ErrNotAnOfficer))
	ledger.HandleQuery(r, QueryPath("Officers"), k.queryKeys(types.Role.IsOfficer))
	ledger.HandleQuery(r, QueryPath("Operator"), k.queryKey(types.Role.IsOperator, types.ErrNotAnOperator))
	ledger.HandleQuery(r, QueryPath("Operators"), k.queryKeys(types.Role.IsOperator))
	ledger.HandleQuery(r, QueryPath("Validators"), k.queryValidators)
}

func (k Keeper) queryParticipant(ctx *ledger.QueryContext, req *types.QueryParticipantRequest) (*types.QueryParticipantResponse, error) {
	p, ok := k.Participant(ctx.Store, req.Code)
	if !ok {
		return nil, types.ErrUnknownParticipant.Wrap(req.Code)
	}
	resp := &types.QueryParticipantResponse{Participant: *p}
	if v, ok := k.Validator(ctx.Store, req.Code); ok {
		resp.Validator = v
	}
	return resp, nil
}

func (k Keeper) queryParticipants(ctx *ledger.QueryContext, _ *types.QueryParticipantsRequest) (*types.QueryParticipantsResponse, error) {
	return &types.QueryParticipantsResponse{Participants: k.Participants(ctx.Store)}, nil
}

func (k Keeper) queryObservers(ctx *ledger.QueryContext, _ *types.QueryObserversRequest) (*types.QueryObserversResponse, error) {
	return &types.QueryObserversResponse{Observers: k.Observers(ctx.Store)}, nil
}

// queryKey answers Key, Officer and Operator: one key by address, refused with
// wrongKind when its role does not pass isKind.
func (k Keeper) queryKey(isKind func(types.Role) bool, wrongKind *refusal.Error) func(*ledger.QueryContext, *types.QueryKeyRequest) (*types.QueryKeyResponse, error) {
	return func(ctx *ledger.QueryContext, req *types.QueryKeyRequest) (*types.QueryKeyResponse, error) {
		address, err := types.ParseAddress(req.Address)
		if err != nil {
			return nil, err
		}
		rk, ok := k.Key(ctx.Store, address)
		if !ok {
			return nil, types.ErrUnknownKey.Wrap(req.Address)
		}
		if isKind != nil && !isKind(rk.Role) {
			return nil, wrongKind.Wrapf("%s is %s", req.Address, rk.Role.Name())
		}
		return &types.QueryKeyResponse{Key: *rk}, nil
	}
}

// queryKeys answers Officers and Operators: a participant's keys of one kind.
func (k Keeper) queryKeys(isKind func(types.Role) bool) func(*ledger.QueryContext, *types.QueryKeysRequest) (*types.QueryKeysResponse, error) {
	return func(ctx *ledger.QueryContext, req *types.QueryKeysRequest) (*types.QueryKeysResponse, error) {
		if _, ok := k.Participant(ctx.Store, req.Participant); !ok {
			return nil, types.ErrUnknownParticipant.Wrap(req.Participant)
		}
		resp := &types.QueryKeysResponse{}
		for _, rk := range k.HolderKeys(ctx.Store, req.Participant, false) {
			if isKind(rk.Role) && (req.IncludeRevoked || rk.Status == types.KeyStatus_KEY_STATUS_ACTIVE) {
				resp.Keys = append(resp.Keys, rk)
			}
		}
		return resp, nil
	}
}

func (k Keeper) queryValidators(ctx *ledger.QueryContext, _ *types.QueryValidatorsRequest) (*types.QueryValidatorsResponse, error) {
	return &types.QueryValidatorsResponse{Validators: k.Validators(ctx.Store)}, nil
}
