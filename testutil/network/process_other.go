//go:build !linux

package network

import "syscall"

// dieWithParent: without Linux's parent-death signal, a test binary killed by
// -timeout may leave its nodes running; the cluster lock's next holder finds
// their ports taken and picks others.
func dieWithParent() *syscall.SysProcAttr { return nil }
