//go:build faults

package faults_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// What became of a transaction the load sent.
type outcome int

const (
	inFlight     outcome = iota
	refused              // CheckTx said no: it never enters a block
	acknowledged         // the client saw it in a block with code 0
	failed               // the client saw it in a block with a refusal code
	unknown              // the client lost track: its node went away or no block held it in time
)

// commitWait is how long a signer waits for its transaction to commit
// before it gives up on it (the transaction may still commit later).
const commitWait = 12 * time.Second

// sentTx is one transaction of the load.
type sentTx struct {
	hash    string
	signer  string
	sentAt  time.Time
	issues  []string
	void    string
	outcome outcome
	code    uint32
	height  int64
}

// signer is one issuing authority: it issues certificates through its
// node, one transaction at a time, and now and then voids one of its own.
// Like a client with a preferred node and fallbacks, it goes to the next node
// when its node does not answer or does not get its transaction into a
// block in time (a node cut off from its peers answers but never commits),
// and back to its own node after a commit. (node changes under load.mu.)
type signer struct {
	name, code, destination string
	home, node              int
	key                     ed25519.PrivKey
	exporter, importer      string
	issued, sent            int
	open                    []string
}

// load drives signers against a cluster and remembers every transaction.
type load struct {
	t       testing.TB
	c       *network.Cluster
	chainID string
	rpcs    []*rpchttp.HTTP
	signers []*signer

	mu      sync.Mutex
	cond    *sync.Cond
	txs     []*sentTx
	paused  bool
	busy    int
	stopped bool
	wg      sync.WaitGroup
}

// startLoad starts one signer per issuer code, signer k pinned to node k mod
// the validators, each sending to another participant's importer.
func startLoad(t testing.TB, c *network.Cluster, codes []string) *load {
	t.Helper()
	l := &load{t: t, c: c, chainID: c.Network.ChainID}
	l.cond = sync.NewCond(&l.mu)
	for i := range c.Network.Nodes {
		l.rpcs = append(l.rpcs, c.RPC(i))
	}
	cl := c.Client(0)
	kr, err := cl.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	address := func(name string) string {
		k, err := kr.Show(name)
		if err != nil {
			t.Fatal(err)
		}
		return k.Address
	}
	for k, code := range codes {
		lower := strings.ToLower(code)
		dest := codes[(k+1)%len(codes)]
		key, err := kr.PrivKey(lower + "-issuer")
		if err != nil {
			t.Fatal(err)
		}
		l.signers = append(l.signers, &signer{
			name: lower + "-issuer", code: code, destination: dest, home: k % len(c.Network.Nodes), node: k % len(c.Network.Nodes), key: key,
			exporter: address(lower + "-exporter"), importer: address(strings.ToLower(dest) + "-importer"),
		})
	}
	for _, s := range l.signers {
		l.wg.Add(1)
		go l.run(s)
	}
	t.Cleanup(l.stop)
	return l
}

func (l *load) run(s *signer) {
	defer l.wg.Done()
	for {
		l.mu.Lock()
		for l.paused && !l.stopped {
			l.cond.Wait()
		}
		if l.stopped {
			l.mu.Unlock()
			return
		}
		l.busy++
		l.mu.Unlock()
		l.sendOne(s)
		l.mu.Lock()
		l.busy--
		l.cond.Broadcast()
		l.mu.Unlock()
	}
}

// pause lets every signer finish its transaction and send no other.
func (l *load) pause() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paused = true
	for l.busy > 0 {
		l.cond.Wait()
	}
}

func (l *load) resume() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paused = false
	l.cond.Broadcast()
}

func (l *load) stop() {
	l.mu.Lock()
	l.stopped = true
	l.cond.Broadcast()
	l.mu.Unlock()
	l.wg.Wait()
}

// snapshot returns the transactions sent so far.
func (l *load) snapshot() []sentTx {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]sentTx, len(l.txs))
	for i, tx := range l.txs {
		out[i] = *tx
	}
	return out
}

// acknowledgedSince counts the transactions acknowledged after a time.
func (l *load) acknowledgedSince(from time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, tx := range l.txs {
		if tx.outcome == acknowledged && !tx.sentAt.Before(from) {
			n++
		}
	}
	return n
}

// outcomesSince says what became of the transactions sent after a time,
// with the refusal codes, so a load that stops committing says why.
func (l *load) outcomesSince(from time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	names := map[outcome]string{inFlight: "in flight", refused: "refused", acknowledged: "acknowledged", failed: "failed", unknown: "unknown"}
	counts := map[string]int{}
	for _, tx := range l.txs {
		if tx.sentAt.Before(from) {
			continue
		}
		key := names[tx.outcome]
		if tx.code != 0 {
			key += fmt.Sprintf(" (code %d)", tx.code)
		}
		counts[key]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}
	return strings.Join(parts, ", ")
}

// nodeStates says each node's height and how many transactions wait in its
// mempool, for a failure's message.
func (l *load) nodeStates() string {
	var parts []string
	for i, rpc := range l.rpcs {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		status, err := rpc.Status(ctx)
		if err != nil {
			parts = append(parts, fmt.Sprintf("node%d: %v", i, err))
			cancel()
			continue
		}
		pending := "?"
		if n, err := rpc.NumUnconfirmedTxs(ctx); err == nil {
			pending = fmt.Sprint(n.Total)
		}
		cancel()
		parts = append(parts, fmt.Sprintf("node%d at height %d (block time %s), %s in its mempool", i,
			status.SyncInfo.LatestBlockHeight, status.SyncInfo.LatestBlockTime.Format(time.TimeOnly), pending))
	}
	l.mu.Lock()
	signersAt := make([]int, len(l.rpcs))
	for _, s := range l.signers {
		signersAt[s.node]++
	}
	l.mu.Unlock()
	return strings.Join(parts, "; ") + fmt.Sprintf("; signers sending to node0..node%d: %v", len(l.rpcs)-1, signersAt)
}

func (l *load) settle(tx *sentTx, o outcome, code uint32, height int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tx.outcome, tx.code, tx.height = o, code, height
}

// checkTxRefusal matches CometBFT's report of a CheckTx refusal.
var checkTxRefusal = regexp.MustCompile(`code=(\d+)`)

// sendOne signs the signer's next transaction at the sequence its node
// expects, sends it and waits for a block to hold it. A node that does not
// answer sends the signer to the next node.
func (l *load) sendOne(s *signer) {
	ctx, cancel := context.WithTimeout(context.Background(), commitWait+5*time.Second)
	defer cancel()
	rpc := l.rpcs[s.node]
	next, err := nextSequence(ctx, rpc, s.key.PubKey().Address())
	if err != nil {
		l.elsewhere(s)
		return
	}
	msgs, issues, void := s.messages()
	tx, err := envelope.Sign(l.chainID, s.key, next, msgs...)
	if err != nil {
		l.t.Errorf("sign: %v", err)
		return
	}
	sum := sha256.Sum256(tx)
	sent := &sentTx{hash: fmt.Sprintf("%X", sum), signer: s.name, sentAt: time.Now(), issues: issues, void: void}
	l.mu.Lock()
	l.txs = append(l.txs, sent)
	l.mu.Unlock()
	res, err := rpc.BroadcastTxSync(ctx, tx)
	switch {
	case err != nil:
		if m := checkTxRefusal.FindStringSubmatch(err.Error()); m != nil {
			code, _ := strconv.ParseUint(m[1], 10, 32)
			l.settle(sent, refused, uint32(code), 0)
			s.reopen(void)
			return
		}
		l.settle(sent, unknown, 0, 0)
		l.elsewhere(s)
		return
	case res.Code != 0:
		l.settle(sent, refused, res.Code, 0)
		s.reopen(void)
		return
	}
	deadline := time.Now().Add(commitWait)
	for time.Now().Before(deadline) {
		found, err := rpc.Tx(ctx, sum[:], false)
		switch {
		case err == nil && found.TxResult.Code == 0:
			l.settle(sent, acknowledged, 0, found.Height)
			s.open = append(s.open, issues...)
			l.goHome(s)
			return
		case err == nil:
			l.settle(sent, failed, found.TxResult.Code, found.Height)
			s.reopen(void)
			return
		case !strings.Contains(err.Error(), "not found"):
			l.elsewhere(s)
			rpc = l.rpcs[s.node]
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond): // polling the index, as a client does
		}
	}
	l.settle(sent, unknown, 0, 0)
	l.elsewhere(s)
}

// elsewhere moves a signer to the next node and gives the one that failed
// it a moment.
func (l *load) elsewhere(s *signer) {
	l.mu.Lock()
	s.node = (s.node + 1) % len(l.rpcs)
	l.mu.Unlock()
	time.Sleep(100 * time.Millisecond) // a client's back-off before it retries
}

// goHome sends a signer back to its own node after a commit.
func (l *load) goHome(s *signer) {
	l.mu.Lock()
	s.node = s.home
	l.mu.Unlock()
}

// messages is the signer's next transaction: every fourth voids its oldest
// open certificate, the others issue two certificates.
func (s *signer) messages() (msgs []envelope.Message, issues []string, void string) {
	s.sent++
	if s.sent%4 == 0 && len(s.open) > 0 {
		void, s.open = s.open[0], s.open[1:]
		return []envelope.Message{&certtypes.MsgVoid{Number: void, Reason: certtypes.VoidReason_VOID_REASON_PRINTER_ERROR}}, nil, void
	}
	for i := 0; i < 2; i++ {
		number := fmt.Sprintf("%s-F%06d", s.code, s.issued)
		s.issued++
		issues = append(issues, number)
		msgs = append(msgs, &certtypes.MsgIssue{
			Number: number, Origin: s.code, Destination: s.destination, Exporter: s.exporter, Importer: s.importer,
			Carats: 152340, OwnProductionCarats: 152340, ValueUsd: 24500000, Parcels: 3, HsCode: "7102.31",
			ExpiresAt: time.Now().Add(30 * 24 * time.Hour).Unix(),
		})
	}
	return msgs, issues, ""
}

// reopen puts back a certificate whose void did not commit.
func (s *signer) reopen(void string) {
	if void != "" {
		s.open = append(s.open, void)
	}
}

func nextSequence(ctx context.Context, rpc *rpchttp.HTTP, signer []byte) (uint64, error) {
	data, err := (&envelope.QuerySequenceRequest{Signer: signer}).Marshal()
	if err != nil {
		return 0, err
	}
	res, err := rpc.ABCIQuery(ctx, envelope.SequencePath, data)
	if err != nil {
		return 0, err
	}
	if res.Response.Code != 0 {
		return 0, fmt.Errorf("sequence: code %d %s", res.Response.Code, res.Response.Log)
	}
	var seq envelope.QuerySequenceResponse
	if err := seq.Unmarshal(res.Response.Value); err != nil {
		return 0, err
	}
	return seq.Next, nil
}
