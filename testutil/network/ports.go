package network

import (
	"fmt"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// lockCluster takes the machine-wide lock that lets one cluster run at a
// time; the returned function releases it.
func lockCluster() (func(), error) {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "kpledger-network-test.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// freeBasePort finds a base port P such that P+10i ... P+10i+3 (P2P, RPC,
// serve, metrics) are free on 127.0.0.1 for nodes nodes (P+10i+4..9 too for
// proxied links), below Linux's ephemeral range (32768).
func freeBasePort(nodes int, proxied bool) (int, error) {
	offsets := 4
	if proxied {
		offsets = 10
	}
	for attempt := 0; attempt < 100; attempt++ {
		base := 10000 + 10*rand.Intn(2000-nodes)
		if portsFree(base, nodes, offsets) {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no free range of ports for %d nodes", nodes)
}

func portsFree(base, nodes, offsets int) bool {
	for i := 0; i < nodes; i++ {
		for offset := 0; offset < offsets; offset++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", base+10*i+offset))
			if err != nil {
				return false
			}
			l.Close()
		}
	}
	return true
}
