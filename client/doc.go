// Package client is what kpd's tx and query commands share: the flags that say
// which node, chain, keyring and output format to use; signing and broadcasting
// a transaction and waiting until a block holds it; ABCI queries at a height;
// and printing results as text for people or JSON (DESIGN §4).
package client
