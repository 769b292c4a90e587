package client

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/participant/types"
)

// QueryCommand is `kpd query participant`.
func QueryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "participant",
		Short: "Participants, observers, officers, operators and validators",
	}
	cmd.AddCommand(
		participantCmd(), listCmd(), observersCmd(), validatorsCmd(),
		keyCmd("key", types.QueryKey, "Show any registered key"),
		keyCmd("officer", types.QueryOfficer, "Show an officer's key"),
		keyCmd("operator", types.QueryOperator, "Show an operator's key"),
		keysCmd("officers", types.QueryOfficers, "List a participant's officers"),
		keysCmd("operators", types.QueryOperators, "List a participant's licensed operators"),
		exportKeysCmd(),
	)
	return cmd
}

func participantCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "participant CODE",
		Short: "Show a participant and its validator",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			code := types.NormalizeCode(args[0])
			if prove, _ := cmd.Flags().GetBool("prove"); prove {
				var p types.Participant
				return client.RunProvedQuery(cmd, append([]byte{types.StorePrefix}, types.ParticipantKey(code)...), "participant "+code, &p, nil,
					func(w io.Writer) { printParticipant(w, &p, nil) })
			}
			var resp types.QueryParticipantResponse
			return query(cmd, types.QueryParticipant, &types.QueryParticipantRequest{Code: code}, &resp, func(w io.Writer) {
				printParticipant(w, &resp.Participant, resp.Validator)
			})
		},
	}
	cmd.Flags().Bool("prove", false, "prove the participant's record against the authorities' signatures instead of trusting the node")
	client.AddProofFlags(cmd)
	return cmd
}

// printParticipant shows a participant; validator nil is shown only when
// known (a proved record has none).
func printParticipant(w io.Writer, p *types.Participant, validator *types.Validator) {
	t := client.NewTable(w)
	t.Row("code", p.Code)
	t.Row("name", p.Name)
	t.Row("kind", p.Kind.Name())
	t.Row("status", p.Status.Name())
	zone := p.TimeZone
	if zone == "" {
		zone = "UTC"
	}
	t.Row("time zone", zone)
	if p.NonProducer {
		t.Row("production", "none: it mines no rough diamonds")
	}
	if p.AuthorityConfirmsOnly {
		t.Row("confirmations", "by its importing authority only")
	}
	if p.GrandfatheredBefore != 0 {
		t.Row("grandfathered", "certificates it issued before "+format.Time(p.GrandfatheredBefore)+" may still be confirmed")
	}
	if validator != nil {
		t.Row("validator", fmt.Sprintf("%X (power %d)", validator.PubKey, validator.Power))
	}
	t.Flush()
}

func listCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every participant",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryParticipantsResponse
			return query(cmd, types.QueryParticipants, &types.QueryParticipantsRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("CODE", "KIND", "STATUS", "NAME")
				for _, p := range resp.Participants {
					t.Columns(p.Code, p.Kind.Name(), p.Status.Name(), p.Name)
				}
				t.Flush()
			})
		},
	}
}

func observersCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "observers",
		Short: "List the observers",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryObserversResponse
			return query(cmd, types.QueryObservers, &types.QueryObserversRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("CODE", "KIND", "NAME")
				for _, o := range resp.Observers {
					t.Columns(o.Code, o.Kind.Name(), o.Name)
				}
				t.Flush()
			})
		},
	}
}

func validatorsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validators",
		Short: "List the validator set as the ledger holds it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var resp types.QueryValidatorsResponse
			return query(cmd, types.QueryValidators, &types.QueryValidatorsRequest{}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("PARTICIPANT", "POWER", "ADDRESS")
				for _, v := range resp.Validators {
					t.Columns(v.Participant, v.Power, envelope.AddressHex(envelope.AddressOf(v.PubKey)))
				}
				t.Flush()
			})
		},
	}
}

func keyCmd(use, path, short string) *cobra.Command {
	cmd := &cobra.Command{
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
			if prove, _ := cmd.Flags().GetBool("prove"); prove {
				raw, err := types.ParseAddress(address)
				if err != nil {
					return err
				}
				var k types.RegisteredKey
				kind := func() error {
					switch {
					case path == types.QueryOfficer && !k.Role.IsOfficer():
						return types.ErrNotAnOfficer.Wrapf("%s is %s", address, k.Role.Name())
					case path == types.QueryOperator && !k.Role.IsOperator():
						return types.ErrNotAnOperator.Wrapf("%s is %s", address, k.Role.Name())
					}
					return nil
				}
				return client.RunProvedQuery(cmd, append([]byte{types.StorePrefix}, types.RegisteredKeyKey(raw)...), use+" "+address, &k, kind,
					func(w io.Writer) { printKey(w, &k) })
			}
			var resp types.QueryKeyResponse
			return query(cmd, path, &types.QueryKeyRequest{Address: address}, &resp, func(w io.Writer) {
				printKey(w, &resp.Key)
			})
		},
	}
	cmd.Flags().Bool("prove", false, "prove the key's registration against the authorities' signatures instead of trusting the node")
	client.AddProofFlags(cmd)
	return cmd
}

func keysCmd(use, path, short string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use + " CODE",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			revoked, _ := cmd.Flags().GetBool("include-revoked")
			var resp types.QueryKeysResponse
			return query(cmd, path, &types.QueryKeysRequest{Participant: types.NormalizeCode(args[0]), IncludeRevoked: revoked}, &resp, func(w io.Writer) {
				t := client.NewTable(w)
				t.Columns("ADDRESS", "ROLE", "STATUS", "ADDED", "NAME")
				for _, k := range resp.Keys {
					t.Columns(k.Address, k.Role.Name(), k.Status.Name(), k.AddedHeight, k.Name)
				}
				t.Flush()
			})
		},
	}
	cmd.Flags().Bool("include-revoked", false, "list revoked keys too")
	return cmd
}

func printKey(w io.Writer, k *types.RegisteredKey) {
	t := client.NewTable(w)
	t.Row("address", k.Address)
	t.Row("role", k.Role.Name())
	if k.Observer != "" {
		t.Row("observer", k.Observer)
	} else {
		t.Row("participant", k.Participant)
	}
	t.Row("name", k.Name)
	t.Row("status", k.Status.Name())
	t.Row("added at height", k.AddedHeight)
	if k.Status == types.KeyStatus_KEY_STATUS_REVOKED {
		t.Row("revoked at height", k.RevokedHeight)
	}
	if k.ReplacedBy != "" {
		t.Row("replaced by", k.ReplacedBy)
	}
	t.Row("public key", fmt.Sprintf("%X", k.PubKey))
	t.Flush()
}

func query(cmd *cobra.Command, path string, req client.Request, resp client.Answer, text func(io.Writer)) error {
	return client.RunQuery(cmd, path, req, resp, text)
}
