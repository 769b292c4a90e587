//go:build kp2005net

package kp2005net_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kpledger/kpledger/networks/local"
	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

const (
	validators = 45 // the voting participants of 2005
	ringPeers  = 6  // persistent peers per node: three on each side of a ring
	window     = time.Minute
)

// TestKP2005Network: the 45 voting participants of 2005 as validators and
// Chinese Taipei's full node, certificates flowing between four of them.
// With 14 validators stopped, 31 of 45 still hold more than two thirds and
// blocks go on; with a 15th stopped, 30 of 45 do not, and the chain halts
// without forking; restarted, all 46 nodes agree on every app hash.
func TestKP2005Network(t *testing.T) {
	t.Setenv("GOMAXPROCS", "1") // inherited by every node: 46 processes on 2 cores
	c := network.New(t, network.Options{
		Validators: validators, InitArgs: []string{"--kp2005"}, SpareNodes: 1,
		TimeoutCommit: time.Second, EmptyBlockInterval: time.Second, WaitTimeout: 10 * time.Minute,
	})
	taipei := c.AddNode("TW")
	nodes := make([]int, len(c.Network.Nodes))
	for i := range nodes {
		nodes[i] = i
	}
	ring(t, c)
	started := time.Now()
	c.StartAll()
	c.WaitAll(2)
	t.Logf("%d nodes (%d validators and %s's full node) at height 2 after %.0f s",
		len(nodes), validators, c.Node(taipei).Participant, time.Since(started).Seconds())

	l := startLoad(t, c, 4)
	r := &report{}
	defer r.print(t)

	r.measure(t, c, l, "none", validators, "blocks commit")

	// 14 validators stopped: 31 of 45 hold more than two thirds.
	stopped := nodes[validators-14 : validators]
	for _, i := range stopped {
		c.Stop(i)
	}
	if blocks := r.measure(t, c, l, "14 validators stopped", validators-14, ""); blocks == 0 {
		t.Fatalf("no block with 31 of 45 validators")
	}
	r.rows[len(r.rows)-1].observed = "blocks commit"

	// A 15th: 30 of 45 is not more than two thirds.
	fifteenth := validators - 15
	c.Stop(fifteenth)
	stopped = append(stopped, fifteenth)
	time.Sleep(15 * time.Second) // the height in flight ends
	if blocks := r.measure(t, c, l, "15 validators stopped", validators-15, ""); blocks != 0 {
		t.Fatalf("%d blocks with 30 of 45 validators: more than a third is down", blocks)
	}
	r.rows[len(r.rows)-1].observed = "no block: the chain halts"

	restarted := time.Now()
	for _, i := range stopped {
		c.Start(i)
	}
	halted, _ := c.Height(0)
	c.WaitHeight(0, halted+1)
	resumed := time.Since(restarted)
	r.measure(t, c, l, "all 15 restarted", validators, fmt.Sprintf("first block %.0f s after the restarts", resumed.Seconds()))
	l.stop()

	top, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	c.SameAppHashes(nodes, top)
	r.agreed = fmt.Sprintf("all %d nodes reached height %d with the same app hash after every block; %d certificates committed, %d transactions refused or not committed in time",
		len(nodes), top+1, l.committed(), l.failed())
}

// ring gives every node ringPeers persistent peers, its neighbours on a
// ring (a full mesh of 46 exceeds CometBFT's 40 inbound peers), a 10 s
// proposal timeout and error-level logs: settings for 46 nodes on 2 cores.
func ring(t *testing.T, c *network.Cluster) {
	t.Helper()
	n := len(c.Network.Nodes)
	peers := regexp.MustCompile(`(?m)^persistent_peers = ".*"$`)
	propose := regexp.MustCompile(`(?m)^timeout_propose = ".*"$`)
	logLevel := regexp.MustCompile(`(?m)^log_level = ".*"$`)
	for i := range c.Network.Nodes {
		var ids []string
		for d := 1; d <= ringPeers/2; d++ {
			for _, j := range []int{(i + d) % n, (i - d + n) % n} {
				ids = append(ids, c.Node(j).NodeID+"@"+local.HostPort(c.Node(j).P2P))
			}
		}
		path := filepath.Join(c.Node(i).Home, "config", "config.toml")
		bz, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := peers.ReplaceAllString(string(bz), fmt.Sprintf("persistent_peers = %q", strings.Join(ids, ",")))
		text = propose.ReplaceAllString(text, `timeout_propose = "10s"`)
		text = logLevel.ReplaceAllString(text, `log_level = "error"`)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// load: one signer per issuer, each on its own node, issuing a certificate
// to the next issuer's importer, one at a time.
type load struct {
	mu              sync.Mutex
	ok, bad         int
	stopped         chan struct{}
	wg              sync.WaitGroup
	stopOnce        sync.Once
	acknowledgedLog []time.Time
}

func startLoad(t *testing.T, c *network.Cluster, issuers int) *load {
	t.Helper()
	l := &load{stopped: make(chan struct{})}
	// Certificates are valid 30 days of the ledger's time: 2005's.
	ledgerNow, err := c.Client(0).LatestLedgerTime(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	expires := ledgerNow.Add(30 * 24 * time.Hour).Unix()
	t.Cleanup(l.stop)
	for k := range issuers {
		code := c.Node(k).Participant
		destination := c.Node((k + 1) % issuers).Participant
		exporter, err := c.Client(0).ResolveAddress(strings.ToLower(code) + "-exporter")
		if err != nil {
			t.Fatal(err)
		}
		importer, err := c.Client(0).ResolveAddress(strings.ToLower(destination) + "-importer")
		if err != nil {
			t.Fatal(err)
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			cl := c.Client(k)
			cl.From = strings.ToLower(code) + "-issuer"
			for n := 1; ; n++ {
				select {
				case <-l.stopped:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				res, err := cl.SignAndBroadcast(ctx, &certtypes.MsgIssue{
					Number: fmt.Sprintf("%s-2005-N%05d", code, n), Origin: code, Destination: destination,
					Exporter: exporter, Importer: importer, Carats: 250000, OwnProductionCarats: 250000,
					ValueUsd: 20000000, Parcels: 2, HsCode: "7102.31", ExpiresAt: expires,
				})
				cancel()
				l.mu.Lock()
				if err == nil && res.Code == 0 {
					l.ok++
					l.acknowledgedLog = append(l.acknowledgedLog, time.Now())
				} else {
					if l.bad++; l.bad <= 4 {
						t.Logf("%s: not committed: %v %+v", cl.From, err, res)
					}
				}
				l.mu.Unlock()
				select {
				case <-l.stopped:
					return
				case <-time.After(500 * time.Millisecond): // an officer's pace
				}
			}
		}()
	}
	return l
}

func (l *load) stop() {
	l.stopOnce.Do(func() { close(l.stopped) })
	l.wg.Wait()
}

func (l *load) committed() int { l.mu.Lock(); defer l.mu.Unlock(); return l.ok }
func (l *load) failed() int    { l.mu.Lock(); defer l.mu.Unlock(); return l.bad }

func (l *load) acknowledgedSince(from time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, at := range l.acknowledgedLog {
		if !at.Before(from) {
			n++
		}
	}
	return n
}

// report is the table the test prints.
type report struct {
	rows   []row
	agreed string
}

type row struct {
	injected         string
	running          int
	blocks           int64
	perMinute        float64
	certificates     int
	observed, height string
}

// measure watches node 0 for a window and records what committed.
func (r *report) measure(t *testing.T, c *network.Cluster, l *load, injected string, running int, observed string) int64 {
	t.Helper()
	from := time.Now()
	start, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(window)
	end, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(from)
	row := row{injected: injected, running: running, blocks: end - start, perMinute: float64(end-start) / elapsed.Minutes(),
		certificates: l.acknowledgedSince(from), observed: observed, height: fmt.Sprintf("%d → %d", start, end)}
	r.rows = append(r.rows, row)
	t.Logf("%s: %d validators running, height %s, %.1f blocks a minute, %d certificates", injected, running, row.height, row.perMinute, row.certificates)
	return row.blocks
}

func (r *report) print(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nthe 2005 network: %d validators and Chinese Taipei's full node on 127.0.0.1, GOMAXPROCS=1 each, a ring of %d peers, timeout_propose 10 s\n\n", validators, ringPeers)
	b.WriteString("| injected | validators running (of 45) | height of node0 over a minute | blocks a minute | certificates committed | observed |\n|---|---|---|---|---|---|\n")
	for _, row := range r.rows {
		fmt.Fprintf(&b, "| %s | %d | %s | %.1f | %d | %s |\n", row.injected, row.running, row.height, row.perMinute, row.certificates, row.observed)
	}
	if r.agreed != "" {
		fmt.Fprintf(&b, "\n%s\n", r.agreed)
	}
	fmt.Print(b.String())
	if path := os.Getenv("KP2005_NET_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Errorf("report: %v", err)
		}
	}
}
