package bench

import (
	"context"
	"fmt"
	"time"

	abcicli "github.com/cometbft/cometbft/abci/client"
	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/crypto"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/mempool"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	sm "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/networks/local"
)

// WriteEmptyChain writes blocks empty blocks into the first node home of a
// network; see WriteChain.
func WriteEmptyChain(ctx context.Context, net *local.Network, blocks int) error {
	return WriteChain(ctx, net, blocks, nil, nil)
}

// WriteChain writes blocks blocks into the first node home of a network,
// each committed by every validator of the network (their keys are in the
// homes), through CometBFT's own block executor and block store and
// kpledger's app: the chain a node of that network would hold, without
// running the network, so that the node starts on it. txsOf, when set,
// gives each block's transactions (by its time) and is told their result
// codes; block times are one second apart.
func WriteChain(ctx context.Context, net *local.Network, blocks int, txsOf func(height int64, at time.Time) [][]byte, codes func([]uint32) error) error {
	home := net.Nodes[0].Home
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return err
	}
	doc, err := cmttypes.GenesisDocFromFile(conf.GenesisFile())
	if err != nil {
		return err
	}
	keys := map[string]crypto.PrivKey{}
	for _, nd := range net.Nodes {
		c, err := node.LoadCometConfig(nd.Home)
		if err != nil {
			return err
		}
		pv := privval.LoadFilePV(c.PrivValidatorKeyFile(), c.PrivValidatorStateFile())
		keys[string(pv.Key.Address)] = pv.Key.PrivKey
	}

	blockDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "blockstore", Config: conf})
	if err != nil {
		return err
	}
	defer blockDB.Close()
	stateDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: conf})
	if err != nil {
		return err
	}
	defer stateDB.Close()
	blockStore := cmtstore.NewBlockStore(blockDB)
	stateStore := sm.NewStore(stateDB, sm.StoreOptions{})
	application, err := node.OpenApp(home, nil)
	if err != nil {
		return err
	}
	defer application.Close()

	state, err := sm.MakeGenesisState(doc)
	if err != nil {
		return err
	}
	init, err := application.InitChain(ctx, genesis.InitChainRequest(doc))
	if err != nil {
		return err
	}
	state.AppHash = init.AppHash
	if err := stateStore.Save(state); err != nil {
		return err
	}
	consensus := proxy.NewAppConnConsensus(abcicli.NewLocalClient(nil, application), proxy.NopMetrics())
	executor := sm.NewBlockExecutor(stateStore, cmtlog.NewNopLogger(), consensus, &mempool.NopMempool{}, sm.EmptyEvidencePool{}, blockStore)

	lastCommit := &cmttypes.Commit{}
	for h := doc.InitialHeight; h < doc.InitialHeight+int64(blocks); h++ {
		proposer := state.Validators.GetProposer().Address
		var txs []cmttypes.Tx
		if txsOf != nil {
			at := state.LastBlockTime.Add(time.Second)
			if h == doc.InitialHeight {
				at = state.LastBlockTime
			}
			for _, tx := range txsOf(h, at) {
				txs = append(txs, tx)
			}
		}
		block := state.MakeBlock(h, txs, lastCommit, nil, proposer)
		parts, err := block.MakePartSet(cmttypes.BlockPartSizeBytes)
		if err != nil {
			return err
		}
		blockID := cmttypes.BlockID{Hash: block.Hash(), PartSetHeader: parts.Header()}
		commit, err := signCommit(doc.ChainID, state.Validators, keys, blockID, h, block.Time.Add(time.Second))
		if err != nil {
			return err
		}
		blockStore.SaveBlock(block, parts, commit)
		if state, err = executor.ApplyBlock(state, blockID, block, h); err != nil {
			return fmt.Errorf("height %d: %w", h, err)
		}
		if codes != nil {
			resp, err := stateStore.LoadFinalizeBlockResponse(h)
			if err != nil {
				return err
			}
			results := make([]uint32, len(resp.TxResults))
			for i, res := range resp.TxResults {
				results[i] = res.Code
			}
			if err := codes(results); err != nil {
				return fmt.Errorf("height %d: %w", h, err)
			}
		}
		lastCommit = commit
	}
	return nil
}

// signCommit is every validator's precommit of a block, at one time.
func signCommit(chainID string, vals *cmttypes.ValidatorSet, keys map[string]crypto.PrivKey, blockID cmttypes.BlockID, height int64, at time.Time) (*cmttypes.Commit, error) {
	commit := &cmttypes.Commit{Height: height, BlockID: blockID, Signatures: make([]cmttypes.CommitSig, len(vals.Validators))}
	for i, v := range vals.Validators {
		key, ok := keys[string(v.Address)]
		if !ok {
			return nil, fmt.Errorf("no key for validator %X", v.Address)
		}
		vote := &cmttypes.Vote{Type: cmttypes.PrecommitType, Height: height, BlockID: blockID, Timestamp: at,
			ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		sig, err := key.Sign(cmttypes.VoteSignBytes(chainID, vote.ToProto()))
		if err != nil {
			return nil, err
		}
		commit.Signatures[i] = cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagCommit, ValidatorAddress: v.Address, Timestamp: at, Signature: sig}
	}
	return commit, nil
}
