// Command kpd is kpledger's one binary: it initialises and runs nodes, keeps
// keys, signs transactions, queries the ledger, and builds test networks.
// Commands are thin: they parse flags, call packages and print.
package main
