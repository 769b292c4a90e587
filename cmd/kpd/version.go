package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app"
)

func versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print kpd's version, the state schema it reads and the CometBFT it runs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			comet := "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, dep := range info.Deps {
					if dep.Path == "github.com/cometbft/cometbft" {
						comet = dep.Version
					}
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "kpd %s\nstate schema %d, app version %d\nCometBFT %s, %s %s/%s\n",
				app.Version, app.SchemaVersion, app.AppVersion, comet, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
