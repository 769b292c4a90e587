package client

import (
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/participant/types"
)

// TxCommand is `kpd tx participant`.
func TxCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "participant",
		Short: "Register, rotate and revoke officer and operator keys (signed by an admin officer)",
	}
	cmd.AddCommand(addOfficerCmd(), rotateOfficerCmd(), revokeOfficerCmd(), addOperatorCmd(), revokeOperatorCmd())
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
