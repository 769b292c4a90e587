// Package client is what kpd's tx and query commands share: the flags that say
// which node, chain, keyring and output format to use; signing and broadcasting
// a transaction and waiting until a block holds it — one key's commands taking
// turns (a lock file in the keyring directory), and signing again when another
// transaction of the key took the sequence; ABCI queries at a height;
// and printing results as text for people or JSON (DESIGN §4).
package client
