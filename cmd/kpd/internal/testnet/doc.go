// Package testnet writes node homes and local test networks: what `kpd init`
// and `kpd testnet init` do, shared with the bench harness.
package testnet
