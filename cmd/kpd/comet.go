package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	cmtcommands "github.com/cometbft/cometbft/cmd/cometbft/commands"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

func cometCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "comet",
		Short: "CometBFT's node commands on a kpledger home",
	}
	rollback := &cobra.Command{
		Use:   "rollback",
		Short: "Roll CometBFT's state and the application state back by one height (node stopped)",
		Long: `Roll back by one height to recover from a bad state transition: CometBFT's
state at height n is overwritten with height n-1's, and the application state
loses version n too. Without --hard, block n stays and is executed again at the
next start; with --hard it is removed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			hard, _ := cmd.Flags().GetBool("hard")
			conf, err := node.LoadCometConfig(home)
			if err != nil {
				return err
			}
			application, err := node.OpenApp(home, nil)
			if err != nil {
				return err
			}
			defer application.Close()
			// Check the app can follow before CometBFT's state is touched.
			if latest, _ := application.LastCommit(); !application.HasVersion(latest - 1) {
				return fmt.Errorf("the application state no longer holds height %d (pruned?): nothing rolled back", latest-1)
			}
			height, hash, err := cmtcommands.RollbackState(conf, hard)
			if err != nil {
				return fmt.Errorf("roll back CometBFT state: %w", err)
			}
			if err := application.Rollback(height); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "rolled back to height %d, app hash %X\n", height, hash)
			return nil
		},
	}
	rollback.Flags().Bool("hard", false, "remove the last block as well")
	cmd.AddCommand(
		&cobra.Command{
			Use:   "show-node-id",
			Short: "Print this node's p2p id",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				conf, err := homeConfig(cmd)
				if err != nil {
					return err
				}
				key, err := p2p.LoadNodeKey(conf.NodeKeyFile())
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), key.ID())
				return nil
			},
		},
		&cobra.Command{
			Use:   "show-validator",
			Short: "Print this node's validator public key (base64, for `kpd genesis add-validator`)",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				conf, err := homeConfig(cmd)
				if err != nil {
					return err
				}
				if _, err := os.Stat(conf.PrivValidatorKeyFile()); err != nil {
					return err
				}
				pub, err := privval.LoadFilePVEmptyState(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()).GetPubKey()
				if err != nil {
					return err
				}
				c, err := client.FromCommand(cmd)
				if err != nil {
					return err
				}
				if c.JSON() {
					bz, err := cmtjson.Marshal(pub)
					if err != nil {
						return err
					}
					fmt.Fprintln(c.Out, string(bz))
					return nil
				}
				fmt.Fprintln(c.Out, base64.StdEncoding.EncodeToString(pub.Bytes()))
				return nil
			},
		},
		&cobra.Command{
			Use:   "unsafe-reset-all",
			Short: "(unsafe) Erase the chain data of --home (blocks, state, application state) and reset its validator's signing state",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				conf, err := homeConfig(cmd)
				if err != nil {
					return err
				}
				if err := os.RemoveAll(conf.DBDir()); err != nil {
					return err
				}
				if err := os.MkdirAll(conf.DBDir(), 0o700); err != nil {
					return err
				}
				if err := os.Remove(conf.P2P.AddrBookFile()); err != nil && !os.IsNotExist(err) {
					return err
				}
				if _, err := os.Stat(conf.PrivValidatorKeyFile()); err == nil {
					privval.LoadFilePVEmptyState(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()).Reset()
				}
				fmt.Fprintf(cmd.OutOrStdout(), "erased %s; the validator signs again from genesis\n", conf.DBDir())
				return nil
			},
		},
		rollback,
		trustPointCommand(),
	)
	return cmd
}

// trustPointCommand prints the root of trust a new node state-syncs from.
func trustPointCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "trust-point",
		Short: "Print a recent height and block hash of the network (--node), the root of trust for a node joining by state sync",
		Long: `Print the latest height of the node --node, the hash of its block, and the
chain-id: what a new node needs to join by state sync (` + "`kpd init --state-sync`" + `).
An operator of a running node reads them and hands them to the new node's
operator out of band (not through the network the new node is about to trust).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			rpc, err := c.RPC()
			if err != nil {
				return err
			}
			status, err := rpc.Status(cmd.Context())
			if err != nil {
				return fmt.Errorf("node %s: %w", c.Node, err)
			}
			height := status.SyncInfo.LatestBlockHeight
			commit, err := rpc.Commit(cmd.Context(), &height)
			if err != nil {
				return fmt.Errorf("block %d of %s: %w", height, c.Node, err)
			}
			point := trustPoint{ChainID: commit.Header.ChainID, Height: height, Hash: commit.Header.Hash().String()}
			if c.JSON() {
				bz, err := json.Marshal(point)
				if err != nil {
					return err
				}
				fmt.Fprintln(c.Out, string(bz))
				return nil
			}
			fmt.Fprintf(c.Out, "chain-id:     %s\ntrust-height: %d\ntrust-hash:   %s\n\n", point.ChainID, point.Height, point.Hash)
			fmt.Fprintf(c.Out, "kpd init NAME --chain-id %s --state-sync --rpc-servers %s,OTHER-RPC --trust-height %d --trust-hash %s\n",
				point.ChainID, c.Node, point.Height, point.Hash)
			return nil
		},
	}
}

// trustPoint is `kpd comet trust-point -o json`.
type trustPoint struct {
	ChainID string `json:"chain_id"`
	Height  int64  `json:"height,string"`
	Hash    string `json:"hash"`
}

func homeConfig(cmd *cobra.Command) (*cmtcfg.Config, error) {
	home, _ := cmd.Flags().GetString(client.FlagHome)
	return node.LoadCometConfig(home)
}
