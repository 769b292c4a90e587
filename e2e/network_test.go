package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/network"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// committed is a transaction a node acknowledged as committed.
type committed struct {
	hash   string
	height int64
}

func newOperator(label string) *participanttypes.MsgAddOperator {
	return &participanttypes.MsgAddOperator{
		PubKey: ed25519.GenPrivKey().PubKey().Bytes(), Role: envelope.Role_ROLE_EXPORTER, Name: "Exporter " + label,
	}
}

// TestFourValidators: signers write at once, each through its own node; every
// acknowledged transaction is on every node and every node has the same app
// hash at every height; with one validator killed the other three go on, and
// the restarted one catches up to the same height and app hash.
func TestFourValidators(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4})
	c.StartAll()
	c.WaitAll(2)

	readmePath(t, c)
	oneKeyTwoNodes(t, c)
	certHeight := certificateLifecycle(t, c)
	customsVerify(t, c)
	linesByCLI(t, c)
	wantMetrics(t, c, 2)

	// Four admins, each pinned to its participant's node, send transactions
	// at the same time; bw-admin also pipelines five without waiting.
	signers := []string{"bw-admin", "eu-admin", "za-admin", "ru-admin"}
	var mu sync.Mutex
	var acked []committed
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i, signer := range signers {
		wg.Add(1)
		go func(node int, signer string) {
			defer wg.Done()
			for n := 0; n < 4; n++ {
				res, err := c.Tx(node, signer, newOperator(fmt.Sprintf("%s-%d", signer, n)))
				if err != nil {
					errs <- fmt.Errorf("%s via node%d: %w", signer, node, err)
					return
				}
				if res.Code != 0 {
					errs <- fmt.Errorf("%s via node%d: code %d: %s", signer, node, res.Code, res.Log)
					return
				}
				mu.Lock()
				acked = append(acked, committed{res.Hash, res.Height})
				mu.Unlock()
			}
		}(i, signer)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	acked = append(acked, pipeline(t, c, 0, "bw-admin", 5)...)

	// Every acknowledged transaction is on every node, at the same height.
	for _, tx := range acked {
		c.TxOnAll(tx.hash, tx.height)
	}
	top := maxHeight(acked) + 1
	c.SameAppHashes([]int{0, 1, 2, 3}, top)
	sameOperators(t, c, []int{0, 1, 2, 3})

	// SIGKILL a validator: three of four hold 3/4 of the power and go on.
	c.Kill(3)
	before, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Tx(0, "bw-admin", newOperator("while RU is down"))
	if err != nil || res.Code != 0 {
		t.Fatalf("tx while node3 is down: %v %+v", err, res)
	}
	c.WaitHeight(0, before+3)
	for _, i := range []int{1, 2} {
		c.WaitHeight(i, before+3)
	}

	// The restarted validator catches up to the same height and app hash.
	c.Start(3)
	target, err := c.Height(0)
	if err != nil {
		t.Fatal(err)
	}
	c.WaitHeight(3, target+1)
	c.SameAppHashes([]int{0, 1, 2, 3}, target)
	sameOperators(t, c, []int{0, 1, 2, 3})
	view, err := c.Client(3).LookupTx(context.Background(), res.Hash)
	if err != nil || view.Height != res.Height {
		t.Fatalf("node3 after catching up: tx %s: %v %+v", res.Hash, err, view)
	}

	// Two quiet blocks, so that the last block changes nothing; then the
	// auditor's turn.
	h, _ := c.Height(0)
	c.WaitHeight(0, h+2)
	auditTheChain(t, c, certHeight)
	damagedNodeRecovers(t, c, 3)
}

// pipeline signs n transactions of one signer at consecutive sequences,
// broadcasts them all to one node without waiting, then waits for each: the
// mempool admits a signer's sequences in a row.
func pipeline(t *testing.T, c *network.Cluster, node int, signer string, n int) []committed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client(node)
	kr, err := cl.Keyring()
	if err != nil {
		t.Fatal(err)
	}
	key, err := kr.PrivKey(signer)
	if err != nil {
		t.Fatal(err)
	}
	var seq envelope.QuerySequenceResponse
	if _, err := cl.Query(ctx, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: key.PubKey().Address()}, &seq); err != nil {
		t.Fatal(err)
	}
	rpc := c.RPC(node)
	var hashes []string
	for i := 0; i < n; i++ {
		tx, err := envelope.Sign(c.Network.ChainID, key, seq.Next+uint64(i), newOperator(fmt.Sprintf("pipelined-%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := rpc.BroadcastTxSync(ctx, tx)
		if err != nil || res.Code != 0 {
			t.Fatalf("pipelined tx %d: %v %+v", i, err, res)
		}
		hashes = append(hashes, fmt.Sprintf("%X", cmttypes.Tx(tx).Hash()))
	}
	var out []committed
	for _, h := range hashes {
		view := c.WaitTx(node, h)
		if view.Code != 0 {
			t.Fatalf("pipelined tx %s: code %d: %s", h, view.Code, view.Log)
		}
		out = append(out, committed{h, view.Height})
	}
	return out
}

func maxHeight(txs []committed) int64 {
	var top int64
	for _, tx := range txs {
		top = max(top, tx.height)
	}
	return top
}

// sameOperators: the registry agrees — every node lists the same BW
// operators.
func sameOperators(t *testing.T, c *network.Cluster, nodes []int) {
	t.Helper()
	var first string
	for _, i := range nodes {
		var resp participanttypes.QueryKeysResponse
		if _, err := c.Client(i).Query(context.Background(), participanttypes.QueryOperators, &participanttypes.QueryKeysRequest{Participant: "BW"}, &resp); err != nil {
			t.Fatal(err)
		}
		if got := resp.String(); first == "" {
			first = got
		} else if got != first {
			t.Fatalf("node%d lists other BW operators", i)
		}
	}
}

// readmePath follows the README with the kpd binary: a new key, an operator
// registered by Botswana's admin through node 0, seen on every node; a refused
// transaction exits non-zero with its code.
func readmePath(t *testing.T, c *network.Cluster) {
	t.Helper()
	kr := []string{"--keyring-dir", c.Network.KeyringDir}
	if out, err := c.KPD(append([]string{"keys", "add", "bw-okavango"}, kr...)...); err != nil {
		t.Fatalf("keys add: %v\n%s", err, out)
	}
	out, err := c.KPD(append([]string{"tx", "participant", "add-operator", "bw-okavango", "--role", "exporter",
		"--name", "Okavango Diamond Company", "--from", "bw-admin", "--node", c.Node(0).RPC}, kr...)...)
	var height int64
	if err != nil || !strings.Contains(out, "code:    0") {
		t.Fatalf("tx participant add-operator: %v\n%s", err, out)
	}
	if _, err := fmt.Sscanf(out[strings.Index(out, "height:"):], "height: %d", &height); err != nil {
		t.Fatalf("no height in %q", out)
	}
	for i := range c.Network.Nodes {
		c.WaitHeight(i, height)
		out, err := c.KPD(append([]string{"query", "participant", "operator", "bw-okavango", "--node", c.Node(i).RPC, "-o", "json"}, kr...)...)
		if err != nil || !strings.Contains(out, `"name": "Okavango Diamond Company"`) || !strings.Contains(out, `"role": "ROLE_EXPORTER"`) {
			t.Fatalf("node%d: query participant operator: %v\n%s", i, err, out)
		}
	}
	out, err = c.KPD(append([]string{"tx", "participant", "add-operator", "bw-okavango", "--role", "exporter",
		"--name", "Okavango Diamond Company", "--from", "bw-admin", "--node", c.Node(1).RPC}, kr...)...)
	if err == nil || !strings.Contains(out, fmt.Sprintf("code:    %d (participant)", participanttypes.ErrKeyRegistered.Code())) {
		t.Fatalf("second registration: want a non-zero exit and code %d, got %v\n%s", participanttypes.ErrKeyRegistered.Code(), err, out)
	}
}

// certificateLifecycle: Botswana issues through its node, the exporter hands
// the shipment on, the EU importer confirms through the EU's node, and every
// node holds the same received certificate with its three events.
func certificateLifecycle(t *testing.T, c *network.Cluster) int64 {
	t.Helper()
	address := func(key string) string {
		a, err := c.Client(0).ResolveAddress(key)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	steps := []struct {
		node   int
		signer string
		msg    envelope.Message
	}{
		{0, "bw-issuer", &certtypes.MsgIssue{
			Number: "BW-2005-NET1", Origin: "BW", Destination: "EU", Exporter: address("bw-exporter"), Importer: address("eu-importer"),
			Carats: 152340, OwnProductionCarats: 152340, ValueUsd: 24500000, Parcels: 3, HsCode: "7102.31", Seal: "BW-SEAL-0042",
			ExpiresAt: time.Now().Add(30 * 24 * time.Hour).Unix(),
		}},
		{0, "bw-exporter", &certtypes.MsgTransfer{Number: "BW-2005-NET1", To: address("eu-importer"), Seal: "BW-SEAL-0042", Carrier: "Air Botswana Cargo"}},
		{1, "eu-importer", &certtypes.MsgConfirm{Number: "BW-2005-NET1", Parcels: 3, Carats: 152340, ValueUsd: 24400000}},
	}
	var height int64
	for _, s := range steps {
		res, err := c.Tx(s.node, s.signer, s.msg)
		if err != nil || res.Code != 0 {
			t.Fatalf("%s via node%d: %v %+v", s.signer, s.node, err, res)
		}
		height = res.Height
	}
	var first string
	for i := range c.Network.Nodes {
		c.WaitHeight(i, height)
		var resp certtypes.QueryCertificateResponse
		if _, err := c.Client(i).Query(context.Background(), certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: "BW-2005-NET1"}, &resp); err != nil {
			t.Fatalf("node%d: %v", i, err)
		}
		if resp.Certificate.Status != certtypes.CertificateStatus_CERTIFICATE_STATUS_RECEIVED || len(resp.Events) != 3 {
			t.Fatalf("node%d: %s with %d events", i, resp.Certificate.Status.Name(), len(resp.Events))
		}
		if got := resp.Certificate.String(); first == "" {
			first = got
		} else if got != first {
			t.Fatalf("node%d holds another record of BW-2005-NET1", i)
		}
	}
	return height
}
