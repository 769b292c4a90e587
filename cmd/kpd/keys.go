package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/client/keyring"
)

func keysCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the signing keys of the keyring (--keyring-backend test|file, --keyring-dir)",
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "add NAME",
			Short: "Create a new ed25519 key",
			Args:  cobra.ExactArgs(1),
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, args []string) error {
				key, err := kr.Add(args[0])
				if err != nil {
					return err
				}
				return printKey(c, key)
			}),
		},
		&cobra.Command{
			Use:   "list",
			Short: "List the keys",
			Args:  cobra.NoArgs,
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, _ []string) error {
				keys, err := kr.List()
				if err != nil {
					return err
				}
				if c.JSON() {
					views := make([]keyView, len(keys))
					for i, k := range keys {
						views[i] = viewOf(k)
					}
					return printJSON(c.Out, views)
				}
				t := client.NewTable(c.Out)
				t.Columns("NAME", "ADDRESS", "PUBLIC KEY")
				for _, k := range keys {
					t.Columns(k.Name, k.Address, base64.StdEncoding.EncodeToString(k.PubKey))
				}
				t.Flush()
				return nil
			}),
		},
		&cobra.Command{
			Use:   "show NAME",
			Short: "Show a key's address and public key",
			Args:  cobra.ExactArgs(1),
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, args []string) error {
				key, err := kr.Show(args[0])
				if err != nil {
					return err
				}
				return printKey(c, key)
			}),
		},
		&cobra.Command{
			Use:   "delete NAME",
			Short: "Delete a key file",
			Args:  cobra.ExactArgs(1),
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, args []string) error {
				return kr.Delete(args[0])
			}),
		},
		&cobra.Command{
			Use:   "export NAME",
			Short: "Print a key's private key in hex (keep it secret)",
			Args:  cobra.ExactArgs(1),
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, args []string) error {
				priv, err := kr.PrivKey(args[0])
				if err != nil {
					return err
				}
				fmt.Fprintln(os.Stderr, "WARNING: this is the private key of", args[0]+"; whoever holds it signs as its owner.")
				fmt.Fprintln(c.Out, strings.ToUpper(hex.EncodeToString(priv)))
				return nil
			}),
		},
		&cobra.Command{
			Use:   "import NAME FILE",
			Short: "Store a hex private key (from `kpd keys export`; FILE - reads standard input)",
			Args:  cobra.ExactArgs(2),
			RunE: withKeyring(func(c *client.Context, kr *keyring.Keyring, args []string) error {
				var src io.Reader = c.In
				if args[1] != "-" {
					f, err := os.Open(args[1])
					if err != nil {
						return err
					}
					defer f.Close()
					src = f
				}
				bz, err := io.ReadAll(io.LimitReader(src, 1024))
				if err != nil {
					return err
				}
				priv, err := hex.DecodeString(strings.TrimSpace(strings.SplitN(string(bz), "\n", 2)[0]))
				if err != nil || len(priv) != ed25519.PrivateKeySize {
					return fmt.Errorf("%s: want a %d-byte ed25519 private key in hex", args[1], ed25519.PrivateKeySize)
				}
				key, err := kr.Import(args[0], ed25519.PrivKey(priv))
				if err != nil {
					return err
				}
				return printKey(c, key)
			}),
		},
	)
	return cmd
}

func withKeyring(run func(c *client.Context, kr *keyring.Keyring, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		c, err := client.FromCommand(cmd)
		if err != nil {
			return err
		}
		kr, err := c.Keyring()
		if err != nil {
			return err
		}
		return run(c, kr, args)
	}
}

type keyView struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	PubKey  string `json:"pub_key"`
}

func viewOf(k keyring.Key) keyView {
	return keyView{Name: k.Name, Address: k.Address, PubKey: base64.StdEncoding.EncodeToString(k.PubKey)}
}

func printKey(c *client.Context, k keyring.Key) error {
	if c.JSON() {
		return printJSON(c.Out, viewOf(k))
	}
	t := client.NewTable(c.Out)
	t.Row("name", k.Name)
	t.Row("address", k.Address)
	t.Row("public key", base64.StdEncoding.EncodeToString(k.PubKey))
	t.Flush()
	return nil
}

func printJSON(out io.Writer, v any) error {
	bz, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, string(bz))
	return err
}
