package client

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/participant/types"
)

// TxCommand is `kpd tx participant`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "participant",
		Short: "Register, rotate and revoke officer and operator keys; set your participant's settings (signed by an admin officer)",
	}
	cmd.AddCommand(addOfficerCmd(), rotateOfficerCmd(), revokeOfficerCmd(), addOperatorCmd(), revokeOperatorCmd(), settingsCmd())
	return cmd
}

func addOfficerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-officer KEY --role issuer|importer-authority|admin --name NAME",
		Short: "Register an officer key of your participant (KEY: a keyring name or a base64 public key)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withKeyAndRole(cmd, args[0], func(pub []byte, role envelope.Role, name string) envelope.Message {
				return &types.MsgAddOfficer{PubKey: pub, Role: role, Name: name}
			})
		},
	}
	roleAndNameFlags(cmd)
	return cmd
}

func addOperatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-operator KEY --role exporter|importer --name COMPANY",
		Short: "Register a licensed exporter or importer of your participant (KEY: a keyring name or a base64 public key)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withKeyAndRole(cmd, args[0], func(pub []byte, role envelope.Role, name string) envelope.Message {
				return &types.MsgAddOperator{PubKey: pub, Role: role, Name: name}
			})
		},
	}
	roleAndNameFlags(cmd)
	return cmd
}

func rotateOfficerCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rotate-officer ADDRESS NEW_KEY",
		Short: "Replace an officer's key by a new one with the same role (ADDRESS: hex or a keyring name)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			address, err := c.ResolveAddress(args[0])
			if err != nil {
				return err
			}
			pub, err := c.ResolvePubKey(args[1])
			if err != nil {
				return err
			}
			return client.RunTx(cmd, &types.MsgRotateOfficer{Address: address, NewPubKey: pub})
		},
	}
}

func revokeOfficerCmd() *cobra.Command {
	return revokeCmd("revoke-officer", "Revoke an officer key of your participant", func(a string) envelope.Message {
		return &types.MsgRevokeOfficer{Address: a}
	})
}

func revokeOperatorCmd() *cobra.Command {
	return revokeCmd("revoke-operator", "Revoke an operator's key", func(a string) envelope.Message {
		return &types.MsgRevokeOperator{Address: a}
	})
}

func revokeCmd(use, short string, msg func(address string) envelope.Message) *cobra.Command {
	return &cobra.Command{
		Use:   use + " ADDRESS",
		Short: short + " (ADDRESS: hex or a keyring name)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			address, err := c.ResolveAddress(args[0])
			if err != nil {
				return err
			}
			return client.RunTx(cmd, msg(address))
		},
	}
}

func roleAndNameFlags(cmd *cobra.Command) {
	cmd.Flags().String("role", "", "role of the key")
	cmd.Flags().String("name", "", "officer's name or operator's company name")
	_ = cmd.MarkFlagRequired("role")
	_ = cmd.MarkFlagRequired("name")
}

func withKeyAndRole(cmd *cobra.Command, keyArg string, msg func(pub []byte, role envelope.Role, name string) envelope.Message) error {
	c, err := client.FromCommand(cmd)
	if err != nil {
		return err
	}
	pub, err := c.ResolvePubKey(keyArg)
	if err != nil {
		return err
	}
	roleName, _ := cmd.Flags().GetString("role")
	role, err := envelope.ParseRole(roleName)
	if err != nil {
		return err
	}
	name, _ := cmd.Flags().GetString("name")
	return client.RunTx(cmd, msg(pub, role, name))
}

func settingsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "settings [--time-zone ZONE] [--authority-confirms-only=true|false]",
		Short: "Set your participant's settings: its time zone, and who confirms receipt of its imports",
		Long: `Set your participant's settings (signed by an admin officer); settings not
given keep their value. --time-zone is the IANA name of the time zone in which
your officers type dates (an expiry date means the end of that day there);
"UTC" or "" for UTC. --authority-confirms-only: only your importing authority
confirms receipt of certificates to you (after physical verification), not
your importing companies.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := client.FromCommand(cmd)
			if err != nil {
				return err
			}
			p, err := SignerParticipant(cmd, c)
			if err != nil {
				return err
			}
			msg := &types.MsgSetSettings{TimeZone: p.TimeZone, AuthorityConfirmsOnly: p.AuthorityConfirmsOnly}
			if cmd.Flags().Changed("authority-confirms-only") {
				msg.AuthorityConfirmsOnly, _ = cmd.Flags().GetBool("authority-confirms-only")
			}
			if cmd.Flags().Changed("time-zone") {
				zone, _ := cmd.Flags().GetString("time-zone")
				if zone == "UTC" {
					zone = ""
				}
				if _, err := time.LoadLocation(zone); err != nil {
					return fmt.Errorf("--time-zone %q: %w", zone, err)
				}
				msg.TimeZone = zone
			}
			return client.RunTx(cmd, msg)
		},
	}
	cmd.Flags().String("time-zone", "", "IANA time zone name, e.g. Europe/Brussels (UTC: UTC)")
	cmd.Flags().Bool("authority-confirms-only", false, "only the importing authority confirms receipt, not importing companies")
	return cmd
}

// SignerParticipant is the participant of the --from key, as the ledger has
// it now.
func SignerParticipant(cmd *cobra.Command, c *client.Context) (*types.Participant, error) {
	address, err := c.ResolveAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	var key types.QueryKeyResponse
	if _, err := c.Query(cmd.Context(), types.QueryKey, &types.QueryKeyRequest{Address: address}, &key); err != nil {
		return nil, err
	}
	if key.Key.Participant == "" {
		return nil, fmt.Errorf("--from %s is not a participant's key", c.From)
	}
	var p types.QueryParticipantResponse
	if _, err := c.Query(cmd.Context(), types.QueryParticipant, &types.QueryParticipantRequest{Code: key.Key.Participant}, &p); err != nil {
		return nil, err
	}
	return &p.Participant, nil
}
