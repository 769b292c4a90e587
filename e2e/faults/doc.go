// Package faults is kpledger's fault suite (`make test-faults`; its tests
// carry the build tag faults, so `go test ./...` leaves them out). Networks
// of kpd processes on 127.0.0.1 (testutil/network) carry certificate traffic
// from several signers while the suite crashes, freezes, corrupts and
// partitions validators, and checks after each fault that every node
// reached the same height with the same app hash at every height, that
// every transaction a client was told committed is on every node, and that
// the certificates are in the states the suite's own model of what it sent
// says. It prints a table of what was injected and what was observed.
package faults
