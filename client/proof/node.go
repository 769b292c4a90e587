package proof

import (
	"context"
	"fmt"

	rpcclient "github.com/cometbft/cometbft/rpc/client"

	"github.com/kpledger/kpledger/core/module"
)

// RPCNode asks a node through CometBFT's RPC.
type RPCNode struct {
	Client rpcclient.Client
}

// LatestHeight is the node's latest block.
func (n RPCNode) LatestHeight(ctx context.Context) (int64, error) {
	status, err := n.Client.Status(ctx)
	if err != nil {
		return 0, err
	}
	return status.SyncInfo.LatestBlockHeight, nil
}

// ProveKey asks /store/key for a key with its ICS23 proof.
func (n RPCNode) ProveKey(ctx context.Context, key []byte, height int64) ([]byte, []byte, int64, error) {
	res, err := n.Client.ABCIQueryWithOptions(ctx, module.StoreKeyPath, key, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
	if err != nil {
		return nil, nil, 0, err
	}
	r := res.Response
	if r.Code != 0 {
		return nil, nil, 0, fmt.Errorf("query refused: code %d (%s)", r.Code, r.Log)
	}
	if r.ProofOps == nil || len(r.ProofOps.Ops) != 1 || r.ProofOps.Ops[0].Type != module.ProofOpType || string(r.ProofOps.Ops[0].Key) != string(key) {
		return nil, nil, 0, fmt.Errorf("no %s proof of the key in the answer", module.ProofOpType)
	}
	return r.Value, r.ProofOps.Ops[0].Data, r.Height, nil
}
