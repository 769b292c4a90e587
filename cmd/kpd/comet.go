package main

import (
	"encoding/base64"
	"fmt"
	"os"

	cmtcommands "github.com/cometbft/cometbft/cmd/cometbft/commands"
	cmtcfg "github.com/cometbft/cometbft/config"
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
			height, hash, err := cmtcommands.RollbackState(conf, hard)
			if err != nil {
				return fmt.Errorf("roll back CometBFT state: %w", err)
			}
			application, err := node.OpenApp(home, nil, false)
			if err != nil {
				return err
			}
			defer application.Close()
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
					return printJSON(c.Out, map[string]string{"type": pub.Type(), "value": base64.StdEncoding.EncodeToString(pub.Bytes())})
				}
				fmt.Fprintln(c.Out, base64.StdEncoding.EncodeToString(pub.Bytes()))
				return nil
			},
		},
		cmtcommands.ResetAllCmd,
		rollback,
	)
	return cmd
}

func homeConfig(cmd *cobra.Command) (*cmtcfg.Config, error) {
	home, _ := cmd.Flags().GetString(client.FlagHome)
	return node.LoadCometConfig(home)
}
