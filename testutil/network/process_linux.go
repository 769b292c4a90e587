package network

import "syscall"

// dieWithParent makes a node process get SIGKILL when the test binary dies
// (Linux's parent-death signal).
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
