package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/networks/local"
)

// App is an application under test.
type App string

// The two apps of a run.
const (
	Kpledger App = "kpledger"
	Kvstore  App = "kvstore"
)

// Scenario is a network shape.
type Scenario struct {
	Name          string        `json:"name"`
	Validators    int           `json:"validators"`
	TimeoutCommit time.Duration `json:"timeout_commit"`
}

// Scenarios are the two shapes of DESIGN's benchmark issue.
var Scenarios = []Scenario{
	{Name: "1 validator", Validators: 1, TimeoutCommit: 100 * time.Millisecond},
	{Name: "4 validators", Validators: 4, TimeoutCommit: time.Second},
}

// Participants of a bench network: the first validate; each has
// SignersPerRole issuers, exporters and importers.
var Participants = []string{"BW", "EU", "ZA", "RU", "CA", "IN", "AU", "CN", "NA", "AO", "IL", "US"}

// SignersPerRole is how many keys of each role every participant has.
const SignersPerRole = 8

// signerKey is the deterministic key of a bench signer.
func signerKey(code, role string, i int) ed25519.PrivKey {
	return ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("kpledger bench %s %s %d", code, role, i)))
}

var benchRoles = []struct {
	name string
	role envelope.Role
}{{"issuer", envelope.Role_ROLE_ISSUER}, {"exporter", envelope.Role_ROLE_EXPORTER}, {"importer", envelope.Role_ROLE_IMPORTER}}

// RegisterSigners adds the bench signers of participants to a genesis.
func RegisterSigners(g *genesis.Document, participants []string) error {
	for _, code := range participants {
		for _, r := range benchRoles {
			for i := 0; i < SignersPerRole; i++ {
				pub := signerKey(code, r.name, i).PubKey().Bytes()
				if err := g.AddKey(pub, r.role, code, fmt.Sprintf("bench %s %d of %s", r.name, i, code)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Cluster is a running bench network.
type Cluster struct {
	App      App
	Scenario Scenario
	Dir      string
	Network  *local.Network
	procs    []*exec.Cmd
	rpc      []*rpchttp.HTTP
	stopped  bool
	// txsByHeight counts the transactions (any code) of the blocks the
	// steps read.
	txsByHeight map[int64]int
	// lateRounds holds the heights committed after round 0.
	lateRounds map[int64]bool
	// alongside, when set, runs beside each step's load, from the step's
	// window start to its end; the step waits for it.
	alongside func(windowStart, end time.Time)
}

// StartCluster writes a fresh network for an app and scenario in a
// temporary folder and starts its nodes.
func StartCluster(ctx context.Context, kpd string, app App, sc Scenario, basePort int) (*Cluster, error) {
	c, err := NewCluster(app, sc, basePort)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx, kpd); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// NewCluster writes a fresh network for an app and scenario in a temporary
// folder, with the bench signers in its genesis.
func NewCluster(app App, sc Scenario, basePort int) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "kpd-bench-")
	if err != nil {
		return nil, err
	}
	net, err := testnet.Init(testnet.Options{
		Dir: filepath.Join(dir, "net"), ChainID: "kpledger-bench", Validators: sc.Validators, BasePort: basePort,
		Participants: Participants, EmptyBlockInterval: 5 * time.Second, TimeoutCommit: sc.TimeoutCommit,
		Edit: func(g *genesis.Document) error { return RegisterSigners(g, Participants) },
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Cluster{App: app, Scenario: sc, Dir: dir, Network: net, txsByHeight: map[int64]int{}, lateRounds: map[int64]bool{}}, nil
}

// Start starts the nodes and waits until each has committed a block.
func (c *Cluster) Start(ctx context.Context, kpd string) error {
	for i := range c.Network.Nodes {
		nd := &c.Network.Nodes[i]
		log, err := os.OpenFile(nd.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		cmd := exec.Command(kpd, "start", "--home", nd.Home, "--app", string(c.App), "--bench-timings", "--log_level", "info")
		cmd.Stdout, cmd.Stderr = log, log
		cmd.SysProcAttr = local.TiedToParent()
		if err := cmd.Start(); err != nil {
			log.Close()
			return err
		}
		c.procs = append(c.procs, cmd)
		rpc, err := rpchttp.New(nd.RPC)
		if err != nil {
			return err
		}
		c.rpc = append(c.rpc, rpc)
	}
	wait, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for i := range c.Network.Nodes {
		if err := c.Network.Nodes[i].WaitHeight(wait, 2); err != nil {
			return fmt.Errorf("%s %s: %w", c.App, c.Scenario.Name, err)
		}
	}
	return nil
}

// Stop stops the nodes and removes the folder.
func (c *Cluster) Stop() {
	c.StopNodes()
	os.RemoveAll(c.Dir)
}

// StopNodes stops every node: SIGTERM, then SIGKILL after local.StopGrace.
func (c *Cluster) StopNodes() {
	if c.stopped {
		return
	}
	c.stopped = true
	for _, p := range c.procs {
		_ = p.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range c.procs {
		done := make(chan struct{})
		go func() { _ = p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(local.StopGrace):
			_ = p.Process.Kill()
			<-done
		}
	}
}

// heightWithTxs is the first height by which the chain holds at least n
// transactions, or 0.
func (c *Cluster) heightWithTxs(n int) int64 {
	var heights []int64
	for h := range c.txsByHeight {
		heights = append(heights, h)
	}
	slices.Sort(heights)
	total := 0
	for _, h := range heights {
		total += c.txsByHeight[h]
		if total >= n {
			return h
		}
	}
	return 0
}

// totalTxs is every transaction the steps saw committed.
func (c *Cluster) totalTxs() int {
	total := 0
	for _, n := range c.txsByHeight {
		total += n
	}
	return total
}

// cpuSeconds is a process's user and system CPU time, from /proc.
func cpuSeconds(pid int) float64 {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) start after ')'.
	fields := strings.Fields(string(bz[strings.LastIndexByte(string(bz), ')')+2:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100 // clock ticks of 10 ms
}

// nodesCPU is the CPU time of every node process.
func (c *Cluster) nodesCPU() float64 {
	total := 0.0
	for _, p := range c.procs {
		total += cpuSeconds(p.Process.Pid)
	}
	return total
}
