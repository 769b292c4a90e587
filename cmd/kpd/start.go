package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

func startCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the node of --home until SIGINT or SIGTERM",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			level, _ := cmd.Flags().GetString("log_level")
			format, _ := cmd.Flags().GetString("log_format")
			conf, err := node.LoadCometConfig(home)
			if err != nil {
				return err
			}
			if level == "" {
				level = conf.LogLevel
			}
			if format == "" {
				format = conf.LogFormat
			}
			logger, err := node.Logger(os.Stdout, level, format)
			if err != nil {
				return err
			}
			return node.Run(cmd.Context(), home, logger)
		},
	}
	cmd.Flags().String("log_level", "", "log level, e.g. info or consensus:debug,*:info (default: config.toml's)")
	cmd.Flags().String("log_format", "", "log format: plain or json (default: config.toml's)")
	return cmd
}
