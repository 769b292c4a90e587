package client

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/participant/types"
)

// exportKeysCmd is `kpd query participant export-keys`: what a customs post
// takes offline to check certificates' QR codes.
func exportKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export-keys --out FILE",
		Short: "Export every active issuing officer's key, proved, for checking QR codes offline",
		Long: `Export the registered keys of every active issuing officer of every participant,
each with its ICS23 proof and the header (signed by the authorities) whose app
hash proves them, to a JSON file. 'kpd query certificate verify --qr ...
--registry FILE' checks QR codes against it offline, after checking the file
itself against the genesis (an edited file does not check).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				return fmt.Errorf("--out FILE")
			}
			var participants types.QueryParticipantsResponse
			if _, err := c.Query(cmd.Context(), types.QueryParticipants, &types.QueryParticipantsRequest{}, &participants); err != nil {
				return err
			}
			var keys [][]byte
			for _, p := range participants.Participants {
				var officers types.QueryKeysResponse
				if _, err := c.Query(cmd.Context(), types.QueryOfficers, &types.QueryKeysRequest{Participant: p.Code}, &officers); err != nil {
					return err
				}
				for _, k := range officers.Keys {
					if k.Role == envelope.Role_ROLE_ISSUER && k.Status == types.KeyStatus_KEY_STATUS_ACTIVE {
						address, err := types.ParseAddress(k.Address)
						if err != nil {
							return err
						}
						keys = append(keys, append([]byte{types.StorePrefix}, types.RegisteredKeyKey(address)...))
					}
				}
			}
			if len(keys) == 0 {
				return fmt.Errorf("no active issuing officer on the ledger")
			}
			set, err := c.ProveAll(cmd, keys)
			if err != nil {
				return fmt.Errorf("the officer keys could not be proved: %w", err)
			}
			chainID, err := c.ResolveChainID(cmd.Context())
			if err != nil {
				return err
			}
			registry, err := proof.NewRegistry(chainID, set)
			if err != nil {
				return err
			}
			bz, err := json.MarshalIndent(registry, "", "  ")
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, append(bz, '\n'), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(c.Out, "%s: %d issuing officers' keys, %s\n", out, len(keys), client.ProvedLine(&set.Proved[0]))
			return nil
		},
	}
	cmd.Flags().String("out", "", "the JSON file to write")
	client.AddProofFlags(cmd)
	return cmd
}
