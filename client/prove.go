package client

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/cometbft/cometbft/light/provider"
	lighthttp "github.com/cometbft/cometbft/light/provider/http"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
)

// Flags of commands whose answer a customs officer or an auditor relies on:
// they prove it (package proof) instead of trusting the node.
const (
	FlagWitness        = "witness"
	FlagTrustHeight    = "trust-height"
	FlagTrustHash      = "trust-hash"
	FlagTrustingPeriod = "trusting-period"
	FlagGenesis        = "genesis"
)

// GenesisAppHash computes the app hash of a genesis document's state, to
// check block 1 against it: kpd sets it (this package does not link the
// state machine).
var GenesisAppHash func(doc *cmttypes.GenesisDoc) ([]byte, error)

// AddProofFlags registers the flags of a proved query.
func AddProofFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringSlice(FlagWitness, nil, "RPC address of a node whose headers must agree with --node's (repeatable; default: --node itself)")
	f.Int64(FlagTrustHeight, 0, "height of a header you trust (with --trust-hash; default: block 1, checked against --genesis)")
	f.String(FlagTrustHash, "", "hash (hex) of the header at --trust-height")
	f.Duration(FlagTrustingPeriod, proof.DefaultTrustingPeriod, "how long a trusted header stays trusted")
	f.String(FlagGenesis, "", "the network's genesis.json, the default root of trust (default: HOME/config/genesis.json)")
}

// Prove proves the value of a store key (nil: proven absent) at the latest
// height that has a block after it, against the signatures of the
// authorities; the command must have AddProofFlags.
func (c *Context) Prove(cmd *cobra.Command, key []byte) (*proof.Proved, error) {
	set, err := c.ProveAll(cmd, [][]byte{key})
	if err != nil {
		return nil, err
	}
	return &set.Proved[0], nil
}

// ProveAll proves several store keys at one height.
func (c *Context) ProveAll(cmd *cobra.Command, keys [][]byte) (*proof.ProvedSet, error) {
	v, err := c.Verifier(cmd)
	if err != nil {
		return nil, err
	}
	return v.ProveAll(cmd.Context(), keys)
}

// Verifier is the light-client verifier the proof flags describe: the
// queried node as primary, --witness nodes, the root of trust.
func (c *Context) Verifier(cmd *cobra.Command) (*proof.Verifier, error) {
	ctx := cmd.Context()
	rpc, err := c.RPC()
	if err != nil {
		return nil, err
	}
	f := cmd.Flags()
	chainID, err := c.ResolveChainID(ctx)
	if err != nil {
		return nil, err
	}
	primary := lighthttp.NewWithClient(chainID, rpc)
	witnessURLs, _ := f.GetStringSlice(FlagWitness)
	var witnesses []provider.Provider
	for _, url := range witnessURLs {
		w, err := lighthttp.New(chainID, url)
		if err != nil {
			return nil, fmt.Errorf("--witness %s: %w", url, err)
		}
		witnesses = append(witnesses, w)
	}
	period, _ := f.GetDuration(FlagTrustingPeriod)
	trust, err := c.trustRoot(ctx, cmd, primary, chainID)
	if err != nil {
		return nil, err
	}
	return &proof.Verifier{ChainID: chainID, Trust: trust, TrustingPeriod: period, Primary: primary, Witnesses: witnesses,
		Node: proof.RPCNode{Client: rpc}, Now: time.Now}, nil
}

// Genesis reads the genesis document the proof flags name (--genesis,
// default HOME/config/genesis.json).
func (c *Context) Genesis(cmd *cobra.Command) (*cmttypes.GenesisDoc, string, error) {
	path, _ := cmd.Flags().GetString(FlagGenesis)
	if path == "" {
		path = filepath.Join(c.Home, "config", "genesis.json")
	}
	doc, err := cmttypes.GenesisDocFromFile(path)
	return doc, path, err
}

// trustRoot is --trust-height/--trust-hash, or block 1 checked against the
// genesis document.
func (c *Context) trustRoot(ctx context.Context, cmd *cobra.Command, primary provider.Provider, chainID string) (proof.TrustRoot, error) {
	f := cmd.Flags()
	height, _ := f.GetInt64(FlagTrustHeight)
	hashHex, _ := f.GetString(FlagTrustHash)
	if height != 0 || hashHex != "" {
		hash, err := hex.DecodeString(hashHex)
		if err != nil || height <= 0 || len(hash) != 32 {
			return proof.TrustRoot{}, fmt.Errorf("--trust-height and --trust-hash: a height and the 64 hex digits of its header's hash")
		}
		return proof.TrustRoot{Height: height, Hash: hash}, nil
	}
	doc, path, err := c.Genesis(cmd)
	if err != nil {
		return proof.TrustRoot{}, fmt.Errorf("the root of trust: %w (give --genesis FILE, or --trust-height and --trust-hash)", err)
	}
	if doc.ChainID != chainID {
		return proof.TrustRoot{}, fmt.Errorf("%w: %s is the genesis of %q, the node serves %q", proof.ErrTrustRoot, path, doc.ChainID, chainID)
	}
	if GenesisAppHash == nil {
		return proof.TrustRoot{}, fmt.Errorf("this program cannot compute a genesis state: give --trust-height and --trust-hash")
	}
	appHash, err := GenesisAppHash(doc)
	if err != nil {
		return proof.TrustRoot{}, fmt.Errorf("%w: the genesis state of %s: %v", proof.ErrTrustRoot, path, err)
	}
	return proof.HeaderOfGenesis(ctx, primary, doc, appHash)
}

// ProvedLine says what a proof rests on, for people.
func ProvedLine(p *proof.Proved) string {
	return fmt.Sprintf("proved at height %d (app hash %s) against signatures of %d of %d authorities (%d of %d voting power)",
		p.Height, strings.ToUpper(hex.EncodeToString(p.AppHash)), p.Signed, p.Validators, p.SignedPower, p.TotalPower)
}

// Record is a proto record of the state.
type Record interface {
	proto.Message
	Unmarshal([]byte) error
}

// RunProvedQuery proves a store key and prints its record (into), in text
// after the line that says what the proof rests on, or in JSON as
// {"proof": ..., "record": ...}; a key proved absent, or a record check
// (nil: none) refuses, is an error naming what.
func RunProvedQuery(cmd *cobra.Command, key []byte, what string, into Record, check func() error, text func(io.Writer)) error {
	c, err := FromCommand(cmd)
	if err != nil {
		return err
	}
	p, err := c.Prove(cmd, key)
	if err != nil {
		return fmt.Errorf("%s could not be proved: %w", what, err)
	}
	if p.Value == nil {
		return fmt.Errorf("%s is not on the ledger: %s", what, ProvedLine(p))
	}
	if err := into.Unmarshal(p.Value); err != nil {
		return fmt.Errorf("%s: the proved record does not decode: %w", what, err)
	}
	if check != nil {
		if err := check(); err != nil {
			return fmt.Errorf("%s: %w (%s)", what, err, ProvedLine(p))
		}
	}
	if !c.JSON() {
		fmt.Fprintln(c.Out, ProvedLine(p))
		return c.Print(into, text)
	}
	record, err := format.MarshalJSON(into)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(struct {
		Proof  ProofSummary    `json:"proof"`
		Record json.RawMessage `json:"record"`
	}{Summarize(p), record}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.Out, string(out))
	return err
}

// ProofSummary is what a proof rests on, in JSON.
type ProofSummary struct {
	Height      int64  `json:"height"`
	AppHash     string `json:"app_hash"`
	Signed      int    `json:"signed"`
	Validators  int    `json:"validators"`
	SignedPower int64  `json:"signed_power"`
	TotalPower  int64  `json:"total_power"`
}

// Summarize is a proof's summary.
func Summarize(p *proof.Proved) ProofSummary {
	return ProofSummary{p.Height, strings.ToUpper(hex.EncodeToString(p.AppHash)), p.Signed, p.Validators, p.SignedPower, p.TotalPower}
}
