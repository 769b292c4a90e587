package module

import (
	"encoding/json"
)

// Module is a domain module as the app knows it.
type Module interface {
	// Name is the module's name: codespace, app_state section, event prefix.
	Name() string
	// StorePrefix is the one-byte prefix of every key the module writes.
	StorePrefix() byte
	// Register adds the module's messages and queries to the routers.
	Register(msgs *MsgRouter, queries *QueryRouter)
	// DefaultGenesis is the module's app_state section of a new chain.
	DefaultGenesis() json.RawMessage
	// ValidateGenesis checks a section of app_state without a store.
	ValidateGenesis(section json.RawMessage) error
	// InitGenesis writes a section of app_state to the store at InitChain.
	InitGenesis(ctx *Context, section json.RawMessage) error
}

// BeginBlocker is a module with block-time work (expiry, deadlines) that runs
// before the block's transactions, at the block's time.
type BeginBlocker interface {
	BeginBlock(ctx *Context) error
}

// EndBlocker is a module with end-of-block work (tallies, decisions) that runs
// after the block's transactions.
type EndBlocker interface {
	EndBlock(ctx *Context) error
}
