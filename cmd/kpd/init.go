package main

import (
	"encoding/base64"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
)

func initCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init MONIKER",
		Short: "Create a node home: config.toml, app.toml, node and validator keys, and an empty genesis",
		Long: `Create a node home: config/config.toml (CometBFT) with kpledger's defaults,
config/app.toml, the node key, the validator key, and — unless one exists — a
genesis.json with an empty registry for --chain-id. Fill the registry with
` + "`kpd genesis add-*`" + ` or copy the network's genesis.json over it.
Existing files are kept.

A node for a running network joins by state sync with --state-sync: it fetches
a recent snapshot of the state from its peers, checks it against a root of
trust — a height and block hash that an operator of the network reads with
` + "`kpd comet trust-point`" + ` and hands over out of band — and then follows the
chain from there. Such a node holds no state before its snapshot.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			chainID, _ := cmd.Flags().GetString(client.FlagChainID)
			interval, _ := cmd.Flags().GetDuration("empty-block-interval")
			if chainID == "" {
				return fmt.Errorf("--chain-id is required")
			}
			var net testnet.NetworkSettings
			net.Peers, _ = cmd.Flags().GetString("peers")
			net.P2P, _ = cmd.Flags().GetString("p2p-laddr")
			net.RPC, _ = cmd.Flags().GetString("rpc-laddr")
			net.SignerLaddr, _ = cmd.Flags().GetString("signer-laddr")
			if sync, _ := cmd.Flags().GetBool("state-sync"); sync {
				s := &testnet.StateSync{}
				s.RPCServers, _ = cmd.Flags().GetStringSlice("rpc-servers")
				s.TrustHeight, _ = cmd.Flags().GetInt64("trust-height")
				s.TrustHash, _ = cmd.Flags().GetString("trust-hash")
				net.StateSync = s
			}
			info, err := testnet.InitHome(home, args[0], chainID, interval, net)
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
	cmd.Flags().String("signer-laddr", "", "priv_validator_laddr: a remote signer (`kpd signer`) dials the node there, e.g. tcp://10.0.0.2:26659; move the validator key to the signer's home")
	cmd.Flags().Bool("state-sync", false, "join a running network from a snapshot instead of replaying it from genesis")
	cmd.Flags().StringSlice("rpc-servers", nil, "with --state-sync: two or more RPC addresses of the network's nodes, A,B")
	cmd.Flags().Int64("trust-height", 0, "with --state-sync: the height of the root of trust (`kpd comet trust-point`)")
	cmd.Flags().String("trust-hash", "", "with --state-sync: the block hash at --trust-height, in hex, received out of band")
	return cmd
}
