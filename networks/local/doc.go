// Package local describes a test network of kpd nodes on 127.0.0.1, as
// `kpd testnet init` writes it to DIR/network.json (DESIGN §4), and the ports
// each node uses: node i listens on P+10·i (p2p), P+10·i+1 (RPC) and
// P+10·i+2 (kept for a read-only `kpd serve` beside the node). `kpd testnet
// start` and `kpd testnet stop` (make localnet-start/stop) run such a network
// as background processes with logs and pid files.
package local
