//go:build faults

package faults_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	cmttypes "github.com/cometbft/cometbft/types"

	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// row is one line of the suite's table.
type row struct {
	fault                                      string
	sent, acked, foundOnAll, lost, divergences int
	notCommitted                               int
	recovery                                   string
}

// report collects the rows of a run and prints them as a table.
type report struct {
	title string
	rows  []row
}

func (r *report) print() {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n\n", r.title)
	fmt.Fprintln(&b, "| fault | txs sent | acknowledged committed | found on all nodes | lost | divergences | sent, never committed | recovery |")
	fmt.Fprintln(&b, "|---|---|---|---|---|---|---|---|")
	for _, x := range r.rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %s |\n", x.fault, x.sent, x.acked, x.foundOnAll, x.lost, x.divergences, x.notCommitted, x.recovery)
	}
	fmt.Print(b.String())
	if path := os.Getenv("FAULTS_REPORT"); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprint(f, b.String())
			f.Close()
		}
	}
}

// committedTx is a transaction as a block holds it.
type committedTx struct {
	height int64
	code   uint32
}

// checker verifies the invariants after each fault, remembering what the
// earlier checks covered.
type checker struct {
	t        *testing.T
	l        *load
	report   *report
	checked  int64                  // heights compared so far
	onChain  map[string]committedTx // every transaction in a block up to checked
	verified map[string]bool        // acknowledged transactions found on every node
}

func newChecker(t *testing.T, l *load, title string) *checker {
	return &checker{t: t, l: l, report: &report{title: title}, checked: 0, onChain: map[string]committedTx{}, verified: map[string]bool{}}
}

// verify pauses the load, waits for every node to settle at one height with
// an empty mempool, and checks at that height: the same app hash at every
// height on every node, every acknowledged transaction on every node at its
// height with code 0, and every certificate of the load in the state the
// model says. It adds a row for the transactions sent since from.
func (k *checker) verify(fault string, from time.Time, recovery string) {
	t := k.t
	t.Helper()
	k.l.pause()
	defer k.l.resume()
	top, divergences := k.settle()
	k.scan(top)
	sent, acked, found, lost, never := 0, 0, 0, 0, 0
	for _, tx := range k.l.snapshot() {
		onChain, committed := k.onChain[tx.hash]
		if tx.outcome == acknowledged && (!committed || onChain.height != tx.height || onChain.code != 0) {
			t.Errorf("acknowledged tx %s (height %d) is not in the block the client was told: %+v", tx.hash, tx.height, onChain)
		}
		if tx.outcome == acknowledged && !k.verified[tx.hash] {
			if k.onEveryNode(tx.hash, tx.height) {
				k.verified[tx.hash] = true
			}
		}
		if tx.sentAt.Before(from) {
			continue
		}
		sent++
		if !committed && tx.outcome != refused {
			never++
		}
		if tx.outcome != acknowledged {
			continue
		}
		acked++
		if k.verified[tx.hash] {
			found++
		} else {
			lost++
		}
	}
	k.compareModel(top)
	k.report.rows = append(k.report.rows, row{fault: fault, sent: sent, acked: acked, foundOnAll: found, lost: lost, divergences: divergences, notCommitted: never, recovery: recovery})
	if lost > 0 || divergences > 0 {
		t.Errorf("%s: %d acknowledged transactions lost, %d divergences", fault, lost, divergences)
	}
	t.Logf("%s: checked at height %d: %d sent, %d acknowledged, all on every node", fault, top, sent, acked)
}

// settle waits until every node answers at one height with an empty
// mempool, and counts the heights whose app hash differs between nodes.
func (k *checker) settle() (int64, int) {
	t := k.t
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var heights []int64
		var hashes [][]byte
		quiet := true
		for _, rpc := range k.l.rpcs {
			info, err := rpc.ABCIInfo(ctx)
			if err != nil {
				quiet = false
				break
			}
			heights = append(heights, info.Response.LastBlockHeight)
			hashes = append(hashes, info.Response.LastBlockAppHash)
			if n, err := rpc.NumUnconfirmedTxs(ctx); err != nil || n.Total > 0 {
				quiet = false
			}
		}
		if quiet && len(heights) == len(k.l.rpcs) && sameHeights(heights) {
			top := heights[0]
			divergences := k.compareHeaders(top)
			for i := range hashes {
				if !bytes.Equal(hashes[i], hashes[0]) {
					t.Errorf("height %d: node%d app hash %X, node0 %X", top, i, hashes[i], hashes[0])
					divergences++
				}
			}
			return top, divergences
		}
		if time.Now().After(deadline) {
			t.Fatalf("the nodes did not settle at one height with empty mempools: heights %v", heights)
		}
		time.Sleep(200 * time.Millisecond) // polling the nodes
	}
}

func sameHeights(hs []int64) bool {
	for _, h := range hs {
		if h != hs[0] || h < 1 {
			return false
		}
	}
	return true
}

// compareHeaders compares the app hash every node's headers record for the
// heights after the last check up to top (header h carries the hash after
// h-1), and returns how many differ.
func (k *checker) compareHeaders(top int64) int {
	t := k.t
	t.Helper()
	ctx := context.Background()
	reference := map[int64][]byte{}
	divergences := 0
	for i, rpc := range k.l.rpcs {
		for lo := k.checked + 1; lo <= top; lo += 20 {
			hi := min(lo+19, top)
			res, err := rpc.BlockchainInfo(ctx, lo, hi)
			if err != nil {
				t.Fatalf("node%d: headers %d-%d: %v", i, lo, hi, err)
			}
			for _, meta := range res.BlockMetas {
				h := meta.Header.Height
				if i == 0 {
					reference[h] = meta.Header.AppHash
				} else if !bytes.Equal(reference[h], meta.Header.AppHash) {
					t.Errorf("header %d: node%d app hash %X, node0 %X", h, i, meta.Header.AppHash, reference[h])
					divergences++
				}
			}
		}
	}
	return divergences
}

// scan reads node 0's blocks after the last check up to top with their
// results: what the chain committed, whatever the clients were told.
func (k *checker) scan(top int64) {
	t := k.t
	t.Helper()
	ctx := context.Background()
	rpc := k.l.rpcs[0]
	for h := k.checked + 1; h <= top; h++ {
		height := h
		block, err := rpc.Block(ctx, &height)
		if err != nil {
			t.Fatalf("block %d: %v", h, err)
		}
		results, err := rpc.BlockResults(ctx, &height)
		if err != nil {
			t.Fatalf("block results %d: %v", h, err)
		}
		for i, tx := range block.Block.Txs {
			k.onChain[fmt.Sprintf("%X", cmttypes.Tx(tx).Hash())] = committedTx{height: h, code: results.TxResults[i].Code}
		}
	}
	k.checked = top
}

// onEveryNode reports whether every node's index holds a transaction at a
// height with code 0.
func (k *checker) onEveryNode(hash string, height int64) bool {
	ctx := context.Background()
	raw, err := hex.DecodeString(hash)
	if err != nil {
		k.t.Errorf("tx hash %q: %v", hash, err)
		return false
	}
	for i, rpc := range k.l.rpcs {
		res, err := rpc.Tx(ctx, raw, false)
		if err != nil || res.Height != height || res.TxResult.Code != 0 {
			k.t.Errorf("node%d: acknowledged tx %s at height %d: %v", i, hash, height, err)
			return false
		}
	}
	return true
}

// model is the certificates' states after the transactions that committed
// with code 0 up to a height, in height order: the load's own record of
// what it sent, each outcome taken from the chain for the transactions
// whose client lost track.
func (k *checker) model(top int64) map[string]certtypes.CertificateStatus {
	type applied struct {
		height int64
		tx     sentTx
	}
	var ok []applied
	for _, tx := range k.l.snapshot() {
		if c, committed := k.onChain[tx.hash]; committed && c.code == 0 && c.height <= top {
			ok = append(ok, applied{c.height, tx})
		}
	}
	sort.SliceStable(ok, func(i, j int) bool { return ok[i].height < ok[j].height })
	states := map[string]certtypes.CertificateStatus{}
	for _, a := range ok {
		for _, n := range a.tx.issues {
			states[n] = certtypes.CertificateStatus_CERTIFICATE_STATUS_ISSUED
		}
		if a.tx.void != "" {
			states[a.tx.void] = certtypes.CertificateStatus_CERTIFICATE_STATUS_VOID
		}
	}
	return states
}

// compareModel lists every issuer's certificates on every node at height
// top and compares them with the model.
func (k *checker) compareModel(top int64) {
	t := k.t
	t.Helper()
	want := k.model(top)
	for i, rpc := range k.l.rpcs {
		got := map[string]certtypes.CertificateStatus{}
		for _, s := range k.l.signers {
			req := certtypes.QueryCertificatesRequest{Issuer: s.code, Limit: certtypes.MaxPageSize}
			for {
				data, err := req.Marshal()
				if err != nil {
					t.Fatal(err)
				}
				res, err := rpc.ABCIQueryWithOptions(context.Background(), certtypes.QueryCertificates, data, rpcclient.ABCIQueryOptions{Height: top})
				if err != nil || res.Response.Code != 0 {
					t.Fatalf("node%d: certificates of %s at %d: %v %s", i, s.code, top, err, res.Response.Log)
				}
				var page certtypes.QueryCertificatesResponse
				if err := page.Unmarshal(res.Response.Value); err != nil {
					t.Fatal(err)
				}
				for _, cert := range page.Certificates {
					got[cert.Number] = cert.Status
				}
				if page.NextKey == "" {
					break
				}
				req.PageKey = page.NextKey
			}
		}
		if len(got) != len(want) {
			t.Errorf("node%d at height %d: %d certificates, the model has %d", i, top, len(got), len(want))
		}
		for number, status := range want {
			if got[number] != status {
				t.Errorf("node%d at height %d: %s is %s, the model says %s", i, top, number, got[number], status)
			}
		}
	}
}
