package e2e_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/testutil/network"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestNewKeyUsedAtOnce reproduces D2 of the reliability review: with
// production's five-minute empty-block interval, an officer registered by
// one block signs its first transaction the moment that block commits. Two
// validators run as on an overloaded machine, one of them the proposer of
// the next height; they see the transaction from every peer before they
// have applied the registration, and refuse it ("unknown signer"). Each
// must still take it in once it catches up: every transaction a validator
// admitted commits within a few blocks, and nothing waits for the
// empty-block interval.
func TestNewKeyUsedAtOnce(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4, EmptyBlockInterval: 5 * time.Minute, WaitTimeout: 40 * time.Second})
	c.StartAll()
	c.WaitAll(1) // a quiet chain makes no further block
	ctx := context.Background()
	kr, err := c.Client(0).Keyring()
	if err != nil {
		t.Fatal(err)
	}
	admin, err := kr.PrivKey("bw-admin")
	if err != nil {
		t.Fatal(err)
	}
	var seq envelope.QuerySequenceResponse
	if _, err := c.Client(0).Query(ctx, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: admin.PubKey().Address()}, &seq); err != nil {
		t.Fatal(err)
	}
	next := seq.Next
	nodeOf := validatorNodes(t, c)
	// Heights so far, so that the proposer rotation is known.
	for i := 0; i < 3; i++ {
		if res, err := c.Tx(0, "eu-admin", newOperator(fmt.Sprint("warm-up-", i))); err != nil || res.Code != 0 {
			t.Fatalf("warm-up: %v %+v", err, res)
		}
	}

	const trials = 16
	for trial := 0; trial < trials; trial++ {
		// With equal powers the first proposers of heights rotate with period
		// 4: the one after the registration's height is known from four
		// heights earlier.
		latest, err := c.Height(0)
		if err != nil {
			t.Fatal(err)
		}
		proposer := firstProposer(t, c, nodeOf, latest+2-4)
		others := slices.DeleteFunc([]int{0, 1, 2, 3}, func(i int) bool { return i == proposer })
		sender, lagging := others[0], []int{proposer, others[1]}
		rpc := c.RPC(sender)

		officer := ed25519.GenPrivKey()
		register, err := envelope.Sign(c.Network.ChainID, admin, next, &participanttypes.MsgAddOfficer{
			PubKey: officer.PubKey().Bytes(), Role: envelope.Role_ROLE_ADMIN, Name: fmt.Sprintf("New Admin %d", trial)})
		if err != nil {
			t.Fatal(err)
		}
		next++
		first, err := envelope.Sign(c.Network.ChainID, officer, 0, newOperator(fmt.Sprintf("new-key-%d", trial)))
		if err != nil {
			t.Fatal(err)
		}
		stop := c.Throttle(lagging, 20*time.Millisecond)
		began := time.Now()
		// broadcast_tx_commit answers when the sender has committed the block.
		done, err := rpc.BroadcastTxCommit(ctx, register)
		if err != nil || done.CheckTx.Code != 0 || done.TxResult.Code != 0 {
			t.Fatalf("trial %d: register: %v %+v", trial, err, done)
		}
		registered := time.Since(began)
		if res, err := rpc.BroadcastTxSync(ctx, first); err != nil || res.Code != 0 {
			t.Fatalf("trial %d: node%d refused the new key's first transaction: %v %+v", trial, sender, err, res)
		}
		view := c.WaitTx(sender, fmt.Sprintf("%X", cmttypes.Tx(first).Hash()))
		stop()
		firstTx := time.Since(began) - registered
		if view.Code != 0 {
			t.Fatalf("trial %d: the new key's first transaction: code %d %s", trial, view.Code, view.Log)
		}
		t.Logf("trial %d: registered at height %d through node%d (%.1f s), nodes %v lagging, first transaction at %d (%.1f s)",
			trial, done.Height, sender, registered.Seconds(), lagging, view.Height, firstTx.Seconds())
	}
	retried := 0
	for _, nd := range c.Network.Nodes {
		bz, err := os.ReadFile(nd.LogFile)
		if err != nil {
			t.Fatal(err)
		}
		retried += strings.Count(string(bz), "admitted a transaction refused before a commit")
	}
	t.Logf("%d transactions admitted on a retry after a commit", retried)
}

// validatorNodes maps each validator's address to its node.
func validatorNodes(t *testing.T, c *network.Cluster) map[string]int {
	t.Helper()
	nodes := map[string]int{}
	for i := range c.Network.Nodes {
		status, err := c.RPC(i).Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		nodes[string(status.ValidatorInfo.Address)] = i
	}
	return nodes
}

// firstProposer returns the node whose validator proposes first (round 0)
// at a height: the highest proposer priority, the lower address on a tie.
func firstProposer(t *testing.T, c *network.Cluster, nodeOf map[string]int, height int64) int {
	t.Helper()
	set, err := c.RPC(0).Validators(context.Background(), &height, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first *cmttypes.Validator
	for _, v := range set.Validators {
		first = first.CompareProposerPriority(v)
	}
	return nodeOf[string(first.Address)]
}
