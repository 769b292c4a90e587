package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app/genesis"
	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

func initCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init MONIKER",
		Short: "Create a node home: config.toml, app.toml, node and validator keys, and an empty genesis",
		Long: `Create a node home: config/config.toml (CometBFT) with kpledger's defaults,
config/app.toml, the node key, the validator key, and — unless one exists — a
genesis.json with an empty registry for --chain-id. Fill the registry with
` + "`kpd genesis add-*`" + ` or copy the network's genesis.json over it.
Existing files are kept.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			chainID, _ := cmd.Flags().GetString(client.FlagChainID)
			interval, _ := cmd.Flags().GetDuration("empty-block-interval")
			if chainID == "" {
				return fmt.Errorf("--chain-id is required")
			}
			var net NetworkSettings
			net.Peers, _ = cmd.Flags().GetString("peers")
			net.P2P, _ = cmd.Flags().GetString("p2p-laddr")
			net.RPC, _ = cmd.Flags().GetString("rpc-laddr")
			info, err := InitHome(home, args[0], chainID, interval, net)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "home:      %s\nnode id:   %s\nvalidator: %s\n", home, info.NodeID, base64.StdEncoding.EncodeToString(info.ValidatorPubKey))
			return nil
		},
	}
	cmd.Flags().Duration("empty-block-interval", node.DefaultEmptyBlockInterval, "make an empty block after this long without transactions")
	cmd.Flags().String("peers", "", "persistent peers: ID@HOST:PORT,... (see `kpd comet show-node-id`)")
	cmd.Flags().String("p2p-laddr", "", "p2p listen address (default tcp://0.0.0.0:26656)")
	cmd.Flags().String("rpc-laddr", "", "RPC listen address (default tcp://127.0.0.1:26657)")
	return cmd
}

// HomeInfo is what a new node home is known by.
type HomeInfo struct {
	NodeID          string
	ValidatorPubKey []byte
}

// NetworkSettings of a new node's config.toml; empty fields keep CometBFT's
// defaults.
type NetworkSettings struct {
	Peers, P2P, RPC string
}

// InitHome creates (or completes) a node home, keeping existing files; net
// applies to a config.toml it creates.
func InitHome(home, moniker, chainID string, emptyBlockInterval time.Duration, net NetworkSettings) (*HomeInfo, error) {
	conf := node.CometConfig(home, moniker, emptyBlockInterval)
	if net.Peers != "" {
		conf.P2P.PersistentPeers = net.Peers
	}
	if net.P2P != "" {
		conf.P2P.ListenAddress = net.P2P
	}
	if net.RPC != "" {
		conf.RPC.ListenAddress = net.RPC
	}
	if _, err := os.Stat(filepath.Join(home, "config", "config.toml")); os.IsNotExist(err) {
		node.WriteCometConfig(conf)
	} else if conf, err = node.LoadCometConfig(home); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(home, "config", "app.toml")); os.IsNotExist(err) {
		if err := node.WriteAppConfig(home, node.DefaultAppConfig()); err != nil {
			return nil, err
		}
	}
	pv, err := privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile(), nil)
	if err != nil {
		return nil, fmt.Errorf("validator key: %w", err)
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
	if err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	if _, err := os.Stat(conf.GenesisFile()); os.IsNotExist(err) {
		if err := genesis.New(chainID, time.Now()).Save(conf.GenesisFile()); err != nil {
			return nil, err
		}
	}
	pub, err := pv.GetPubKey()
	if err != nil {
		return nil, err
	}
	return &HomeInfo{NodeID: string(nodeKey.ID()), ValidatorPubKey: pub.Bytes()}, nil
}
