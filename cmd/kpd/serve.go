package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/client/web"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

func serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve --node URL [--witness URL...] [--listen 127.0.0.1:8080]",
		Short: "Serve the ledger to customs, observers and the Working Groups: pages and a JSON API, every answer proved",
		Long: `Serve read-only web pages and a JSON API over a node's RPC: certificate
lookup by number or QR code with the verdict at the border, participants and
their officers' keys, monitoring flags, plenary decisions in each official
language, statistics with charts, and the network's health; in English,
French, Portuguese, Spanish and Russian. A stream of server-sent events tells
a customs system of certificates issued to its participant.

kpd serve is a separate process, never a validator's: it reads the node
through RPC and proves every answer as 'kpd query certificate verify' does —
against the app hash of a header signed by more than two thirds of the
authorities, verified by CometBFT's light client from a root of trust (block 1
checked against --genesis, or --trust-height/--trust-hash) and confirmed by
every --witness. An answer that does not prove is shown as not verified, with
the reason, and nothing of it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			listen, _ := cmd.Flags().GetString("listen")
			if listen == "" {
				conf, err := node.LoadAppConfig(c.Home)
				if err != nil {
					return err
				}
				listen = conf.ServeAddress
			}
			verifier, err := c.Verifier(cmd)
			if err != nil {
				return fmt.Errorf("the root of trust: %w", err)
			}
			rpc, err := c.RPC()
			if err != nil {
				return err
			}
			handler, err := web.New(web.Config{Verifier: verifier, Blocks: web.RPCBlocks{Client: rpc}})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", listen)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			// Requests live in the command's context: SIGTERM ends the
			// event streams too.
			server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second,
				BaseContext: func(net.Listener) context.Context { return ctx }}
			go func() {
				<-ctx.Done()
				shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = server.Shutdown(shutdown)
			}()
			fmt.Fprintf(c.Out, "kpd serve: http://%s/ reading %s (chain %s), trusting the header of height %d (%X)\n",
				l.Addr(), c.Node, verifier.ChainID, verifier.Trust.Height, verifier.Trust.Hash)
			if err := server.Serve(l); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().String("listen", "", "address to serve on (default: serve-address of HOME/config/app.toml, 127.0.0.1:8080)")
	client.AddProofFlags(cmd)
	return cmd
}
