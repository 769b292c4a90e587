package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // participants' time zones resolve on machines without a zone database

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/genesis"
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

// genesisAppHash is the app hash of a genesis document's state, as a fresh
// app computes it at InitChain: proved queries check block 1 against it.
func genesisAppHash(doc *cmttypes.GenesisDoc) ([]byte, error) {
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	resp, err := a.InitChain(context.Background(), genesis.InitChainRequest(doc))
	if err != nil {
		return nil, err
	}
	return resp.AppHash, nil
}

func rootCommand() *cobra.Command {
	client.GenesisAppHash = genesisAppHash
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
		serveCommand(),
		versionCommand(),
		signerCommand(),
		backupCommand(),
		restoreCommand(),
	)
	return root
}
