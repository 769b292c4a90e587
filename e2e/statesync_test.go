package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/testutil/network"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestStateSyncJoin: a new authority's node (Indonesia's) joins a running
// 4-validator network by state sync, from a root of trust that `kpd comet
// trust-point` printed on one of the network's nodes. It holds no block
// before its snapshot, reaches the others' app hash, answers queries at
// heights from its snapshot on and says "not on this node" before it; the
// plenary admits Indonesia and the new node signs blocks.
func TestStateSyncJoin(t *testing.T) {
	c := network.New(t, network.Options{Validators: 4, SpareNodes: 1, SnapshotInterval: 5})
	c.StartAll()
	c.WaitAll(2)
	operator := newOperator("registered before the snapshot")
	registered := mustTx(t, c, 0, "bw-admin", operator)
	c.WaitAll(registered + 11)
	c.WaitAll(registered + 11) // two snapshots after the operator's block

	out, err := c.KPD("comet", "trust-point", "--node", c.Node(1).RPC, "-o", "json")
	if err != nil {
		t.Fatalf("trust-point: %v %s", err, out)
	}
	var trust struct {
		ChainID string `json:"chain_id"`
		Height  int64  `json:"height,string"`
		Hash    string `json:"hash"`
	}
	if err := json.Unmarshal([]byte(out), &trust); err != nil || trust.ChainID != c.Network.ChainID || len(trust.Hash) != 64 {
		t.Fatalf("trust-point: %q: %v", out, err)
	}
	id := c.AddNode("ID", "--state-sync", "--rpc-servers", c.Node(0).RPC+","+c.Node(1).RPC,
		"--trust-height", fmt.Sprint(trust.Height), "--trust-hash", trust.Hash)
	c.Start(id)
	top, _ := c.Height(0)
	c.WaitHeight(id, top)
	if top, err = c.Height(id); err != nil {
		t.Fatal(err)
	}

	status, err := c.RPC(id).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	first := status.SyncInfo.EarliestBlockHeight
	if first <= registered {
		t.Fatalf("the new node's first block is %d: it did not start from a snapshot taken after height %d", first, registered)
	}
	c.SameAppHashesFrom([]int{0, 1, 2, 3, id}, first, top)

	// Queries: every height from the snapshot on answers, and shows the
	// operator registered before it; every earlier height is "not on this
	// node" (the block store may begin a block or two before the snapshot).
	address := envelope.AddressHex(ed25519.PubKey(operator.PubKey).Address())
	query := func(height int64) error {
		cl := c.Client(id)
		cl.Height = height
		var key participanttypes.QueryKeyResponse
		_, err := cl.Query(context.Background(), participanttypes.QueryKey, &participanttypes.QueryKeyRequest{Address: address}, &key)
		return err
	}
	notOnThisNode := func(err error) bool {
		var refused *client.QueryError
		return errors.As(err, &refused) && refused.Code == module.ErrHeightUnavailable.Code() && strings.Contains(refused.Log, "not on this node")
	}
	if err := query(registered); !notOnThisNode(err) {
		t.Fatalf("the state-synced node at height %d, before its first block %d: %v", registered, first, err)
	}
	snapshot := int64(0)
	for h := registered + 1; h <= top; h++ {
		err := query(h)
		switch {
		case err == nil && snapshot == 0:
			snapshot = h
		case err != nil && (snapshot != 0 || !notOnThisNode(err)):
			t.Fatalf("the state-synced node at height %d (first block %d, answers from %d): %v", h, first, snapshot, err)
		}
	}
	if snapshot == 0 || snapshot%5 != 0 {
		t.Fatalf("the state-synced node answers from height %d: not a snapshot's", snapshot)
	}

	// Admitted by the plenary, its validator signs blocks.
	if out, err := c.KPD("keys", "add", "id-admin", "--keyring-dir", c.Network.KeyringDir); err != nil {
		t.Fatalf("keys add: %v %s", err, out)
	}
	validatorPub := validatorKey(t, c, id)
	admitted := admitIndonesia(t, c, mustPubKey(t, c, "id-admin"), validatorPub)
	wantSigner(t, c, ed25519.PubKey(validatorPub).Address(), admitted+3, true)
}
