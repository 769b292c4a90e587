package main

import (
	"fmt"
	"path/filepath"

	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/backup"
)

func backupCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "Write the home of a stopped node (--home) to one archive",
		Long: `Write the home of a stopped node to FILE (a gzip-compressed tar): the
application state, CometBFT's blocks, state and indexes, the configuration,
genesis and the node key, with a manifest of the height, app hash and every
file's sha256. The node must be stopped (systemctl stop kpd): its databases
are open while it runs.

The validator key and its signing state are left out unless
--with-validator-key: a second copy of a validator key is a double sign
waiting to happen, and the signing state of the backup's time is older than
what the key has signed since. Keep the key in its own custody.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			out, _ := cmd.Flags().GetString("out")
			var o backup.Options
			o.WithValidatorKey, _ = cmd.Flags().GetBool("with-validator-key")
			m, err := backup.Create(home, out, o)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s: chain %s, height %d, app hash %s, %d files, validator key %v\n",
				home, out, m.ChainID, m.Height, m.AppHash, len(m.Files), m.ValidatorKey)
			return nil
		},
	}
	cmd.Flags().String("out", "", "the archive to write (must not exist)")
	cmd.Flags().Bool("with-validator-key", false, "include the validator key and its signing state")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func restoreCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore --in FILE",
		Short: "Restore a backup into a fresh home (--home); the node then catches up with the network",
		Long: `Unpack a backup made by ` + "`kpd backup`" + ` into --home, which must not exist
or be empty, checking every file against the manifest. Then put back the
validator key and its latest signing state from their custody
(config/priv_validator_key.json, data/priv_validator_state.json) — or, for a
full node, --new-validator-key — and start the node: it replays nothing, and
catches up from the backup's height with the network.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			in, _ := cmd.Flags().GetString("in")
			newKey, _ := cmd.Flags().GetBool("new-validator-key")
			m, err := backup.Restore(in, home)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "restored %s into %s: chain %s, height %d, app hash %s (backup of %s by kpd %s)\n",
				in, home, m.ChainID, m.Height, m.AppHash, m.Created.Format("2006-01-02 15:04 MST"), m.Version)
			keyFile, stateFile := filepath.Join(home, "config", "priv_validator_key.json"), filepath.Join(home, "data", "priv_validator_state.json")
			switch {
			case m.ValidatorKey:
			case newKey:
				pv, err := privval.GenFilePV(keyFile, stateFile, nil)
				if err != nil {
					return err
				}
				pv.Save()
				fmt.Fprintln(cmd.OutOrStdout(), "a new validator key was made: this node is a full node until the plenary admits that key")
			default:
				fmt.Fprintf(cmd.OutOrStdout(), "no validator key in the backup: put back %s and %s from their custody (or restore with --new-validator-key for a full node)\n",
					keyFile, stateFile)
			}
			return nil
		},
	}
	cmd.Flags().String("in", "", "the archive to restore")
	cmd.Flags().Bool("new-validator-key", false, "make a new validator key (a full node) when the backup has none")
	_ = cmd.MarkFlagRequired("in")
	return cmd
}
