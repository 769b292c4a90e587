package proof

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/light"
	"github.com/cometbft/cometbft/light/provider"
	lightdb "github.com/cometbft/cometbft/light/store/db"
	cmttypes "github.com/cometbft/cometbft/types"
	ics23 "github.com/cosmos/ics23/go"
)

// DefaultTrustingPeriod is how long a trusted header stays a root of trust:
// ten years. On a permissioned chain whose validators are the KP's
// authorities, a header signed by more than two thirds of them is trusted
// until that set could have been replaced without a trace; the README states
// it as a security assumption.
const DefaultTrustingPeriod = 10 * 365 * 24 * time.Hour

// Why a proof failed: each failure of Prove wraps one of these.
var (
	// ErrTrustRoot: the trusted header is not the one the nodes serve, or the
	// genesis does not match the chain.
	ErrTrustRoot = errors.New("trust root mismatch")
	// ErrHeader: the light client could not verify the header of the block
	// after the state's height against the trusted validators.
	ErrHeader = errors.New("header verification failed")
	// ErrWitness: the primary and a witness serve different headers.
	ErrWitness = errors.New("the primary and a witness disagree")
	// ErrProof: the value or its absence does not prove against the verified
	// header's app hash.
	ErrProof = errors.New("proof failed")
	// ErrNode: the node did not answer as a node of this chain would.
	ErrNode = errors.New("node answer unusable")
)

// Node is what a proof needs of the node it asks: the state's key, with its
// ICS23 proof, at a height, and the latest height.
type Node interface {
	// ProveKey returns the value at key in the state saved at height (nil when
	// absent), the proof op of its ICS23 proof and the height answered.
	ProveKey(ctx context.Context, key []byte, height int64) (value []byte, proof []byte, answered int64, err error)
	LatestHeight(ctx context.Context) (int64, error)
}

// TrustRoot is a header the verifier trusts: its height and hash.
type TrustRoot struct {
	Height int64
	Hash   []byte
}

// Verifier proves what nodes answer against the signatures of the
// authorities, through a CometBFT light client: the app hash of a header
// signed by more than two thirds of the validators it trusts.
type Verifier struct {
	ChainID        string
	Trust          TrustRoot
	TrustingPeriod time.Duration
	// Primary answers the queries and serves headers; Witnesses serve headers
	// that must agree with the primary's.
	Primary   provider.Provider
	Witnesses []provider.Provider
	Node      Node
	// Now is the verifier's clock (the light client's trusting period).
	Now func() time.Time
}

// Proved is a key's value (nil: proven absent) in the state at Height, whose
// app hash AppHash is in the header of Height+1, signed by Signed of the
// Validators authorities.
type Proved struct {
	Key, Value        []byte
	Height            int64
	AppHash           []byte
	Signed            int
	Validators        int
	SignedPower       int64
	TotalPower        int64
	HeaderTime        time.Time
	VerifiedByWitness bool
}

// Prove asks the node for a key at the latest height that has a block after
// it, verifies that block's header with the light client and the value (or
// the key's absence) against the header's app hash.
func (v *Verifier) Prove(ctx context.Context, key []byte) (*Proved, error) {
	set, err := v.ProveAll(ctx, [][]byte{key})
	if err != nil {
		return nil, err
	}
	return &set.Proved[0], nil
}

// ProvedSet is several keys proved at one height, with the light block whose
// app hash proves them.
type ProvedSet struct {
	Proved []Proved
	// Header is the verified light block of Height+1; Proofs the ICS23
	// proof of each key, in order.
	Header *cmttypes.LightBlock
	Proofs [][]byte
}

// ProveAll proves keys at one height, with one header verification.
func (v *Verifier) ProveAll(ctx context.Context, keys [][]byte) (*ProvedSet, error) {
	s, err := v.Session(ctx)
	if err != nil {
		return nil, err
	}
	set := &ProvedSet{Header: s.Header}
	for _, key := range keys {
		p, proofBytes, err := s.prove(ctx, key)
		if err != nil {
			return nil, err
		}
		set.Proved = append(set.Proved, p)
		set.Proofs = append(set.Proofs, proofBytes)
	}
	return set, nil
}

// CheckProof checks a key's value (nil: absent) with its ICS23 proof against
// the app hash of the state at height.
func CheckProof(appHash []byte, height int64, key, value, proofBytes []byte) error {
	var cp ics23.CommitmentProof
	if err := cp.Unmarshal(proofBytes); err != nil {
		return fmt.Errorf("%w: undecodable proof: %v", ErrProof, err)
	}
	if value == nil {
		if !ics23.VerifyNonMembership(ics23.IavlSpec, appHash, &cp, key) {
			return fmt.Errorf("%w: the absence of key %X does not prove against app hash %X at height %d", ErrProof, key, appHash, height)
		}
	} else if !ics23.VerifyMembership(ics23.IavlSpec, appHash, &cp, key, value) {
		return fmt.Errorf("%w: the value of key %X does not prove against app hash %X at height %d", ErrProof, key, appHash, height)
	}
	return nil
}

// Signers counts the validators whose signature of a block its commit holds,
// and their power.
func Signers(lb *cmttypes.LightBlock) (int, int64) {
	var n int
	var power int64
	for i, sig := range lb.Commit.Signatures {
		if sig.BlockIDFlag == cmttypes.BlockIDFlagCommit {
			n++
			power += lb.ValidatorSet.Validators[i].VotingPower
		}
	}
	return n, power
}

// verifyHeader verifies the light block at height from the trust root, with
// the primary's headers checked against every witness's.
func (v *Verifier) verifyHeader(ctx context.Context, height int64) (*cmttypes.LightBlock, error) {
	period := v.TrustingPeriod
	if period <= 0 {
		period = DefaultTrustingPeriod
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	witnesses := v.Witnesses
	if len(witnesses) == 0 {
		witnesses = []provider.Provider{v.Primary}
	}
	client, err := light.NewClient(ctx, v.ChainID,
		light.TrustOptions{Period: period, Height: v.Trust.Height, Hash: v.Trust.Hash},
		v.Primary, witnesses, lightdb.New(dbm.NewMemDB(), ""),
		light.Logger(log.NewNopLogger()), light.MaxRetryAttempts(2))
	if err != nil {
		if errors.Is(err, light.ErrLightClientAttack) || isConflict(err) {
			return nil, fmt.Errorf("%w: %v", ErrWitness, err)
		}
		return nil, fmt.Errorf("%w: trusted header %d %X: %v", ErrTrustRoot, v.Trust.Height, v.Trust.Hash, err)
	}
	if height <= v.Trust.Height {
		lb, err := client.TrustedLightBlock(height)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrHeader, err)
		}
		return lb, nil
	}
	lb, err := client.VerifyLightBlockAtHeight(ctx, height, now())
	if err != nil {
		if errors.Is(err, light.ErrLightClientAttack) || isConflict(err) {
			return nil, fmt.Errorf("%w: %v", ErrWitness, err)
		}
		return nil, fmt.Errorf("%w: height %d: %v", ErrHeader, height, err)
	}
	return lb, nil
}

// isConflict reports the light client's errors that mean a witness did not
// confirm the primary's headers.
func isConflict(err error) bool {
	var conflict light.ErrConflictingHeaders
	var priorities light.ErrProposerPrioritiesDiverge
	return errors.As(err, &conflict) || errors.As(err, &priorities) ||
		errors.Is(err, light.ErrFailedHeaderCrossReferencing) || errors.Is(err, light.ErrNoWitnesses)
}

// HeaderOfGenesis checks block 1 against a genesis document the verifier
// holds — chain-id, genesis time, the genesis validators' hash, their commit
// of block 1 (more than two thirds of their power) and the app hash the
// genesis state has (computed from the genesis by the caller) — and returns
// block 1 as the trust root.
func HeaderOfGenesis(ctx context.Context, primary provider.Provider, genesis *cmttypes.GenesisDoc, genesisAppHash []byte) (TrustRoot, error) {
	lb, err := primary.LightBlock(ctx, genesis.InitialHeight)
	if err != nil {
		return TrustRoot{}, fmt.Errorf("%w: block %d: %v", ErrTrustRoot, genesis.InitialHeight, err)
	}
	h := lb.Header
	vals := make([]*cmttypes.Validator, len(genesis.Validators))
	for i, gv := range genesis.Validators {
		vals[i] = cmttypes.NewValidator(gv.PubKey, gv.Power)
	}
	set := cmttypes.NewValidatorSet(vals)
	switch {
	case h.ChainID != genesis.ChainID:
		return TrustRoot{}, fmt.Errorf("%w: block %d is of chain %q, the genesis of %q", ErrTrustRoot, h.Height, h.ChainID, genesis.ChainID)
	case !h.Time.Equal(genesis.GenesisTime):
		return TrustRoot{}, fmt.Errorf("%w: block %d has time %s, the genesis %s", ErrTrustRoot, h.Height, h.Time, genesis.GenesisTime)
	case !bytes.Equal(h.ValidatorsHash, set.Hash()):
		return TrustRoot{}, fmt.Errorf("%w: block %d's validators are not the genesis validators", ErrTrustRoot, h.Height)
	case !bytes.Equal(h.AppHash, genesisAppHash):
		return TrustRoot{}, fmt.Errorf("%w: block %d's app hash %X is not the genesis state's %X", ErrTrustRoot, h.Height, h.AppHash, genesisAppHash)
	}
	if err := set.VerifyCommitLight(genesis.ChainID, lb.Commit.BlockID, h.Height, lb.Commit); err != nil {
		return TrustRoot{}, fmt.Errorf("%w: block %d's commit by the genesis validators: %v", ErrTrustRoot, h.Height, err)
	}
	return TrustRoot{Height: h.Height, Hash: h.Hash()}, nil
}
