package apptest

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/genesis"
)

// ChainID is the fixture's chain-id.
const ChainID = "kpledger-test"

// BlockInterval is the block time step of the fixture.
const BlockInterval = 5 * time.Second

// GenesisTime is the fixture's genesis time: the first day of the 2005 Moscow plenary.
var GenesisTime = time.Date(2005, 11, 15, 9, 0, 0, 0, time.UTC)

// Chain is an App at a height, with the fixture's keys.
type Chain struct {
	t         testing.TB
	App       *app.App
	Genesis   *genesis.Document
	Height    int64
	Time      time.Time
	AppHash   []byte
	keys      map[string]ed25519.PrivKey
	names     map[string]string // address → key name, for Named
	sequences map[string]uint64

	// validators[h] is CometBFT's validator set of height h (address →
	// power): genesis for the first two heights, then the app's updates of
	// block h taking effect at h+2. absent validators do not sign.
	validators map[int64]map[string]int64
	absent     map[string]bool

	// OnCommit, when set, is called after each block Block commits, with
	// the block's height, time and results (a kit that serves the chain
	// as CometBFT would records them).
	OnCommit func(height int64, t time.Time, resp *abci.FinalizeBlockResponse)
}

// Option changes the fixture before InitChain.
type Option func(*config)

type config struct {
	options app.Options
	edit    func(*genesis.Document, func(name string) ed25519.PrivKey)
	state   func(store.KVStore)
}

// WithAppOptions sets the App's options (DB, cache sizes...).
func WithAppOptions(o app.Options) Option { return func(c *config) { c.options = o } }

// WithGenesis edits the fixture's genesis; key(name) returns (and creates) a
// deterministic key of that name for the edit to register.
func WithGenesis(edit func(g *genesis.Document, key func(name string) ed25519.PrivKey)) Option {
	return func(c *config) { c.edit = edit }
}

// WithState edits the state genesis wrote, before the first block: a
// starting point no genesis can express, such as a sum at the edge of int64
// (app.Options.AfterGenesis). The edit writes through the modules' stores
// (their types.Store of s) the records they keep.
func WithState(edit func(s store.KVStore)) Option {
	return func(c *config) { c.state = edit }
}

// New starts a chain of the fixture's genesis (see Fixture) at height 0.
func New(t testing.TB, opts ...Option) *Chain {
	t.Helper()
	cfg := &config{}
	for _, o := range opts {
		o(cfg)
	}
	c := &Chain{t: t, Time: GenesisTime, keys: map[string]ed25519.PrivKey{}, sequences: map[string]uint64{},
		validators: map[int64]map[string]int64{}, absent: map[string]bool{}}
	g := Fixture(c.Key)
	if cfg.edit != nil {
		cfg.edit(g, c.Key)
	}
	c.Genesis = g
	if cfg.state != nil {
		cfg.options.AfterGenesis = cfg.state
	}
	var err error
	if cfg.options.DB == nil {
		c.App, err = app.NewInMemory(cfg.options)
	} else {
		c.App, err = app.New(cfg.options)
	}
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	t.Cleanup(func() { _ = c.App.Close() })
	c.InitChain()
	return c
}

// SetT makes the chain report to t: a fuzz target must use its own t.
func (c *Chain) SetT(t testing.TB) { c.t = t }

// InitChain sends the fixture's genesis to the app.
func (c *Chain) InitChain() {
	c.t.Helper()
	req, err := InitChainRequest(c.Genesis)
	if err != nil {
		c.t.Fatalf("genesis: %v", err)
	}
	resp, err := c.App.InitChain(context.Background(), req)
	if err != nil {
		c.t.Fatalf("InitChain: %v", err)
	}
	c.AppHash = resp.AppHash
	set := map[string]int64{}
	for _, v := range req.Validators {
		set[string(ed25519.PubKey(v.PubKeyBytes).Address())] = v.Power
	}
	c.validators[1], c.validators[2] = set, set
}

// InitChainRequest is what CometBFT would send for a genesis.
func InitChainRequest(g *genesis.Document) (*abci.InitChainRequest, error) {
	doc, err := g.Doc()
	if err != nil {
		return nil, err
	}
	return genesis.InitChainRequest(doc), nil
}

// Key returns the deterministic key of a name ("bw-admin"), creating it.
func (c *Chain) Key(name string) ed25519.PrivKey {
	if k, ok := c.keys[name]; ok {
		return k
	}
	k := ed25519.GenPrivKeyFromSecret([]byte("kpledger fixture " + name))
	c.keys[name] = k
	return k
}

// Address is the canonical address of a named key.
func (c *Chain) Address(name string) string {
	return envelope.AddressHex(c.Key(name).PubKey().Address())
}

// PubKey is the public key bytes of a named key.
func (c *Chain) PubKey(name string) []byte { return c.Key(name).PubKey().Bytes() }

// Tx signs msgs with a named key at its next sequence (counted locally).
func (c *Chain) Tx(name string, msgs ...envelope.Message) []byte {
	c.t.Helper()
	tx := c.TxAt(name, c.sequences[name], msgs...)
	c.sequences[name]++
	return tx
}

// TxAt signs msgs with a named key at a given sequence, leaving the counter.
func (c *Chain) TxAt(name string, sequence uint64, msgs ...envelope.Message) []byte {
	c.t.Helper()
	tx, err := envelope.Sign(ChainID, c.Key(name), sequence, msgs...)
	if err != nil {
		c.t.Fatalf("sign: %v", err)
	}
	return tx
}

// Sequence is the next sequence of a key by the local counter.
func (c *Chain) Sequence(name string) uint64 { return c.sequences[name] }

// SetSequence sets the local sequence counter of a key.
func (c *Chain) SetSequence(name string, sequence uint64) { c.sequences[name] = sequence }

// NextBlockTime is the time (Unix seconds) of the block the next Block makes,
// unless Skip moves it.
func (c *Chain) NextBlockTime() int64 { return c.Time.Add(BlockInterval).Unix() }

// T is the test the chain reports to.
func (c *Chain) T() testing.TB { return c.t }

// Skip moves the chain's clock forward: the next block comes d after the
// last plus the usual interval (a quiet month, a quarter).
func (c *Chain) Skip(d time.Duration) { c.Time = c.Time.Add(d) }

// Finalize runs FinalizeBlock for the next height without committing.
func (c *Chain) Finalize(txs ...[]byte) *abci.FinalizeBlockResponse {
	c.t.Helper()
	c.Height++
	c.Time = c.Time.Add(BlockInterval)
	req := &abci.FinalizeBlockRequest{Txs: txs, Height: c.Height, Time: c.Time}
	if c.Height > 1 {
		for _, address := range sortedKeys(c.validators[c.Height-1]) {
			flag := cmtproto.BlockIDFlagCommit
			if c.absent[address] {
				flag = cmtproto.BlockIDFlagAbsent
			}
			req.DecidedLastCommit.Votes = append(req.DecidedLastCommit.Votes, abci.VoteInfo{
				Validator: abci.Validator{Address: []byte(address), Power: c.validators[c.Height-1][address]}, BlockIdFlag: flag,
			})
		}
	}
	resp, err := c.App.FinalizeBlock(context.Background(), req)
	if err != nil {
		c.t.Fatalf("FinalizeBlock %d: %v", c.Height, err)
	}
	next := map[string]int64{}
	for address, power := range c.validators[c.Height+1] {
		next[address] = power
	}
	for _, u := range resp.ValidatorUpdates {
		address := string(ed25519.PubKey(u.PubKeyBytes).Address())
		if u.Power == 0 {
			delete(next, address)
		} else {
			next[address] = u.Power
		}
	}
	c.validators[c.Height+2] = next
	return resp
}

// Absent makes the named validator keys ("bw-node") stop signing blocks, or
// sign again with absent false.
func (c *Chain) Absent(absent bool, names ...string) {
	for _, n := range names {
		c.absent[string(c.Key(n).PubKey().Address())] = absent
	}
}

// Validators is CometBFT's validator set of the next block: address → power.
func (c *Chain) Validators() map[string]int64 {
	if set, ok := c.validators[c.Height+1]; ok {
		return set
	}
	return c.validators[c.Height]
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Commit commits the finalized block.
func (c *Chain) Commit() {
	c.t.Helper()
	if _, err := c.App.Commit(context.Background(), &abci.CommitRequest{}); err != nil {
		c.t.Fatalf("Commit %d: %v", c.Height, err)
	}
}

// Block finalizes and commits a block of txs.
func (c *Chain) Block(txs ...[]byte) *abci.FinalizeBlockResponse {
	c.t.Helper()
	resp := c.Finalize(txs...)
	c.Commit()
	c.AppHash = resp.AppHash
	if c.OnCommit != nil {
		c.OnCommit(c.Height, c.Time, resp)
	}
	return resp
}

// Deliver puts one tx in a block and returns its result.
func (c *Chain) Deliver(tx []byte) *abci.ExecTxResult {
	c.t.Helper()
	return c.Block(tx).TxResults[0]
}

// MustDeliver delivers a tx and fails the test unless it succeeds.
func (c *Chain) MustDeliver(tx []byte) *abci.ExecTxResult {
	c.t.Helper()
	res := c.Deliver(tx)
	if res.Code != 0 {
		c.t.Fatalf("tx refused: code %d: %s", res.Code, res.Log)
	}
	return res
}

// CheckTx sends a tx to the mempool check (recheck: as a RECHECK).
func (c *Chain) CheckTx(tx []byte, recheck bool) *abci.CheckTxResponse {
	c.t.Helper()
	typ := abci.CHECK_TX_TYPE_CHECK
	if recheck {
		typ = abci.CHECK_TX_TYPE_RECHECK
	}
	resp, err := c.App.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: tx, Type: typ})
	if err != nil {
		c.t.Fatalf("CheckTx: %v", err)
	}
	return resp
}

// Query runs an ABCI query at the latest height, decoding the answer into
// resp; it returns the response for its code and log.
func (c *Chain) Query(path string, req interface{ Marshal() ([]byte, error) }, resp interface{ Unmarshal([]byte) error }) *abci.QueryResponse {
	return c.QueryAt(0, path, req, resp)
}

// QueryAt is Query at a height.
func (c *Chain) QueryAt(height int64, path string, req interface{ Marshal() ([]byte, error) }, resp interface{ Unmarshal([]byte) error }) *abci.QueryResponse {
	c.t.Helper()
	data, err := req.Marshal()
	if err != nil {
		c.t.Fatal(err)
	}
	res, err := c.App.Query(context.Background(), &abci.QueryRequest{Path: path, Data: data, Height: height})
	if err != nil {
		c.t.Fatalf("Query %s: %v", path, err)
	}
	if res.Code == 0 && resp != nil {
		if err := resp.Unmarshal(res.Value); err != nil {
			c.t.Fatalf("decode %s answer: %v", path, err)
		}
	}
	return res
}

// EventAttr returns the value of an attribute of the first event of a type.
func EventAttr(events []abci.Event, eventType, key string) (string, bool) {
	for _, e := range events {
		if e.Type != eventType {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value, true
			}
		}
	}
	return "", false
}

// MsgName is a message's short type name for test names.
func MsgName(m proto.Message) string {
	name := proto.MessageName(m)
	return name[strings.LastIndex(name, ".")+1:]
}
