package main

import (
	"encoding/base64"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
)

// Where a signer's home keeps the validator key and its signing state:
// CometBFT's paths in a node home, so that the two files move from a node's
// home to a signer's as they are.
const (
	signerKeyFile   = "config/priv_validator_key.json"
	signerStateFile = "data/priv_validator_state.json"
)

func signerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signer --addr tcp://NODE:26659 --chain-id ID",
		Short: "Run a remote signer: the validator key of --home signs for the node listening on --addr",
		Long: `Run CometBFT's privval signer server with the validator key held in --home
(` + signerKeyFile + `) and its double-sign protection state
(` + signerStateFile + `: the last height, round and step signed; a
second, different vote or proposal for them is refused). The signer dials the
node's priv_validator_laddr (tcp://HOST:PORT over an authenticated encrypted
connection, or unix:///PATH) and keeps dialing while the node is away. The
node then runs without a key file: ` + "`kpd init --signer-laddr`" + ` or
priv_validator_laddr in its config.toml.

Move the two files from the node's home to the signer's, never copy them: two
signers holding one key can sign twice.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, _ := cmd.Flags().GetString(client.FlagHome)
			chainID, _ := cmd.Flags().GetString(client.FlagChainID)
			addr, _ := cmd.Flags().GetString("addr")
			if chainID == "" {
				return fmt.Errorf("--chain-id is required: the signer signs for one chain only")
			}
			keyFile, stateFile := filepath.Join(home, signerKeyFile), filepath.Join(home, signerStateFile)
			// privval.LoadFilePV exits the process on a missing file: look first.
			for _, f := range []string{keyFile, stateFile} {
				if _, err := os.Stat(f); err != nil {
					return fmt.Errorf("validator key: %w", err)
				}
			}
			pv := privval.LoadFilePV(keyFile, stateFile)
			var dialer privval.SocketDialer
			switch protocol, address, _ := strings.Cut(addr, "://"); protocol {
			case "tcp":
				dialer = privval.DialTCPFn(address, 3*time.Second, ed25519.GenPrivKey())
			case "unix":
				dialer = privval.DialUnixFn(address)
			default:
				return fmt.Errorf("--addr %q: tcp://HOST:PORT or unix:///PATH", addr)
			}
			logger, err := node.Logger(cmd.OutOrStdout(), "info", "")
			if err != nil {
				return err
			}
			endpoint := privval.NewSignerDialerEndpoint(logger.With("module", "signer"), dialer,
				privval.SignerDialerEndpointRetryWaitInterval(500*time.Millisecond),
				privval.SignerDialerEndpointConnRetries(math.MaxInt))
			server := privval.NewSignerServer(endpoint, chainID, pv)
			if err := server.Start(); err != nil {
				return err
			}
			pub, err := pv.GetPubKey()
			if err != nil {
				return err
			}
			logger.Info("signer started", "validator", base64.StdEncoding.EncodeToString(pub.Bytes()), "node", addr, "chain_id", chainID)
			<-cmd.Context().Done()
			logger.Info("stopping the signer")
			return server.Stop()
		},
	}
	cmd.Flags().String("addr", "", "the node's priv_validator_laddr: tcp://HOST:PORT or unix:///PATH (required)")
	_ = cmd.MarkFlagRequired("addr")
	return cmd
}
