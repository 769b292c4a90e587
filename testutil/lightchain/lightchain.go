package lightchain

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtversion "github.com/cometbft/cometbft/api/cometbft/version/v1"
	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/light/provider"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/module"
)

// Chain is an apptest chain with what CometBFT would serve of it.
type Chain struct {
	*apptest.Chain
	t          testing.TB
	genesis    []byte // the genesis state's app hash: header 1's
	validators []crypto.PrivKey
	set        *cmttypes.ValidatorSet

	mu     sync.Mutex
	height int64 // the last committed block
	times  map[int64]time.Time
	events map[int64][]abci.Event
}

// New starts the fixture chain at height 0 (apptest.New with opts).
func New(t testing.TB, opts ...apptest.Option) *Chain {
	c := &Chain{Chain: apptest.New(t, opts...), t: t, times: map[int64]time.Time{}, events: map[int64][]abci.Event{}}
	c.genesis = c.Chain.AppHash
	var vals []*cmttypes.Validator
	for _, p := range apptest.FixtureParticipants {
		if p.Validator {
			key := c.Key(apptest.KeyName(p.Code, "node"))
			c.validators = append(c.validators, key)
			vals = append(vals, cmttypes.NewValidator(key.PubKey(), 10))
		}
	}
	c.set = cmttypes.NewValidatorSet(vals)
	c.Chain.OnCommit = c.record
	return c
}

// record keeps a committed block's time and events.
func (c *Chain) record(height int64, t time.Time, resp *abci.FinalizeBlockResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var events []abci.Event
	for _, r := range resp.TxResults {
		events = append(events, r.Events...)
	}
	c.height, c.times[height], c.events[height] = height, t, append(events, resp.Events...)
}

// Latest is the height of the newest header: one past the last block.
func (c *Chain) Latest() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.height + 1
}

// GenesisAppHash is the app hash of the genesis state.
func (c *Chain) GenesisAppHash() []byte { return c.genesis }

// ValidatorKeys are the keys that sign the headers.
func (c *Chain) ValidatorKeys() []crypto.PrivKey { return c.validators }

// Now is a clock just after the newest header, for the light client.
func (c *Chain) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.headerTime(c.height + 1).Add(time.Minute)
}

// headerTime is the time of block h: the genesis time for block 1, the
// time of the block after the last committed one predicted.
func (c *Chain) headerTime(h int64) time.Time {
	if h == 1 {
		return apptest.GenesisTime
	}
	if t, ok := c.times[h]; ok {
		return t
	}
	return c.times[c.height].Add(apptest.BlockInterval)
}

// Provider serves the chain's light blocks, signed by keys (nil: the
// validators); edit, when given, changes each header before it is signed.
func (c *Chain) Provider(keys []crypto.PrivKey, edit func(h *cmttypes.Header)) provider.Provider {
	set := c.set
	if keys == nil {
		keys = c.validators
	} else {
		var vals []*cmttypes.Validator
		for _, k := range keys {
			vals = append(vals, cmttypes.NewValidator(k.PubKey(), 10))
		}
		set = cmttypes.NewValidatorSet(vals)
	}
	return &lightProvider{c: c, keys: keys, set: set, edit: edit}
}

// Verifier proves against block 1 of an honest provider as the trust root,
// through primary and witnesses, with the chain's clock.
func (c *Chain) Verifier(node proof.Node, primary provider.Provider, witnesses ...provider.Provider) *proof.Verifier {
	one, err := c.Provider(nil, nil).LightBlock(context.Background(), 1)
	if err != nil {
		c.t.Fatal(err)
	}
	return &proof.Verifier{ChainID: apptest.ChainID, Trust: proof.TrustRoot{Height: 1, Hash: one.Hash()}, Primary: primary,
		Witnesses: witnesses, Node: node, Now: c.Now}
}

type lightProvider struct {
	c    *Chain
	keys []crypto.PrivKey
	set  *cmttypes.ValidatorSet
	edit func(h *cmttypes.Header)
}

func (p *lightProvider) ChainID() string { return apptest.ChainID }

func (p *lightProvider) ReportEvidence(context.Context, cmttypes.Evidence) error { return nil }

// LightBlock signs header h (0: the latest) as the validators would.
func (p *lightProvider) LightBlock(ctx context.Context, h int64) (*cmttypes.LightBlock, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := p.c
	c.mu.Lock()
	latest := c.height + 1
	if h == 0 {
		h = latest
	}
	if h > latest {
		c.mu.Unlock()
		return nil, provider.ErrHeightTooHigh
	}
	when := c.headerTime(h)
	c.mu.Unlock()
	appHash := c.genesis
	if h > 1 {
		var err error
		if appHash, err = c.App.AppHashAt(h - 1); err != nil {
			return nil, fmt.Errorf("app hash of %d: %w", h-1, err)
		}
	}
	header := &cmttypes.Header{
		Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: apptest.ChainID, Height: h, Time: when,
		ValidatorsHash: p.set.Hash(), NextValidatorsHash: p.set.Hash(), AppHash: appHash, ProposerAddress: p.set.Validators[0].Address,
	}
	if p.edit != nil {
		p.edit(header)
	}
	commit, err := Sign(header, p.set, p.keys)
	if err != nil {
		return nil, err
	}
	lb := &cmttypes.LightBlock{SignedHeader: &cmttypes.SignedHeader{Header: header, Commit: commit}, ValidatorSet: p.set}
	if err := lb.ValidateBasic(apptest.ChainID); err != nil {
		return nil, provider.ErrBadLightBlock{Reason: err}
	}
	return lb, nil
}

// Sign is the commit of a header by keys of a validator set (the others
// absent).
func Sign(header *cmttypes.Header, set *cmttypes.ValidatorSet, keys []crypto.PrivKey) (*cmttypes.Commit, error) {
	blockID := cmttypes.BlockID{Hash: header.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: make([]byte, 32)}}
	sigs := make([]cmttypes.CommitSig, set.Size())
	for i := range sigs {
		sigs[i] = cmttypes.NewCommitSigAbsent()
	}
	for _, key := range keys {
		idx, _ := set.GetByAddress(key.PubKey().Address())
		vote := &cmttypes.Vote{ValidatorAddress: key.PubKey().Address(), ValidatorIndex: idx, Height: header.Height, Round: 1,
			Timestamp: header.Time, Type: cmttypes.PrecommitType, BlockID: blockID}
		sig, err := key.Sign(cmttypes.VoteSignBytes(header.ChainID, vote.ToProto()))
		if err != nil {
			return nil, err
		}
		vote.Signature = sig
		sigs[idx] = vote.CommitSig()
	}
	return &cmttypes.Commit{Height: header.Height, Round: 1, BlockID: blockID, Signatures: sigs}, nil
}

// Node answers as a node's RPC would: the latest height, /store/key with
// proofs, a block's events. Edit, when set, rewrites every /store/key answer
// (a node that lies).
type Node struct {
	c    *Chain
	Edit func(key, value, proofOp []byte) ([]byte, []byte)
}

// Node is an honest node of the chain.
func (c *Chain) Node() *Node { return &Node{c: c} }

// LatestHeight is the newest header's height.
func (n *Node) LatestHeight(context.Context) (int64, error) { return n.c.Latest(), nil }

// ProveKey answers /store/key at a height, with its proof.
func (n *Node) ProveKey(ctx context.Context, key []byte, height int64) ([]byte, []byte, int64, error) {
	res, err := n.c.App.Query(ctx, &abci.QueryRequest{Path: module.StoreKeyPath, Data: key, Height: height, Prove: true})
	if err != nil {
		return nil, nil, 0, err
	}
	if res.Code != 0 {
		return nil, nil, 0, fmt.Errorf("query refused: code %d (%s)", res.Code, res.Log)
	}
	value, op := res.Value, res.ProofOps.Ops[0].Data
	if n.Edit != nil {
		value, op = n.Edit(key, append([]byte(nil), value...), append([]byte(nil), op...))
	}
	return value, op, res.Height, nil
}

// BlockEvents are the events of block h's transactions and block-time work.
func (n *Node) BlockEvents(_ context.Context, h int64) ([]abci.Event, error) {
	n.c.mu.Lock()
	defer n.c.mu.Unlock()
	if h > n.c.height {
		return nil, fmt.Errorf("block %d is not committed (latest %d)", h, n.c.height)
	}
	return n.c.events[h], nil
}
