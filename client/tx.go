package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/core/envelope"
)

// TxResult is what a tx command reports.
type TxResult struct {
	Hash      string `json:"txhash"`
	Height    int64  `json:"height"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log"`
	// Outputs are what the command adds about the result (a new proposal's
	// id), printed after it.
	Outputs []Output `json:"outputs,omitempty"`
	// Events are the committed transaction's events.
	Events []abci.Event `json:"-"`
}

// Output is a named value a tx command reports about its result.
type Output struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// EventAttribute is the value of the first attribute key of an event of type
// kind, and whether there is one.
func (r *TxResult) EventAttribute(kind, key string) (string, bool) {
	for _, e := range r.Events {
		if e.Type != kind {
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

// ErrTxFailed is returned after printing a transaction that was refused, so
// that the command exits non-zero.
var ErrTxFailed = errors.New("transaction failed")

// pollInterval is how often a tx command asks whether its tx is in a block.
const pollInterval = 200 * time.Millisecond

// SignAndBroadcast signs msgs with the --from key at the signer's next
// sequence (as the node's mempool sees it), broadcasts, and waits for a block.
func (c *Context) SignAndBroadcast(ctx context.Context, msgs ...envelope.Message) (*TxResult, error) {
	if c.From == "" {
		return nil, errors.New("--from: name the signing key")
	}
	kr, err := c.Keyring()
	if err != nil {
		return nil, err
	}
	key, err := kr.PrivKey(c.From)
	if err != nil {
		return nil, err
	}
	chainID, err := c.ResolveChainID(ctx)
	if err != nil {
		return nil, err
	}
	var seq envelope.QuerySequenceResponse
	if _, err := c.queryAt(ctx, 0, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: key.PubKey().Address()}, &seq); err != nil {
		return nil, fmt.Errorf("ask the node for the next sequence: %w", err)
	}
	tx, err := envelope.Sign(chainID, key, seq.Next, msgs...)
	if err != nil {
		return nil, err
	}
	return c.BroadcastAndWait(ctx, tx)
}

// BroadcastAndWait sends a signed tx (broadcast_tx_sync) and polls for it by
// hash until a block holds it or --timeout passes.
func (c *Context) BroadcastAndWait(ctx context.Context, tx []byte) (*TxResult, error) {
	rpc, err := c.RPC()
	if err != nil {
		return nil, err
	}
	hash := cmttypes.Tx(tx).Hash()
	res, err := rpc.BroadcastTxSync(ctx, tx)
	if err != nil {
		// CometBFT v1 reports a CheckTx refusal as an RPC error whose text
		// carries the code, log and codespace.
		if refused, ok := parseCheckTxRefusal(err.Error()); ok {
			refused.Hash = fmt.Sprintf("%X", hash)
			return refused, nil
		}
		return nil, fmt.Errorf("broadcast to %s: %w", c.Node, err)
	}
	if res.Code != 0 {
		return &TxResult{Hash: fmt.Sprintf("%X", hash), Code: res.Code, Codespace: res.Codespace, Log: res.Log}, nil
	}
	deadline := time.Now().Add(c.Timeout)
	for {
		found, err := rpc.Tx(ctx, hash, false)
		if err == nil {
			return &TxResult{
				Hash: fmt.Sprintf("%X", hash), Height: found.Height,
				Code: found.TxResult.Code, Codespace: found.TxResult.Codespace, Log: found.TxResult.Log, Events: found.TxResult.Events,
			}, nil
		}
		if !strings.Contains(err.Error(), "not found") {
			return nil, fmt.Errorf("look up tx %X: %w", hash, err)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("tx %X accepted by the mempool but not committed within %s; look later with `kpd query tx %X`", hash, c.Timeout, hash)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}

// checkTxRefusal matches CometBFT's mempool.ErrInvalidTx text.
var checkTxRefusal = regexp.MustCompile(`(?s)is invalid: code=(\d+), data=[0-9A-Fa-f]*, log='(.*)', codespace='([^']*)'`)

func parseCheckTxRefusal(text string) (*TxResult, bool) {
	m := checkTxRefusal.FindStringSubmatch(text)
	if m == nil {
		return nil, false
	}
	code, err := strconv.ParseUint(m[1], 10, 32)
	if err != nil || code == 0 {
		return nil, false
	}
	return &TxResult{Code: uint32(code), Log: m[2], Codespace: m[3]}, true
}

// PrintTx prints a tx result and returns ErrTxFailed when it was refused.
func (c *Context) PrintTx(res *TxResult) error {
	if c.JSON() {
		bz, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Out, string(bz))
	} else {
		w := NewTable(c.Out)
		w.Row("txhash", res.Hash)
		if res.Height > 0 {
			w.Row("height", res.Height)
		} else {
			w.Row("height", "(not in a block: refused by the mempool)")
		}
		if res.Codespace != "" {
			w.Row("code", fmt.Sprintf("%d (%s)", res.Code, res.Codespace))
		} else {
			w.Row("code", res.Code)
		}
		w.Row("log", res.Log)
		for _, o := range res.Outputs {
			w.Row(o.Name, o.Value)
		}
		w.Flush()
	}
	if res.Code != 0 {
		return ErrTxFailed
	}
	return nil
}
