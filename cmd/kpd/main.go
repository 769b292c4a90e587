package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/client"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := rootCommand().ExecuteContext(ctx)
	stop()
	if err != nil {
		if !errors.Is(err, client.ErrTxFailed) {
			fmt.Fprintln(os.Stderr, "Error:", err)
		}
		os.Exit(1)
	}
}

func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "kpd",
		Short:         "kpledger: a permissioned ledger of Kimberley Process certificates",
		Version:       app.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	client.AddGlobalFlags(root)
	root.AddCommand(
		initCommand(),
		startCommand(),
		keysCommand(),
		txCommand(),
		queryCommand(),
		testnetCommand(),
		cometCommand(),
		genesisCommand(),
		demoCommand(),
		auditCommand(),
		benchCommand(),
		versionCommand(),
		signerCommand(),
		backupCommand(),
		restoreCommand(),
	)
	return root
}
