// Package network runs a kpledger test network as OS processes on 127.0.0.1,
// for tests that must be able to kill, pause and restart nodes (DESIGN §5).
//
// New builds kpd once per test binary, writes the network with `kpd testnet
// init` on ports it allocates, and holds a lock so that one cluster runs at a
// time on the machine (go test runs packages in parallel). Every wait polls
// the nodes' RPC; nothing sleeps for a fixed time. On failure the tail of each
// node's log is printed. The cluster owns the network-level assertions:
// WaitAll, SameAppHashes (no fork), TxOnAll (an acknowledged transaction is on
// every node), WaitTx. Its faults: Kill, Stop, Pause/Resume, Throttle (a node
// frozen and thawed in slices, as on an overloaded machine) and, with
// Options.Proxied (every P2P link through a TCP proxy the cluster owns),
// Partition, Isolate and Heal. The end-to-end suite that uses it is in e2e/,
// the fault suite in e2e/faults.
//
//	c := network.New(t, network.Options{Validators: 4})
//	c.StartAll()
//	c.WaitHeight(0, 3)
//	res := c.Tx(0, "bw-admin", msg)
//	c.Kill(3); ...; c.Restart(3)
package network
