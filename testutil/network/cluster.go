package network

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/networks/local"
)

// Options shape a cluster.
type Options struct {
	// Validators is the number of validator nodes (default 4).
	Validators int
	// Participants are the 2005 KP codes in genesis, validators first
	// (default BW,EU,ZA,RU).
	Participants []string
	// TimeoutCommit is the delay between blocks (default 300ms).
	TimeoutCommit time.Duration
	// WaitTimeout bounds every wait of the cluster (default 60s).
	WaitTimeout time.Duration
	// SpareNodes reserves ports for nodes added later with AddNode.
	SpareNodes int
	// SnapshotInterval makes the nodes take a state-sync snapshot every so
	// many heights (0: none).
	SnapshotInterval int64
	// InitArgs replace --participants in `kpd testnet init` (e.g.
	// "--kp2005", "--before-moscow").
	InitArgs []string
	// EmptyBlockInterval is the longest a validator waits for a transaction
	// before it proposes an empty block (default 1s; nodes default to 5m).
	EmptyBlockInterval time.Duration
	// Proxied routes every P2P link through a TCP proxy the cluster owns on
	// 127.0.0.1 (each node's persistent peers are proxy ports), so that a
	// test can Partition, Isolate and Heal the network. At most 7 nodes.
	Proxied bool
}

// Cluster is a test network of kpd processes.
type Cluster struct {
	t       testing.TB
	Dir     string
	Network *local.Network
	kpd     string
	opts    Options

	mu       sync.Mutex
	procs    []*exec.Cmd
	exits    []chan struct{}
	spawned  []*Process
	serves   []*exec.Cmd
	basePort int
	links    []*link
}

// Process is a kpd process the test runs beside the nodes (a remote signer).
type Process struct {
	Name, LogFile string
	cmd           *exec.Cmd
	exited        chan struct{}
}

// Spawn starts `kpd args...` beside the nodes, its output in DIR/name.log;
// the cluster kills it at the end of the test.
func (c *Cluster) Spawn(name string, args ...string) *Process {
	c.t.Helper()
	p := &Process{Name: name, LogFile: filepath.Join(c.Dir, name+".log"), exited: make(chan struct{})}
	log, err := os.OpenFile(p.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		c.t.Fatal(err)
	}
	p.cmd = exec.Command(c.kpd, args...)
	p.cmd.Stdout, p.cmd.Stderr = log, log
	p.cmd.SysProcAttr = local.TiedToParent()
	if err := p.cmd.Start(); err != nil {
		log.Close()
		c.t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		_ = p.cmd.Wait()
		log.Close()
		close(p.exited)
	}()
	c.mu.Lock()
	c.spawned = append(c.spawned, p)
	c.mu.Unlock()
	return p
}

// Kill sends SIGKILL to the process and waits for it to exit.
func (p *Process) Kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// New writes a network in a temporary directory; no node runs yet.
func New(t testing.TB, opts Options) *Cluster {
	t.Helper()
	if opts.Validators == 0 {
		opts.Validators = 4
	}
	if len(opts.Participants) == 0 {
		opts.Participants = []string{"BW", "EU", "ZA", "RU"}
	}
	if opts.TimeoutCommit == 0 {
		opts.TimeoutCommit = 300 * time.Millisecond
	}
	if opts.WaitTimeout == 0 {
		opts.WaitTimeout = 60 * time.Second
	}
	if opts.EmptyBlockInterval == 0 {
		opts.EmptyBlockInterval = time.Second
	}
	kpd, err := KPD()
	if err != nil {
		t.Fatal(err)
	}
	waiting := time.Now()
	unlock, err := lockCluster()
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(waiting); waited > time.Second {
		// Other test binaries' clusters ran first: not this test's time.
		t.Logf("waited %s for the machine's cluster lock (another test's cluster)", waited.Round(time.Second))
	}
	c := &Cluster{t: t, Dir: t.TempDir(), kpd: kpd, opts: opts}
	var base int
	t.Cleanup(func() {
		c.killAll()
		c.closeLinks()
		if t.Failed() {
			c.dumpLogs()
		}
		unlock()
	})
	base, err = freeBasePort(opts.Validators+opts.SpareNodes, opts.Proxied)
	if err != nil {
		t.Fatal(err)
	}
	c.basePort = base
	registry := []string{"--participants", strings.Join(opts.Participants, ",")}
	if len(opts.InitArgs) > 0 {
		registry = opts.InitArgs
	}
	out, err := c.KPD(append(append([]string{"testnet", "init", "--output", c.Dir,
		"--validators", fmt.Sprint(opts.Validators)}, registry...),
		"--base-port", fmt.Sprint(base),
		"--chain-id", "kpledger-nettest",
		"--empty-block-interval", opts.EmptyBlockInterval.String(),
		"--timeout-commit", opts.TimeoutCommit.String(),
		"--snapshot-interval", fmt.Sprint(opts.SnapshotInterval),
		"--state-gauges-interval", "1s")...)
	if err != nil {
		t.Fatalf("testnet init: %v\n%s", err, out)
	}
	if c.Network, err = local.Load(c.Dir); err != nil {
		t.Fatal(err)
	}
	c.procs = make([]*exec.Cmd, len(c.Network.Nodes))
	c.exits = make([]chan struct{}, len(c.Network.Nodes))
	if opts.Proxied {
		if err := c.proxyLinks(); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// KPD runs the kpd binary with args and returns its combined output.
func (c *Cluster) KPD(args ...string) (string, error) {
	cmd := exec.Command(c.kpd, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// AddNode creates the home of a full node for a participant on the next
// spare ports: its own keys, the network's genesis, every node a persistent
// peer; initArgs go to its `kpd init` (--state-sync ...). It joins the
// validator set only if the plenary admits its key; Start it like any node.
func (c *Cluster) AddNode(participant string, initArgs ...string) int {
	c.t.Helper()
	i := len(c.Network.Nodes)
	if i >= c.opts.Validators+c.opts.SpareNodes {
		c.t.Fatalf("no spare ports for node%d: raise Options.SpareNodes", i)
	}
	home := filepath.Join(c.Dir, fmt.Sprintf("node%d", i))
	var peers []string
	for _, nd := range c.Network.Nodes {
		peers = append(peers, nd.NodeID+"@"+local.HostPort(nd.P2P))
	}
	p2p, rpc := local.Address(local.P2PPort(c.basePort, i)), local.Address(local.RPCPort(c.basePort, i))
	metrics := fmt.Sprintf("127.0.0.1:%d", local.MetricsPort(c.basePort, i))
	args := append([]string{"init", fmt.Sprintf("node%d-%s", i, strings.ToLower(participant)), "--home", home, "--chain-id", c.Network.ChainID,
		"--peers", strings.Join(peers, ","), "--p2p-laddr", p2p, "--rpc-laddr", rpc, "--empty-block-interval", c.opts.EmptyBlockInterval.String()}, initArgs...)
	if out, err := c.KPD(args...); err != nil {
		c.t.Fatalf("init node%d: %v\n%s", i, err, out)
	}
	genesis, err := os.ReadFile(filepath.Join(c.Node(0).Home, "config", "genesis.json"))
	if err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "config", "genesis.json"), genesis, 0o644); err != nil {
		c.t.Fatal(err)
	}
	id, err := c.KPD("comet", "show-node-id", "--home", home)
	if err != nil {
		c.t.Fatalf("node id: %v %s", err, id)
	}
	// Loopback peers, the cluster's pace (state sync's shortest wait for
	// snapshots), its own metrics port, and no double-sign check at start
	// (tests stop and start validators at once).
	config := filepath.Join(home, "config", "config.toml")
	bz, err := os.ReadFile(config)
	if err != nil {
		c.t.Fatal(err)
	}
	text := strings.NewReplacer("allow_duplicate_ip = false", "allow_duplicate_ip = true",
		"addr_book_strict = true", "addr_book_strict = false", "pex = true", "pex = false",
		`timeout_commit = "1s"`, fmt.Sprintf("timeout_commit = %q", c.opts.TimeoutCommit.String()),
		`discovery_time = "15s"`, `discovery_time = "5s"`,
		`prometheus_listen_addr = "127.0.0.1:26660"`, fmt.Sprintf("prometheus_listen_addr = %q", metrics),
		"double_sign_check_height = 3", "double_sign_check_height = 0").Replace(string(bz))
	if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.Network.Nodes = append(c.Network.Nodes, local.Node{
		Name: fmt.Sprintf("node%d", i), Participant: participant, Home: home, NodeID: strings.TrimSpace(id),
		P2P: p2p, RPC: rpc, Metrics: metrics, PidFile: filepath.Join(home, "kpd.pid"), LogFile: filepath.Join(home, "kpd.log"),
	})
	c.mu.Lock()
	c.procs = append(c.procs, nil)
	c.exits = append(c.exits, nil)
	c.mu.Unlock()
	return i
}

// Node returns node i's description.
func (c *Cluster) Node(i int) *local.Node { return &c.Network.Nodes[i] }

// StartAll starts every node.
func (c *Cluster) StartAll() {
	for i := range c.Network.Nodes {
		c.Start(i)
	}
}

// Start starts node i as a child process, its output appended to its log.
func (c *Cluster) Start(i int) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.procs[i] != nil {
		c.t.Fatalf("%s is already running", c.Node(i).Name)
	}
	nd := c.Node(i)
	log, err := os.OpenFile(nd.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(c.kpd, "start", "--home", nd.Home)
	cmd.Stdout, cmd.Stderr = log, log
	// A test binary killed by -timeout takes its nodes with it.
	cmd.SysProcAttr = local.TiedToParent()
	if err := cmd.Start(); err != nil {
		log.Close()
		c.t.Fatalf("start %s: %v", nd.Name, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		log.Close()
		close(exited)
	}()
	c.procs[i], c.exits[i] = cmd, exited
	_ = os.WriteFile(nd.PidFile, []byte(fmt.Sprintln(cmd.Process.Pid)), 0o644)
}

// Kill sends SIGKILL to node i and waits for it to exit.
func (c *Cluster) Kill(i int) { c.signalAndWait(i, syscall.SIGKILL) }

// Stop sends SIGTERM to node i and waits for it to exit.
func (c *Cluster) Stop(i int) { c.signalAndWait(i, syscall.SIGTERM) }

// Restart stops node i (SIGTERM) and starts it again.
func (c *Cluster) Restart(i int) {
	c.Stop(i)
	c.Start(i)
}

// Pause freezes node i (SIGSTOP); Resume thaws it (SIGCONT).
func (c *Cluster) Pause(i int)  { c.signal(i, syscall.SIGSTOP) }
func (c *Cluster) Resume(i int) { c.signal(i, syscall.SIGCONT) }

// Throttle makes nodes run like processes on an overloaded machine: each
// runs for slice, then is frozen for slice, until the returned function is
// called (which leaves them running). The nodes must stay up meanwhile.
func (c *Cluster) Throttle(nodes []int, slice time.Duration) (stop func()) {
	c.t.Helper()
	c.mu.Lock()
	procs := make([]*os.Process, len(nodes))
	for j, i := range nodes {
		if c.procs[i] == nil {
			c.mu.Unlock()
			c.t.Fatalf("%s is not running", c.Node(i).Name)
		}
		procs[j] = c.procs[i].Process
	}
	c.mu.Unlock()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		ticker := time.NewTicker(slice)
		defer ticker.Stop()
		frozen := false
		for {
			select {
			case <-done:
				for _, p := range procs {
					_ = p.Signal(syscall.SIGCONT)
				}
				return
			case <-ticker.C:
				frozen = !frozen
				sig := syscall.SIGCONT
				if frozen {
					sig = syscall.SIGSTOP
				}
				for _, p := range procs {
					_ = p.Signal(sig)
				}
			}
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
	c.t.Cleanup(stop)
	return stop
}

func (c *Cluster) signal(i int, sig syscall.Signal) {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.procs[i] == nil {
		c.t.Fatalf("%s is not running", c.Node(i).Name)
	}
	if err := c.procs[i].Process.Signal(sig); err != nil {
		c.t.Fatalf("signal %s: %v", c.Node(i).Name, err)
	}
}

func (c *Cluster) signalAndWait(i int, sig syscall.Signal) {
	c.t.Helper()
	c.mu.Lock()
	proc, exited := c.procs[i], c.exits[i]
	c.procs[i], c.exits[i] = nil, nil
	c.mu.Unlock()
	if proc == nil {
		return
	}
	_ = proc.Process.Signal(syscall.SIGCONT) // a paused node must be able to die
	_ = proc.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(local.StopGrace):
		_ = proc.Process.Kill()
		<-exited
	}
}

func (c *Cluster) killAll() {
	c.mu.Lock()
	serves := c.serves
	c.serves = nil
	c.mu.Unlock()
	for _, s := range serves {
		_ = s.Process.Kill()
		_ = s.Wait()
	}
	for i := range c.procs {
		c.signalAndWait(i, syscall.SIGKILL)
	}
	for _, p := range c.spawned {
		p.Kill()
	}
}

// Serve starts `kpd serve` reading node i, with the node's genesis as the
// root of trust, on the node's serve port (127.0.0.1, P+10i+2) and more
// args; it waits until the server answers and returns its base URL. The
// server stops with the cluster; its output is HOME/serve.log.
func (c *Cluster) Serve(i int, args ...string) string {
	c.t.Helper()
	nd := c.Node(i)
	address := fmt.Sprintf("127.0.0.1:%d", local.ServePort(c.basePort, i))
	log, err := os.Create(filepath.Join(nd.Home, "serve.log"))
	if err != nil {
		c.t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(c.kpd, append([]string{"serve", "--node", nd.RPC, "--home", nd.Home, "--listen", address}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = local.TiedToParent()
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("kpd serve: %v", err)
	}
	c.mu.Lock()
	c.serves = append(c.serves, cmd)
	c.mu.Unlock()
	url := "http://" + address
	deadline := time.Now().Add(c.opts.WaitTimeout)
	for {
		resp, err := http.Get(url + "/static/style.css")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			bz, _ := os.ReadFile(filepath.Join(nd.Home, "serve.log"))
			c.t.Fatalf("kpd serve on %s never answered: %v\n%s", address, err, bz)
		}
		time.Sleep(100 * time.Millisecond) // polling the server's port
	}
}

func (c *Cluster) dumpLogs() {
	logs := make([]struct{ Name, LogFile string }, 0, len(c.Network.Nodes)+len(c.spawned))
	for _, nd := range c.Network.Nodes {
		logs = append(logs, struct{ Name, LogFile string }{nd.Name, nd.LogFile})
	}
	for _, p := range c.spawned {
		logs = append(logs, struct{ Name, LogFile string }{p.Name, p.LogFile})
	}
	for _, nd := range logs {
		bz, err := os.ReadFile(nd.LogFile)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(bz), "\n"), "\n")
		if len(lines) > 40 {
			lines = lines[len(lines)-40:]
		}
		c.t.Logf("--- last lines of %s (%s) ---\n%s", nd.Name, filepath.Base(nd.LogFile), strings.Join(lines, "\n"))
	}
}

// RPC returns a CometBFT RPC client of node i.
func (c *Cluster) RPC(i int) *rpchttp.HTTP {
	c.t.Helper()
	rpc, err := rpchttp.New(c.Node(i).RPC)
	if err != nil {
		c.t.Fatal(err)
	}
	return rpc
}

// Height returns node i's latest block height.
func (c *Cluster) Height(i int) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	status, err := c.RPC(i).Status(ctx)
	if err != nil {
		return 0, err
	}
	return status.SyncInfo.LatestBlockHeight, nil
}

// WaitHeight polls node i until it has a block at height.
func (c *Cluster) WaitHeight(i int, height int64) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.WaitTimeout)
	defer cancel()
	if err := c.Node(i).WaitHeight(ctx, height); err != nil {
		c.t.Fatalf("wait for height %d: %v", height, err)
	}
}

// WaitAll polls every node of the network until each has a block at height.
func (c *Cluster) WaitAll(height int64) {
	c.t.Helper()
	for i := range c.Network.Nodes {
		c.WaitHeight(i, height)
	}
}

// SameAppHashes waits until the nodes have block to+1 and fails the test
// unless they had the same app hash after every height up to to: no fork.
func (c *Cluster) SameAppHashes(nodes []int, to int64) { c.SameAppHashesFrom(nodes, 1, to) }

// SameAppHashesFrom is SameAppHashes over the heights from..to (a node that
// joined by state sync has no block before its snapshot).
func (c *Cluster) SameAppHashesFrom(nodes []int, from, to int64) {
	c.t.Helper()
	for _, i := range nodes {
		c.WaitHeight(i, to+1)
	}
	reference := c.appHashes(nodes[0], from, to)
	for _, i := range nodes[1:] {
		hashes := c.appHashes(i, from, to)
		for h := range reference {
			if !bytes.Equal(reference[h], hashes[h]) {
				c.t.Fatalf("height %d: %s app hash %X, %s %X", from+int64(h), c.Node(nodes[0]).Name, reference[h], c.Node(i).Name, hashes[h])
			}
		}
	}
}

// TxOnAll fails the test unless every node holds a committed transaction,
// with code 0, at the height it was acknowledged at.
func (c *Cluster) TxOnAll(hash string, height int64) {
	c.t.Helper()
	for i := range c.Network.Nodes {
		c.WaitHeight(i, height)
		view, err := c.Client(i).LookupTx(context.Background(), hash)
		if err != nil {
			c.t.Fatalf("%s: tx %s: %v", c.Node(i).Name, hash, err)
		}
		if view.Height != height || view.Code != 0 {
			c.t.Fatalf("%s: tx %s at height %d code %d, acknowledged at %d", c.Node(i).Name, hash, view.Height, view.Code, height)
		}
	}
}

// WaitTx polls node i until a transaction is in a block, and returns it.
func (c *Cluster) WaitTx(i int, hash string) *client.TxView {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.WaitTimeout)
	defer cancel()
	cl := c.Client(i)
	for {
		if view, err := cl.LookupTx(ctx, hash); err == nil {
			return view
		}
		select {
		case <-ctx.Done():
			c.t.Fatalf("%s: tx %s never committed", c.Node(i).Name, hash)
		case <-time.After(200 * time.Millisecond): // polling the node's index
		}
	}
}

// AppHashes returns node i's app hash after each height 1..to, as the header
// of the next block records it (so node i must have block to+1).
func (c *Cluster) AppHashes(i int, to int64) [][]byte { return c.appHashes(i, 1, to) }

func (c *Cluster) appHashes(i int, from, to int64) [][]byte {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.WaitTimeout)
	defer cancel()
	rpc := c.RPC(i)
	hashes := make([][]byte, 0, to)
	for h := from + 1; h <= to+1; h++ {
		height := h
		block, err := rpc.Block(ctx, &height)
		if err != nil {
			c.t.Fatalf("%s: block %d: %v", c.Node(i).Name, h, err)
		}
		hashes = append(hashes, block.Block.Header.AppHash)
	}
	return hashes
}

// Client returns a client context talking to node i with the network's keyring.
func (c *Cluster) Client(i int) *client.Context {
	return &client.Context{
		Node: c.Node(i).RPC, ChainID: c.Network.ChainID, KeyringDir: c.Network.KeyringDir,
		KeyringBackend: c.Network.KeyringBackend, Output: client.OutputText, From: "",
		Timeout: c.opts.WaitTimeout, Out: os.Stdout,
	}
}

// Tx signs msgs with a keyring key, sends them to node i and waits until a
// block holds them; a refused tx is returned with its code, not as an error.
func (c *Cluster) Tx(i int, from string, msgs ...envelope.Message) (*client.TxResult, error) {
	cl := c.Client(i)
	cl.From = from
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.WaitTimeout)
	defer cancel()
	return cl.SignAndBroadcast(ctx, msgs...)
}
