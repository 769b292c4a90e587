package client

import (
	"context"
	"fmt"
	"time"

	"github.com/kpledger/kpledger/core/module"
)

// Clock is the network's ledger clock (core/module/clock.go), read from the
// store key module.ClockKey: block time itself, or a test network's mapping
// of block time to its ledger time (the 2005 network runs in 2005).
func (c *Context) Clock(ctx context.Context) (module.Clock, error) {
	rpc, err := c.RPC()
	if err != nil {
		return module.Clock{}, err
	}
	res, err := rpc.ABCIQuery(ctx, module.StoreKeyPath, module.ClockKey)
	if err != nil {
		return module.Clock{}, fmt.Errorf("ask %s for the ledger's clock: %w", c.Node, err)
	}
	if res.Response.Code != 0 {
		return module.Clock{}, &QueryError{Path: module.StoreKeyPath, Code: res.Response.Code, Codespace: res.Response.Codespace, Log: res.Response.Log}
	}
	return module.DecodeClock(res.Response.Value), nil
}

// LedgerNow is the ledger's time now: the wall clock through the network's
// clock (what a certificate's validity counts from).
func (c *Context) LedgerNow(ctx context.Context) (time.Time, error) {
	clock, err := c.Clock(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(clock.At(time.Now().Unix()), 0).UTC(), nil
}

// LatestLedgerTime is the ledger time of the node's latest block: the year
// queries default to.
func (c *Context) LatestLedgerTime(ctx context.Context) (time.Time, error) {
	rpc, err := c.RPC()
	if err != nil {
		return time.Time{}, err
	}
	status, err := rpc.Status(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("ask %s for its latest block: %w", c.Node, err)
	}
	clock, err := c.Clock(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(clock.At(status.SyncInfo.LatestBlockTime.Unix()), 0).UTC(), nil
}
