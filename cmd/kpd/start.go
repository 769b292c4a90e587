package main

import (
	"fmt"
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
			var opts node.RunOptions
			app, _ := cmd.Flags().GetString("app")
			switch app {
			case "kpledger":
			case "kvstore":
				opts.Kvstore = true
			default:
				return fmt.Errorf("--app %q: kpledger or kvstore", app)
			}
			opts.Timings, _ = cmd.Flags().GetBool("bench-timings")
			opts.HaltHeight, _ = cmd.Flags().GetInt64("halt-height")
			return node.Run(cmd.Context(), home, logger, opts)
		},
	}
	cmd.Flags().String("log_level", "", "log level, e.g. info or consensus:debug,*:info (default: config.toml's)")
	cmd.Flags().String("log_format", "", "log format: plain or json (default: config.toml's)")
	cmd.Flags().Int64("halt-height", 0, "stop after committing this height (a coordinated upgrade); exit 0")
	// The benchmark's reference and CPU split; not for production nodes.
	cmd.Flags().String("app", "kpledger", "the application: kpledger, or kvstore (CometBFT's example, the benchmark's reference)")
	cmd.Flags().Bool("bench-timings", false, "measure the app's time in CheckTx, FinalizeBlock and Commit (kpd bench)")
	_ = cmd.Flags().MarkHidden("app")
	_ = cmd.Flags().MarkHidden("bench-timings")
	return cmd
}
