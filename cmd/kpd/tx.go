package main

import (
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	certificatecli "github.com/kpledger/kpledger/x/certificate/client"
	participantcli "github.com/kpledger/kpledger/x/participant/client"
	plenarycli "github.com/kpledger/kpledger/x/plenary/client"
	statisticscli "github.com/kpledger/kpledger/x/statistics/client"
)

func txCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tx",
		Short: "Sign a transaction with --from, broadcast it, and wait until a block holds it",
		Long: `Sign a transaction with the --from key, broadcast it to --node (sync), and
wait until a block holds it. Prints the hash, height, code and log; exits
non-zero when the ledger refused the transaction or it was not committed
within --timeout.`,
	}
	client.AddTxFlags(cmd)
	cmd.AddCommand(participantcli.TxCommand(), certificatecli.TxCommand(), statisticscli.TxCommand(), plenarycli.TxCommand())
	return cmd
}

func queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "query",
		Aliases: []string{"q"},
		Short:   "Query the ledger's state (at --height) or a transaction",
	}
	client.AddQueryFlags(cmd)
	cmd.AddCommand(participantcli.QueryCommand(), certificatecli.QueryCommand(), statisticscli.QueryCommand(),
		statisticscli.MonitoringCommand(), plenarycli.QueryCommand(), queryTxCommand())
	return cmd
}
