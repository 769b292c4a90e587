//go:build !linux

package local

import "syscall"

// TiedToParent: without Linux's parent-death signal, a test or benchmark
// killed by -timeout may leave its nodes running; the next run finds their
// ports taken and picks others.
func TiedToParent() *syscall.SysProcAttr { return nil }
