package e2e_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"
	gogotypes "github.com/cosmos/gogoproto/types"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/network"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestHostileTraffic: on a 4-validator network, hostile transactions —
// a committed transaction sent again, one signed for another chain-id, a
// forged signature, an oversized one, too many messages, a reused and a
// skipped sequence — are each refused with its code and leave the signer's
// sequence as it was; then a flood of undecodable bytes and of
// transactions from unknown keys (signatures of random bytes) is refused in
// CheckTx before any signature is verified (unknown signer, never bad
// signature) while honest signers go on committing. It prints the honest
// transactions per second with and without the flood (figures, not
// assertions) and checks that no node logged a panic.
func TestHostileTraffic(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4})
	c.StartAll()
	c.WaitAll(2)

	hostileTransactions(t, c)

	quiet := honestRate(t, c, 12*time.Second)
	flood := startFlood(t, c)
	flooded := honestRate(t, c, 12*time.Second)
	sent, codes := flood()
	t.Logf("honest traffic (4 admins, one per node, each waiting for its block): %s without a flood, %s during it", quiet, flooded)
	t.Logf("flood: %d transactions refused by CheckTx, by code %s", sent, codes)
	if flooded.committed == 0 {
		t.Fatal("no honest transaction committed during the flood")
	}
	// Random bytes are now and then a transaction of another shape (an
	// unknown field, no message...): every refusal is one of the checks
	// that come before the signature, codes 2 (undecodable) to 9 (unknown
	// signer).
	for code := range codes.byCode {
		if code < envelope.ErrTxDecode.Code() || code > envelope.ErrUnknownSigner.Code() {
			t.Errorf("a flood transaction was refused with code %d: want a refusal before its signature (%d–%d)", code, envelope.ErrTxDecode.Code(), envelope.ErrUnknownSigner.Code())
		}
	}
	h, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	c.SameAppHashes([]int{0, 1, 2, 3}, h)
	noPanics(t, c)
}

// hostileTransactions sends each hostile transaction to node0 and wants its
// refusal code; the signer's committed sequence does not move.
func hostileTransactions(t *testing.T, c *network.Cluster) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	key := keyringKey(t, c, "bw-admin")
	seq := committedSequence(t, c, key)
	sign := func(chainID string, sequence uint64, msgs ...envelope.Message) []byte {
		tx, err := envelope.Sign(chainID, key, sequence, msgs...)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	op := func(label string) envelope.Message { return newOperator(label) }

	// A committed transaction, then the same bytes again to every node.
	committedTx := sign(c.Network.ChainID, seq, op("committed once"))
	if code, text := broadcast(ctx, c, 0, committedTx); code != 0 {
		t.Fatalf("a valid transaction: code %d %s", code, text)
	}
	if view := c.WaitTx(0, fmt.Sprintf("%X", cmttypes.Tx(committedTx).Hash())); view.Code != 0 {
		t.Fatalf("a valid transaction: code %d", view.Code)
	}
	seq++
	for i := range c.Network.Nodes {
		code, text := broadcast(ctx, c, i, committedTx)
		// A node that saw it answers from its mempool's cache, before the app.
		if code != envelope.ErrSequenceReused.Code() && !strings.Contains(text, "already exists in cache") {
			t.Errorf("a committed transaction sent again to node%d: code %d %s", i, code, text)
		}
		t.Logf("replay to node%d: code %d %s", i, code, firstLine(text))
	}

	many := make([]envelope.Message, envelope.MaxMessages+1)
	for i := range many {
		many[i] = op(fmt.Sprintf("one of many %d", i))
	}
	forged := sign(c.Network.ChainID, seq, op("forged"))
	forged[len(forged)-5] ^= 0x01 // inside the signature, the tx's last field
	oversized := sign(c.Network.ChainID, seq, &participanttypes.MsgAddOperator{
		PubKey: ed25519.GenPrivKey().PubKey().Bytes(), Role: envelope.Role_ROLE_EXPORTER, Name: strings.Repeat("X", envelope.MaxTxBytes)})
	cases := []struct {
		name string
		tx   []byte
		code uint32
		// mempool: the node's mempool refuses it before the app, with this text.
		mempool string
	}{
		{"signed for another chain-id", sign("kpledger-1", seq, op("other chain")), envelope.ErrWrongChainID.Code(), ""},
		{"a forged signature", forged, envelope.ErrBadSignature.Code(), ""},
		{"oversized", oversized, envelope.ErrTxTooLarge.Code(), "too large"},
		{"too many messages", sign(c.Network.ChainID, seq, many...), envelope.ErrTooManyMessages.Code(), ""},
		{"a reused sequence", sign(c.Network.ChainID, seq-1, op("reused")), envelope.ErrSequenceReused.Code(), ""},
		// A sequence a little ahead waits in the mempool behind the missing
		// one (app.SequenceWindow) and never commits; one past the window is
		// refused at once.
		{"a skipped sequence", sign(c.Network.ChainID, seq+app.SequenceWindow, op("skipped")), envelope.ErrSequenceSkipped.Code(), ""},
	}
	for _, tc := range cases {
		code, text := broadcast(ctx, c, 0, tc.tx)
		if code != tc.code && (tc.mempool == "" || !strings.Contains(text, tc.mempool)) {
			t.Errorf("%s (%d bytes): code %d %s, want %d", tc.name, len(tc.tx), code, text, tc.code)
		}
		t.Logf("%-28s %6d bytes: code %d %s", tc.name, len(tc.tx), code, firstLine(text))
	}
	// Two blocks later nothing of it committed: the sequence is where the
	// one valid transaction left it.
	h, _ := c.Height(0)
	c.WaitHeight(0, h+2)
	if got := committedSequence(t, c, key); got != seq {
		t.Errorf("bw-admin's committed sequence is %d after the hostile transactions, want %d", got, seq)
	}
}

// rate is what honest signers committed in a window.
type rate struct {
	committed int
	elapsed   time.Duration
}

func (r rate) String() string {
	return fmt.Sprintf("%.2f tx/s (%d in %.1f s)", float64(r.committed)/r.elapsed.Seconds(), r.committed, r.elapsed.Seconds())
}

// honestRate has four admins, each through its own node, send transactions
// one after another (each waiting for its block) for d.
func honestRate(t *testing.T, c *network.Cluster, d time.Duration) rate {
	t.Helper()
	var committed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	errs := make(chan error, 4)
	for i, signer := range []string{"bw-admin", "eu-admin", "za-admin", "ru-admin"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline); n++ {
				res, err := c.Tx(i, signer, newOperator(fmt.Sprintf("%s honest %d %d", signer, start.UnixNano(), n)))
				if err != nil {
					errs <- fmt.Errorf("%s: %w", signer, err)
					return
				}
				if res.Code != 0 {
					errs <- fmt.Errorf("%s: code %d %s", signer, res.Code, res.Log)
					return
				}
				committed.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return rate{int(committed.Load()), time.Since(start)}
}

// floodCodes counts the flood's refusals by code.
type floodCodes struct{ byCode map[uint32]int }

func (f floodCodes) String() string {
	var codes []int
	for code := range f.byCode {
		codes = append(codes, int(code))
	}
	sort.Ints(codes)
	var parts []string
	for _, code := range codes {
		parts = append(parts, fmt.Sprintf("%d: %d", code, f.byCode[uint32(code)]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// startFlood sends, from two clients per node, undecodable bytes and
// transactions of keys nobody registered whose signatures are random bytes,
// as fast as the nodes answer; the returned function stops it and says how
// many it sent and with which codes they were refused.
func startFlood(t *testing.T, c *network.Cluster) func() (int, floodCodes) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	codes := floodCodes{byCode: map[uint32]int{}}
	sent := 0
	var wg sync.WaitGroup
	for node := range c.Network.Nodes {
		for client := 0; client < 2; client++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; ctx.Err() == nil; n++ {
					tx := make([]byte, 200)
					_, _ = rand.Read(tx)
					if n%2 == 0 {
						tx = unknownSignerTx(c.Network.ChainID, n)
					}
					code, text := broadcast(ctx, c, node, tx)
					if ctx.Err() != nil {
						return
					}
					if code == 0 && text != "" {
						continue // the RPC server refused (busy): not the app's answer
					}
					mu.Lock()
					sent++
					codes.byCode[code]++
					mu.Unlock()
				}
			}()
		}
	}
	return func() (int, floodCodes) {
		cancel()
		wg.Wait()
		return sent, codes
	}
}

// unknownSignerTx is a well-formed transaction of a fresh key that nobody
// registered, its signature random bytes: refused as "unknown signer" before
// any signature is verified.
func unknownSignerTx(chainID string, n int) []byte {
	signer := ed25519.GenPrivKey().PubKey().Address()
	msg := newOperator(fmt.Sprintf("flood %d", n))
	value, _ := msg.Marshal()
	body := envelope.TxBody{ChainId: chainID, Signer: signer, Sequence: 0}
	body.Messages = append(body.Messages, gogotypes.Any{TypeUrl: "/" + proto.MessageName(msg), Value: value})
	bodyBytes, _ := body.Marshal()
	sig := make([]byte, ed25519.SignatureSize)
	_, _ = rand.Read(sig)
	tx, _ := (&envelope.Tx{BodyBytes: bodyBytes, Signature: sig}).Marshal()
	return tx
}

var codeInError = regexp.MustCompile(`code=(\d+)`)

// broadcast sends a transaction with broadcast_tx_sync and returns CheckTx's
// code (CometBFT v1 reports a refusal as an RPC error carrying it), or 0 and
// the error's text when the node refused it before the app.
func broadcast(ctx context.Context, c *network.Cluster, node int, tx []byte) (uint32, string) {
	res, err := c.RPC(node).BroadcastTxSync(ctx, tx)
	if err != nil {
		if m := codeInError.FindStringSubmatch(err.Error()); m != nil {
			code, _ := strconv.ParseUint(m[1], 10, 32)
			return uint32(code), err.Error()
		}
		return 0, err.Error()
	}
	return res.Code, res.Log
}

func keyringKey(t *testing.T, c *network.Cluster, name string) crypto.PrivKey {
	t.Helper()
	kr, err := c.Client(0).Keyring()
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.PrivKey(name)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func committedSequence(t *testing.T, c *network.Cluster, key crypto.PrivKey) uint64 {
	t.Helper()
	var seq envelope.QuerySequenceResponse
	if _, err := c.Client(0).Query(context.Background(), envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: key.PubKey().Address()}, &seq); err != nil {
		t.Fatal(err)
	}
	return seq.Committed
}

// noPanics fails the test when a node's log mentions a panic.
func noPanics(t *testing.T, c *network.Cluster) {
	t.Helper()
	for i := range c.Network.Nodes {
		bz, err := os.ReadFile(c.Node(i).LogFile)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(bz)), "panic") {
			t.Errorf("node%d's log mentions a panic", i)
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
