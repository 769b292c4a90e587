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

// maxSigns bounds how often a command signs its messages again at a fresh
// sequence before it reports the refusal.
const maxSigns = 5

// SignAndBroadcast signs msgs with the --from key at the signer's next
// sequence, broadcasts, and waits for a block. One key's commands on this
// machine take turns (lockSigner). The next sequence is the node's, after
// the signer's transactions in its mempool. When the sequence was taken
// meanwhile — refused as reused, or another transaction of the key committed
// at it while this one waited — the command signs again at the next one;
// refused as skipping ahead (the node is behind), it waits a block and asks
// again. Either is said in the result's outputs.
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
	unlock, err := lockSigner(ctx, kr.Dir(), c.From, c.Timeout)
	if err != nil {
		return nil, err
	}
	defer unlock()
	deadline := time.Now().Add(c.Timeout)
	signer := key.PubKey().Address()
	var notes []Output
	for signs := 1; ; signs++ {
		var seq envelope.QuerySequenceResponse
		if _, err := c.queryAt(ctx, 0, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: signer}, &seq); err != nil {
			return nil, fmt.Errorf("ask the node for the next sequence: %w", err)
		}
		tx, err := envelope.Sign(chainID, key, seq.Next, msgs...)
		if err != nil {
			return nil, err
		}
		res, err := c.broadcastAndWait(ctx, tx, deadline, func(ctx context.Context) (bool, int64) { return c.sequencePassed(ctx, signer, seq.Next) })
		last := signs == maxSigns || time.Now().After(deadline)
		switch {
		case errors.Is(err, errSequenceTaken) && !last:
			notes = append(notes, Output{"note", fmt.Sprintf("sequence %d was taken by another transaction of %s; signed again", seq.Next, c.From)})
			continue
		case errors.Is(err, errSequenceTaken):
			return nil, fmt.Errorf("%s's sequence %d was taken by another of its transactions (this command signed %d times); nothing of this command was committed: send it again", c.From, seq.Next, signs)
		case err != nil:
			return nil, err
		case res.Height == 0 && res.Code == envelope.ErrSequenceReused.Code() && !last:
			notes = append(notes, Output{"note", fmt.Sprintf("sequence %d already used (%s); signed again", seq.Next, res.Log)})
			continue
		case res.Height == 0 && res.Code == envelope.ErrSequenceSkipped.Code() && !last:
			notes = append(notes, Output{"note", fmt.Sprintf("sequence %d skips ahead on %s (%s); asked again after a block", seq.Next, c.Node, res.Log)})
			if err := c.waitBlock(ctx, deadline); err != nil {
				return nil, err
			}
			continue
		}
		res.Outputs = append(notes, res.Outputs...)
		return res, nil
	}
}

// errSequenceTaken says that another transaction of the signer committed at
// a transaction's sequence: that transaction can never commit.
var errSequenceTaken = errors.New("another transaction committed at this sequence")

// sequencePassed says whether the signer's committed sequence on the node
// has passed seq, and at which height the node answered.
func (c *Context) sequencePassed(ctx context.Context, signer []byte, seq uint64) (bool, int64) {
	var answer envelope.QuerySequenceResponse
	height, err := c.queryAt(ctx, 0, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: signer}, &answer)
	return err == nil && answer.Committed > seq, height
}

// waitBlock waits until the node commits a block, or until deadline.
func (c *Context) waitBlock(ctx context.Context, deadline time.Time) error {
	rpc, err := c.RPC()
	if err != nil {
		return err
	}
	var from int64
	for {
		if st, err := rpc.Status(ctx); err == nil {
			if from == 0 {
				from = st.SyncInfo.LatestBlockHeight
			} else if st.SyncInfo.LatestBlockHeight > from {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s made no block within %s", c.Node, c.Timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}

// BroadcastAndWait sends a signed tx (broadcast_tx_sync) and polls for it by
// hash until a block holds it or --timeout passes.
func (c *Context) BroadcastAndWait(ctx context.Context, tx []byte) (*TxResult, error) {
	return c.broadcastAndWait(ctx, tx, time.Now().Add(c.Timeout), nil)
}

// takenGrace is how long a tx command keeps looking for its transaction by
// hash after the signer's committed sequence passed it (the node indexes a
// block's transactions just after it commits), unless the node has made
// another block meanwhile.
const takenGrace = 2 * time.Second

// broadcastAndWait sends tx and polls for it until a block holds it or
// deadline. A node with a full mempool is asked again after each block.
// With passed, it also asks whether the signer's sequence has gone past the
// transaction's: if it has and the transaction is in no block, another one
// took its sequence (errSequenceTaken).
func (c *Context) broadcastAndWait(ctx context.Context, tx []byte, deadline time.Time, passed func(context.Context) (bool, int64)) (*TxResult, error) {
	rpc, err := c.RPC()
	if err != nil {
		return nil, err
	}
	hash := cmttypes.Tx(tx).Hash()
	for {
		res, err := rpc.BroadcastTxSync(ctx, tx)
		if err != nil {
			// CometBFT v1 reports a CheckTx refusal as an RPC error whose text
			// carries the code, log and codespace.
			if refused, ok := parseCheckTxRefusal(err.Error()); ok {
				refused.Hash = fmt.Sprintf("%X", hash)
				return refused, nil
			}
			if strings.Contains(err.Error(), "mempool is full") && time.Now().Before(deadline) {
				if err := c.waitBlock(ctx, deadline); err != nil {
					return nil, err
				}
				continue
			}
			if !strings.Contains(err.Error(), "already exists in cache") { // else sent before: wait for it
				return nil, fmt.Errorf("broadcast to %s: %w", c.Node, err)
			}
		} else if res.Code != 0 {
			return &TxResult{Hash: fmt.Sprintf("%X", hash), Code: res.Code, Codespace: res.Codespace, Log: res.Log}, nil
		}
		break
	}
	var takenAt time.Time
	var takenHeight int64
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
		if passed != nil {
			if gone, height := passed(ctx); !gone {
				takenAt = time.Time{}
			} else if takenAt.IsZero() {
				takenAt, takenHeight = time.Now(), height
			} else if height > takenHeight || time.Since(takenAt) > takenGrace {
				return nil, errSequenceTaken
			}
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
