package web

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	abci "github.com/cometbft/cometbft/abci/types"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
)

// Blocks gives the events of a committed block: its transactions' and its
// block-time work's. Events are not in any header (CometBFT hashes a
// result's code and data, not its events), so the server takes them as hints
// and proves the records they name before it shows them.
type Blocks interface {
	BlockEvents(ctx context.Context, height int64) ([]abci.Event, error)
}

// RPCBlocks reads block events through a node's RPC.
type RPCBlocks struct {
	Client rpcclient.Client
}

// BlockEvents asks the node for a block's results.
func (b RPCBlocks) BlockEvents(ctx context.Context, height int64) ([]abci.Event, error) {
	res, err := b.Client.BlockResults(ctx, &height)
	if err != nil {
		return nil, err
	}
	var events []abci.Event
	for _, r := range res.TxResults {
		events = append(events, r.Events...)
	}
	return append(events, res.FinalizeBlockEvents...), nil
}

// Proof is what an answer rests on: the state's height, its app hash, the
// header of the next block that holds it and who signed that header — or, when
// Verified is false, why the answer could not be verified (and then the
// answer carries no data).
type Proof struct {
	Verified bool `json:"verified"`
	// Height is the state's; the header of Height+1 holds its app hash.
	Height      int64  `json:"height,omitempty"`
	AppHash     string `json:"app_hash,omitempty"`
	HeaderTime  string `json:"header_time,omitempty"`
	Signed      int    `json:"signed,omitempty"`
	Validators  int    `json:"validators,omitempty"`
	SignedPower int64  `json:"signed_power,omitempty"`
	TotalPower  int64  `json:"total_power,omitempty"`
	// Witnessed: witness nodes served the same headers as the node read.
	Witnessed bool   `json:"witnessed"`
	Error     string `json:"error,omitempty"`
}

// proofOf is the proof of what a session read.
func proofOf(s *proof.Session) Proof {
	signed, signedPower := proof.Signers(s.Header)
	return Proof{Verified: true, Height: s.Height, AppHash: strings.ToUpper(hex.EncodeToString(s.Header.AppHash)),
		HeaderTime: format.Time(s.Header.Time.Unix()), Signed: signed, Validators: s.Header.ValidatorSet.Size(),
		SignedPower: signedPower, TotalPower: s.Header.ValidatorSet.TotalVotingPower(), Witnessed: s.Witnessed()}
}

// failed is the proof of an answer that could not be verified.
func failed(err error) Proof { return Proof{Verified: false, Error: err.Error()} }

// reader hands out proof sessions over the latest provable state, one per
// height: pages read at the same height share its verified header. Each
// verified header becomes the verifier's root of trust, as a light client's
// latest trusted header does: the next session verifies from there, not from
// block 1 again.
type reader struct {
	verifier *proof.Verifier

	mu      sync.Mutex
	current *proof.Session
}

// session is a session over the latest provable state.
func (r *reader) session(ctx context.Context) (*proof.Session, error) {
	latest, err := r.verifier.Node.LatestHeight(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.current != nil && r.current.Height == latest-1 {
		return r.current, nil
	}
	s, err := r.verifier.Session(ctx)
	if err != nil {
		return nil, err
	}
	r.current = s
	r.verifier.Trust = proof.TrustRoot{Height: s.Header.Height, Hash: s.Header.Hash()}
	return s, nil
}

// record is a proto record of the state.
type record interface {
	proto.Message
	Unmarshal([]byte) error
}

// get proves a store key and decodes its record; found is false when the
// key is proved absent.
func get(ctx context.Context, s *proof.Session, key []byte, into record) (found bool, err error) {
	p, err := s.Get(ctx, key)
	if err != nil || p.Value == nil {
		return false, err
	}
	if err := into.Unmarshal(p.Value); err != nil {
		return false, undecodable(key, err)
	}
	return true, nil
}

// undecodable is a proved value that is not the record its key holds: a
// node of another schema version.
func undecodable(key []byte, err error) error {
	return fmt.Errorf("the proved value of key %X does not decode: %v", key, err)
}

// scan proves the records under a prefix and decodes each with decode.
func scan(ctx context.Context, s *proof.Session, prefix []byte, limit int, decode func(key, value []byte) error) (more bool, err error) {
	records, more, err := s.Scan(ctx, prefix, limit)
	if err != nil {
		return false, err
	}
	for _, r := range records {
		if err := decode(r.Key, r.Value); err != nil {
			return false, undecodable(r.Key, err)
		}
	}
	return more, nil
}
