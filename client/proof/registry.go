package proof

import (
	"encoding/json"
	"fmt"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtmath "github.com/cometbft/cometbft/libs/math"
	cmttypes "github.com/cometbft/cometbft/types"
)

// Registry is a set of store records proved at one height, carried with the
// signed header that proves them: the officer keys a customs post exports
// while online, to check QR codes offline later. Whoever imports it checks
// it again (CheckRegistry) against the genesis it trusts: a file edited on
// the way does not import.
type Registry struct {
	ChainID string `json:"chain_id"`
	// Height is the state's; LightBlock is the block after it (its app hash).
	Height     int64           `json:"height"`
	LightBlock json.RawMessage `json:"light_block"`
	Records    []Record        `json:"records"`
}

// Record is a store key, its value and its ICS23 proof.
type Record struct {
	Key   []byte `json:"key"`
	Value []byte `json:"value"`
	Proof []byte `json:"proof"`
}

// NewRegistry packs a proved set (the keys all present).
func NewRegistry(chainID string, set *ProvedSet) (*Registry, error) {
	lb, err := cmtjson.Marshal(set.Header)
	if err != nil {
		return nil, err
	}
	r := &Registry{ChainID: chainID, Height: set.Header.Height - 1, LightBlock: lb}
	for i, p := range set.Proved {
		if p.Value == nil {
			return nil, fmt.Errorf("key %X is not in the state", p.Key)
		}
		r.Records = append(r.Records, Record{Key: p.Key, Value: p.Value, Proof: set.Proofs[i]})
	}
	return r, nil
}

// CheckRegistry checks an imported registry, offline: its header is of the
// genesis's chain, signed by more than two thirds of its own validator set,
// at least a third of whose power is the genesis validators' (the light
// client's rule for trusting a later set), and every record proves against
// its app hash. It returns the header's time.
func CheckRegistry(r *Registry, genesis *cmttypes.GenesisDoc) (*cmttypes.LightBlock, error) {
	var lb cmttypes.LightBlock
	if err := cmtjson.Unmarshal(r.LightBlock, &lb); err != nil {
		return nil, fmt.Errorf("%w: the registry's header: %v", ErrHeader, err)
	}
	if r.ChainID != genesis.ChainID || lb.ChainID != genesis.ChainID {
		return nil, fmt.Errorf("%w: the registry is of chain %q, the genesis of %q", ErrTrustRoot, lb.ChainID, genesis.ChainID)
	}
	if err := lb.ValidateBasic(genesis.ChainID); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	if lb.Height != r.Height+1 {
		return nil, fmt.Errorf("%w: the header is of height %d, the records of %d", ErrHeader, lb.Height, r.Height)
	}
	if err := lb.ValidatorSet.VerifyCommitLight(genesis.ChainID, lb.Commit.BlockID, lb.Height, lb.Commit); err != nil {
		return nil, fmt.Errorf("%w: the commit of height %d: %v", ErrHeader, lb.Height, err)
	}
	vals := make([]*cmttypes.Validator, len(genesis.Validators))
	for i, gv := range genesis.Validators {
		vals[i] = cmttypes.NewValidator(gv.PubKey, gv.Power)
	}
	if err := cmttypes.NewValidatorSet(vals).VerifyCommitLightTrusting(genesis.ChainID, lb.Commit, cmtmath.Fraction{Numerator: 1, Denominator: 3}); err != nil {
		return nil, fmt.Errorf("%w: the genesis validators do not vouch for height %d: %v", ErrHeader, lb.Height, err)
	}
	for _, rec := range r.Records {
		if err := CheckProof(lb.AppHash, r.Height, rec.Key, rec.Value, rec.Proof); err != nil {
			return nil, err
		}
	}
	return &lb, nil
}
