package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// StopGrace is how long Stop waits after SIGTERM before SIGKILL.
const StopGrace = 10 * time.Second

// StartDetached starts `kpd start --home HOME` for a node in its own session,
// appending its output to the node's log file and writing its pid file. The
// process outlives the caller (make localnet-start).
func (n *Node) StartDetached(kpd string, args ...string) (int, error) {
	if pid, ok := n.Running(); ok {
		return pid, fmt.Errorf("%s is already running (pid %d)", n.Name, pid)
	}
	log, err := os.OpenFile(n.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer log.Close()
	cmd := exec.Command(kpd, append([]string{"start", "--home", n.Home}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid
	if err := os.WriteFile(n.PidFile, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		_ = cmd.Process.Kill()
		return 0, err
	}
	_ = cmd.Process.Release()
	return pid, nil
}

// Running returns the pid in the node's pid file if that process is alive and
// is this node's `kpd start --home HOME` (a stale pid file may name another
// process by now).
func (n *Node) Running() (int, bool) {
	bz, err := os.ReadFile(n.PidFile)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(bz)))
	if err != nil || pid <= 0 || syscall.Kill(pid, 0) != nil {
		return 0, false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return 0, false
	}
	args := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")
	return pid, len(args) >= 4 && args[1] == "start" && args[2] == "--home" && args[3] == n.Home
}

// Stop sends SIGTERM to the node's process, waits up to grace for it to exit,
// then sends SIGKILL; it removes the pid file.
func (n *Node) Stop(grace time.Duration) (killed bool, err error) {
	pid, ok := n.Running()
	if !ok {
		_ = os.Remove(n.PidFile)
		return false, nil
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		return false, err
	}
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			return false, os.Remove(n.PidFile)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return false, err
	}
	return true, os.Remove(n.PidFile)
}

// WaitHeight polls the node's RPC until its latest block height reaches
// height or ctx ends.
func (n *Node) WaitHeight(ctx context.Context, height int64) error {
	rpc, err := rpchttp.New(n.RPC)
	if err != nil {
		return err
	}
	for {
		status, err := rpc.Status(ctx)
		if err == nil && status.SyncInfo.LatestBlockHeight >= height {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("%s: %w (last error: %v)", n.Name, ctx.Err(), err)
			}
			return fmt.Errorf("%s at height %d: %w", n.Name, status.SyncInfo.LatestBlockHeight, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
