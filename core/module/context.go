package module

import (
	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/store"
)

// Context is what a message handler or a block's work sees: the store (a write
// buffer in FinalizeBlock), the block, and the transaction's signer.
type Context struct {
	Store   store.KVStore
	ChainID string
	Height  int64
	// Time is the block time (BFT time) in Unix seconds: the only clock.
	Time int64
	// Signer is who signed the transaction, as the app authorised it; nil
	// during block-time and end-of-block work. SignerAddress is its address
	// in bytes.
	Signer        *envelope.Signer
	SignerAddress []byte
	TxHash        []byte
	// LastCommitSigners holds the addresses (as strings of the 20 bytes) of
	// the validators that signed the previous block, for the validator-set
	// safety rule of membership decisions. Look-ups only: never iterate it
	// into state.
	LastCommitSigners map[string]bool

	events []abci.Event
}

// EmitEvent records an ABCI event of the transaction or block work. Only the
// attributes DESIGN §3 names are indexed (see Attr and IndexedAttr).
func (c *Context) EmitEvent(kind string, attrs ...abci.EventAttribute) {
	c.events = append(c.events, abci.Event{Type: kind, Attributes: attrs})
}

// Events returns the events emitted so far.
func (c *Context) Events() []abci.Event { return c.events }

// AttributeAction is the attribute that says what an event of a module
// records ("issued", "participant_admitted"); every module event has one.
const AttributeAction = "action"

// The app's event before each message of a transaction: the message's type
// URL (as action) and its index in the transaction.
const (
	EventTypeMessage = "message"
	AttributeIndex   = "index"
)

// Attr is an event attribute the tx indexer ignores.
func Attr(key, value string) abci.EventAttribute {
	return abci.EventAttribute{Key: key, Value: value}
}

// IndexedAttr is an event attribute the tx indexer keeps: only
// certificate.number, tx.signer and plenary.proposal_id are.
func IndexedAttr(key, value string) abci.EventAttribute {
	return abci.EventAttribute{Key: key, Value: value, Index: true}
}

// QueryContext is what a query handler sees: a read-only store at one height.
type QueryContext struct {
	Store  store.KVStore
	Height int64
}
