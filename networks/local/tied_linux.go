package local

import "syscall"

// TiedToParent makes a node process started by a test or a benchmark get
// SIGKILL when its parent dies (Linux's parent-death signal), so that a
// binary killed by -timeout takes its nodes with it.
func TiedToParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
