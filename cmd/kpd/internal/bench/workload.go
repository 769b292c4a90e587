package bench

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"sync"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	rpcclient "github.com/cometbft/cometbft/rpc/client"

	"github.com/kpledger/kpledger/core/envelope"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// plannedTx is a transaction built before a step: its bytes, the node and
// worker it goes to, and what it does.
type plannedTx struct {
	bytes  []byte
	hash   [sha256.Size]byte
	node   int
	worker int
	kind   string          // issue, transfer, confirm or kv
	signer *signer         // nil for kvstore
	step   func(code bool) // tells the workload the tx's fate after the step
}

// workload builds the transactions of each step.
type workload interface {
	// build returns n transactions for the cluster.
	build(n int, rng *rand.Rand) []plannedTx
	// settle is called after a step, once the mempools drained and every
	// transaction's fate was told (plannedTx.step): the signers whose
	// transactions did not all commit take their next sequence from the
	// chain.
	settle(next func(*signer) (uint64, error)) error
}

// kvWorkload is kvstore's: unique ~250-byte key=value transactions.
type kvWorkload struct {
	nodes, workers int
	next           int
}

func (w *kvWorkload) build(n int, rng *rand.Rand) []plannedTx {
	txs := make([]plannedTx, n)
	value := make([]byte, 115)
	for i := range txs {
		rng.Read(value)
		tx := []byte(fmt.Sprintf("bench-%012d=%x", w.next, value))
		w.next++
		txs[i] = plannedTx{bytes: tx, hash: sha256.Sum256(tx), kind: "kv", node: i % w.nodes, worker: (i / w.nodes) % w.workers}
	}
	return txs
}

func (w *kvWorkload) settle(func(*signer) (uint64, error)) error { return nil }

// signer is a bench key with its next sequence and its node.
type signer struct {
	key     ed25519.PrivKey
	address string
	seq     uint64
	node    int
	worker  int
	broken  bool // a transaction of the step did not commit: resync
}

// lifecycle is a certificate going through issue → transfer → confirm.
type lifecycle struct {
	number                     string
	issuer, exporter, importer *signer
	destination                string
	carats, value              int64
	parcels                    uint32
}

// kpWorkload is kpledger's: certificate lifecycles. Each step confirms
// certificates transferred in earlier steps, transfers certificates issued
// in earlier steps, and issues new ones, about a third each once the pools
// fill.
type kpWorkload struct {
	chainID      string
	participants []string
	now          func() time.Time     // the expiry's reference, about the block time
	signers      map[string][]*signer // by "CODE role"
	all          []*signer
	issued       []*lifecycle
	transferred  []*lifecycle
	next         int
	// issueBudget is how many certificates build may still issue.
	issueBudget int
	// issuesOnly makes build only issue (the growth pre-fill).
	issuesOnly bool
	mu         sync.Mutex
}

func newKpWorkload(chainID string, participants []string, nodes, workers int, now func() time.Time) *kpWorkload {
	w := &kpWorkload{chainID: chainID, participants: participants, now: now, signers: map[string][]*signer{}, issueBudget: math.MaxInt}
	n := 0
	for _, code := range participants {
		for _, r := range benchRoles {
			for i := 0; i < SignersPerRole; i++ {
				key := signerKey(code, r.name, i)
				s := &signer{key: key, address: envelope.AddressHex(key.PubKey().Address()), node: n % nodes, worker: (n / nodes) % workers}
				n++
				w.signers[code+" "+r.name] = append(w.signers[code+" "+r.name], s)
				w.all = append(w.all, s)
			}
		}
	}
	return w
}

func pick(rng *rand.Rand, s []*signer) *signer { return s[rng.Intn(len(s))] }

func (w *kpWorkload) build(n int, rng *rand.Rand) []plannedTx {
	type unsigned struct {
		kind   string
		signer *signer
		seq    uint64
		msg    envelope.Message
		fate   func(bool)
	}
	var plan []unsigned
	add := func(kind string, s *signer, msg envelope.Message, fate func(bool)) {
		plan = append(plan, unsigned{kind, s, s.seq, msg, fate})
		s.seq++
	}
	confirms := min(n/3, len(w.transferred))
	transfers := min(n/3, len(w.issued))
	if w.issuesOnly {
		confirms, transfers = 0, 0
	}
	issues := min(n-confirms-transfers, w.issueBudget)
	w.issueBudget -= issues
	toConfirm, toTransfer := w.transferred[:confirms], w.issued[:transfers]
	w.transferred, w.issued = w.transferred[confirms:], w.issued[transfers:]
	expires := w.now().Add(40 * 24 * time.Hour).Unix()
	for i := 0; i < max(confirms, transfers, issues); i++ {
		if i < confirms {
			l := toConfirm[i]
			add("confirm", l.importer, &certtypes.MsgConfirm{Number: l.number, Parcels: l.parcels, Carats: l.carats, ValueUsd: l.value + int64(rng.Intn(1000))},
				func(ok bool) {
					if !ok {
						w.mu.Lock()
						w.transferred = append(w.transferred, l)
						w.mu.Unlock()
					}
				})
		}
		if i < transfers {
			l := toTransfer[i]
			add("transfer", l.exporter, &certtypes.MsgTransfer{Number: l.number, To: l.importer.address, Seal: "SEAL-" + l.number, Carrier: "Bench Air Cargo"},
				func(ok bool) {
					w.mu.Lock()
					if ok {
						w.transferred = append(w.transferred, l)
					} else {
						w.issued = append(w.issued, l)
					}
					w.mu.Unlock()
				})
		}
		if i < issues {
			issuer := w.participants[rng.Intn(len(w.participants))]
			destination := w.participants[rng.Intn(len(w.participants))]
			for destination == issuer {
				destination = w.participants[rng.Intn(len(w.participants))]
			}
			l := &lifecycle{
				number: fmt.Sprintf("%s-B%09d", issuer, w.next), issuer: pick(rng, w.signers[issuer+" issuer"]),
				exporter: pick(rng, w.signers[issuer+" exporter"]), importer: pick(rng, w.signers[destination+" importer"]),
				destination: destination, carats: int64(1000 + rng.Intn(5_000_000)), parcels: uint32(1 + rng.Intn(9)),
			}
			l.value = l.carats * int64(50+rng.Intn(400))
			w.next++
			add("issue", l.issuer, &certtypes.MsgIssue{
				Number: l.number, Origin: issuer, Exporter: l.exporter.address, Importer: l.importer.address, Destination: destination,
				Carats: l.carats, OwnProductionCarats: l.carats, ValueUsd: l.value, Parcels: l.parcels, HsCode: certtypes.HSCodes[rng.Intn(3)], ExpiresAt: expires,
				Seal: "SEAL-" + l.number, PortOfExport: "Port of " + issuer,
			}, func(ok bool) {
				if ok {
					w.mu.Lock()
					w.issued = append(w.issued, l)
					w.mu.Unlock()
				}
			})
		}
	}
	// Sign in parallel; the plan's order keeps each signer's sequences in order.
	txs := make([]plannedTx, len(plan))
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(plan); i += workers {
				u := plan[i]
				bz, err := envelope.Sign(w.chainID, u.signer.key, u.seq, u.msg)
				if err != nil {
					panic(err)
				}
				s, fate := u.signer, u.fate
				txs[i] = plannedTx{bytes: bz, hash: sha256.Sum256(bz), kind: u.kind, node: s.node, worker: s.worker, signer: s,
					step: func(ok bool) {
						if !ok {
							s.broken = true
						}
						fate(ok)
					}}
			}
		}(g)
	}
	wg.Wait()
	return txs
}

// settle resynchronises the sequences of signers whose transactions did not
// all commit (a full mempool drops some, and the rest of that signer's then
// fail on their sequence).
func (w *kpWorkload) settle(next func(*signer) (uint64, error)) error {
	for _, s := range w.all {
		if !s.broken {
			continue
		}
		seq, err := next(s)
		if err != nil {
			return err
		}
		s.seq, s.broken = seq, false
	}
	return nil
}

// nextSequence asks a signer's node for its next sequence.
func (c *Cluster) nextSequence(ctx context.Context) func(*signer) (uint64, error) {
	return func(s *signer) (uint64, error) {
		var resp envelope.QuerySequenceResponse
		data, _ := (&envelope.QuerySequenceRequest{Signer: s.key.PubKey().Address()}).Marshal()
		res, err := c.rpc[s.node].ABCIQueryWithOptions(ctx, envelope.SequencePath, data, rpcclient.ABCIQueryOptions{})
		if err != nil {
			return 0, err
		}
		if res.Response.Code != 0 {
			return 0, fmt.Errorf("sequence of %s: %s", s.address, res.Response.Log)
		}
		if err := resp.Unmarshal(res.Response.Value); err != nil {
			return 0, err
		}
		return resp.Next, nil
	}
}
