package keeper

import (
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/participant/types"
)

func (k Keeper) registerQueries(r *module.QueryRouter) {
	module.HandleQuery(r, types.QueryParticipant, k.queryParticipant)
	module.HandleQuery(r, types.QueryParticipants, k.queryParticipants)
	module.HandleQuery(r, types.QueryObservers, k.queryObservers)
	module.HandleQuery(r, types.QueryKey, k.queryKey(nil, nil))
	module.HandleQuery(r, types.QueryKeysByAddress, k.queryKeysByAddress)
	module.HandleQuery(r, types.QueryOfficer, k.queryKey(envelope.Role.IsOfficer, types.ErrNotAnOfficer))
	module.HandleQuery(r, types.QueryOfficers, k.queryKeys(envelope.Role.IsOfficer))
	module.HandleQuery(r, types.QueryOperator, k.queryKey(envelope.Role.IsOperator, types.ErrNotAnOperator))
	module.HandleQuery(r, types.QueryOperators, k.queryKeys(envelope.Role.IsOperator))
	module.HandleQuery(r, types.QueryValidators, k.queryValidators)
}

func (k Keeper) queryParticipant(ctx *module.QueryContext, req *types.QueryParticipantRequest) (*types.QueryParticipantResponse, error) {
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

func (k Keeper) queryParticipants(ctx *module.QueryContext, _ *types.QueryParticipantsRequest) (*types.QueryParticipantsResponse, error) {
	return &types.QueryParticipantsResponse{Participants: k.Participants(ctx.Store)}, nil
}

func (k Keeper) queryObservers(ctx *module.QueryContext, _ *types.QueryObserversRequest) (*types.QueryObserversResponse, error) {
	return &types.QueryObserversResponse{Observers: k.Observers(ctx.Store)}, nil
}

// queryKey answers Key, Officer and Operator: one key by address, refused with
// wrongKind when its role does not pass isKind.
func (k Keeper) queryKey(isKind func(envelope.Role) bool, wrongKind *refusal.Error) func(*module.QueryContext, *types.QueryKeyRequest) (*types.QueryKeyResponse, error) {
	return func(ctx *module.QueryContext, req *types.QueryKeyRequest) (*types.QueryKeyResponse, error) {
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

// queryKeysByAddress returns the registered keys among the addresses, in the
// order asked; an address the registry does not know is left out.
func (k Keeper) queryKeysByAddress(ctx *module.QueryContext, req *types.QueryKeysByAddressRequest) (*types.QueryKeysByAddressResponse, error) {
	if len(req.Addresses) > types.MaxKeysByAddress {
		return nil, types.ErrInvalidQuery.Wrapf("%d addresses, at most %d", len(req.Addresses), types.MaxKeysByAddress)
	}
	resp := &types.QueryKeysByAddressResponse{}
	for _, a := range req.Addresses {
		address, err := types.ParseAddress(a)
		if err != nil {
			return nil, err
		}
		if rk, ok := k.Key(ctx.Store, address); ok {
			resp.Keys = append(resp.Keys, *rk)
		}
	}
	return resp, nil
}

// queryKeys answers Officers and Operators: a participant's keys of one kind.
func (k Keeper) queryKeys(isKind func(envelope.Role) bool) func(*module.QueryContext, *types.QueryKeysRequest) (*types.QueryKeysResponse, error) {
	return func(ctx *module.QueryContext, req *types.QueryKeysRequest) (*types.QueryKeysResponse, error) {
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

func (k Keeper) queryValidators(ctx *module.QueryContext, _ *types.QueryValidatorsRequest) (*types.QueryValidatorsResponse, error) {
	return &types.QueryValidatorsResponse{Validators: k.Validators(ctx.Store)}, nil
}
