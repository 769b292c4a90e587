package client

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
)

// TxView is a committed transaction as `kpd query tx` shows it.
type TxView struct {
	Hash      string            `json:"txhash"`
	Height    int64             `json:"height"`
	Index     uint32            `json:"index"`
	Code      uint32            `json:"code"`
	Codespace string            `json:"codespace,omitempty"`
	Log       string            `json:"log"`
	Signer    string            `json:"signer,omitempty"`
	Sequence  uint64            `json:"sequence"`
	ChainID   string            `json:"chain_id,omitempty"`
	Messages  []json.RawMessage `json:"messages"`
	Events    []EventView       `json:"events"`
}

// EventView is an ABCI event of a transaction.
type EventView struct {
	Type       string            `json:"type"`
	Attributes map[string]string `json:"attributes"`
}

// LookupTx fetches a committed transaction by hash and decodes it.
func (c *Context) LookupTx(ctx context.Context, hashHex string) (*TxView, error) {
	hash, err := hex.DecodeString(hashHex)
	if err != nil || len(hash) != 32 {
		return nil, fmt.Errorf("%q: want a 64-digit hex transaction hash", hashHex)
	}
	rpc, err := c.RPC()
	if err != nil {
		return nil, err
	}
	res, err := rpc.Tx(ctx, hash, false)
	if err != nil {
		return nil, fmt.Errorf("tx %X: %w", hash, err)
	}
	view := &TxView{
		Hash: fmt.Sprintf("%X", hash), Height: res.Height, Index: res.Index,
		Code: res.TxResult.Code, Codespace: res.TxResult.Codespace, Log: res.TxResult.Log,
	}
	for _, e := range res.TxResult.Events {
		ev := EventView{Type: e.Type, Attributes: map[string]string{}}
		for _, a := range e.Attributes {
			ev.Attributes[a.Key] = a.Value
		}
		view.Events = append(view.Events, ev)
	}
	d, err := envelope.Decode(res.Tx)
	if err != nil {
		view.Messages = []json.RawMessage{mustJSON(map[string]string{"undecodable": err.Error()})}
		return view, nil
	}
	view.Signer, view.Sequence, view.ChainID = envelope.AddressHex(d.Body.Signer), d.Body.Sequence, d.Body.ChainId
	for _, packed := range d.Body.Messages {
		view.Messages = append(view.Messages, messageJSON(packed.TypeUrl, packed.Value))
	}
	return view, nil
}

// messageJSON renders a packed message with its "@type", decoding it through
// the gogoproto registry.
func messageJSON(typeURL string, value []byte) json.RawMessage {
	name := strings.TrimPrefix(typeURL, "/")
	t := proto.MessageType(name)
	if t == nil {
		return mustJSON(map[string]string{"@type": typeURL, "value": hex.EncodeToString(value)})
	}
	msg := reflect.New(t.Elem()).Interface().(proto.Message)
	if err := proto.Unmarshal(value, msg); err != nil {
		return mustJSON(map[string]string{"@type": typeURL, "error": err.Error()})
	}
	body, err := format.MarshalJSON(msg)
	if err != nil {
		return mustJSON(map[string]string{"@type": typeURL, "error": err.Error()})
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return body
	}
	fields["@type"] = mustJSON(typeURL)
	return mustJSON(fields)
}

func mustJSON(v any) json.RawMessage {
	bz, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return bz
}
