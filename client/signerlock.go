package client

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockSigner takes the lock file NAME.lock in the keyring directory, so
// that one key's transactions go out one at a time from this machine: two
// commands that read the same next sequence would sign the same sequence,
// and only one of the two transactions could ever commit (the review's D3).
// It waits for another command's lock up to wait; the lock is the open
// file's (flock), so a command that dies drops it.
func lockSigner(ctx context.Context, dir, name string, wait time.Duration) (unlock func(), err error) {
	path := filepath.Join(dir, name+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s's transactions: %w", name, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another command has been sending %s's transaction for more than %s (lock %s held); try again when it has finished", name, wait, path)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPollInterval):
		}
	}
}

// lockPollInterval is how often a command waiting for a key's lock tries it.
const lockPollInterval = 50 * time.Millisecond
