package client

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/kpledger/kpledger/client/keyring"
)

// Flag names shared by every command.
const (
	FlagHome           = "home"
	FlagNode           = "node"
	FlagChainID        = "chain-id"
	FlagKeyringBackend = "keyring-backend"
	FlagKeyringDir     = "keyring-dir"
	FlagOutput         = "output"
	FlagFrom           = "from"
	FlagTimeout        = "timeout"
	FlagHeight         = "height"
)

// Output formats.
const (
	OutputText = "text"
	OutputJSON = "json"
	// OutputCSV is offered by the tables (statistics, audit export).
	OutputCSV = "csv"
)

// DefaultHome is where kpd keeps a node's home and keyring: $KPD_HOME or ~/.kpd.
func DefaultHome() string {
	if h := os.Getenv("KPD_HOME"); h != "" {
		return h
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ".kpd"
	}
	return filepath.Join(home, ".kpd")
}

// AddGlobalFlags registers the flags every command reads.
func AddGlobalFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.String(FlagHome, DefaultHome(), "node home directory ($KPD_HOME)")
	f.String(FlagNode, "tcp://127.0.0.1:26657", "CometBFT RPC address of the node to talk to")
	f.String(FlagChainID, "", "chain-id (default: asked of the node)")
	f.String(FlagKeyringBackend, keyring.BackendTest, "keyring backend: test or file")
	f.String(FlagKeyringDir, "", "keyring directory (default: HOME/keyring)")
	f.StringP(FlagOutput, "o", OutputText, "output format: text or json (csv for tables)")
}

// AddTxFlags registers the flags of commands that sign.
func AddTxFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.String(FlagFrom, "", "name of the signing key in the keyring")
	f.Duration(FlagTimeout, 30*time.Second, "how long to wait for the transaction to be committed")
}

// AddQueryFlags registers the flags of commands that query state.
func AddQueryFlags(cmd *cobra.Command) {
	cmd.PersistentFlags().Int64(FlagHeight, 0, "query the state at this height (0: the latest)")
}

// Context is a command's view of its flags.
type Context struct {
	Home           string
	Node           string
	ChainID        string
	KeyringBackend string
	KeyringDir     string
	Output         string
	From           string
	Timeout        time.Duration
	Height         int64
	Out            io.Writer
	In             io.Reader

	rpc *rpchttp.HTTP
}

// FromCommand reads the context from a command's flags.
func FromCommand(cmd *cobra.Command) (*Context, error) {
	f := cmd.Flags()
	c := &Context{Out: cmd.OutOrStdout(), In: cmd.InOrStdin()}
	c.Home, _ = f.GetString(FlagHome)
	c.Node, _ = f.GetString(FlagNode)
	c.ChainID, _ = f.GetString(FlagChainID)
	c.KeyringBackend, _ = f.GetString(FlagKeyringBackend)
	c.KeyringDir, _ = f.GetString(FlagKeyringDir)
	c.Output, _ = f.GetString(FlagOutput)
	c.From, _ = f.GetString(FlagFrom)
	c.Timeout, _ = f.GetDuration(FlagTimeout)
	c.Height, _ = f.GetInt64(FlagHeight)
	if c.KeyringDir == "" {
		c.KeyringDir = filepath.Join(c.Home, "keyring")
	}
	if c.Output != OutputText && c.Output != OutputJSON && c.Output != OutputCSV {
		return nil, fmt.Errorf("--output %q: text, json or csv", c.Output)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	return c, nil
}

// JSON reports whether the output is JSON.
func (c *Context) JSON() bool { return c.Output == OutputJSON }

// Keyring opens the keyring; a file-backend passphrase is read from the
// terminal, or from the first line of standard input when it is not one.
func (c *Context) Keyring() (*keyring.Keyring, error) {
	return keyring.Open(c.KeyringBackend, c.KeyringDir, c.askPassphrase)
}

func (c *Context) askPassphrase(prompt string, confirm bool) (string, error) {
	if f, ok := c.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(os.Stderr, "%s: ", prompt)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if confirm {
			fmt.Fprint(os.Stderr, "repeat it: ")
			second, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(os.Stderr)
			if err != nil {
				return "", err
			}
			if string(first) != string(second) {
				return "", errors.New("the passphrases differ")
			}
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(c.In).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("%s: no passphrase on standard input", prompt)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// RPC returns the node's RPC client.
func (c *Context) RPC() (*rpchttp.HTTP, error) {
	if c.rpc == nil {
		rpc, err := rpchttp.New(c.Node)
		if err != nil {
			return nil, fmt.Errorf("node %s: %w", c.Node, err)
		}
		c.rpc = rpc
	}
	return c.rpc, nil
}

// ResolveChainID returns --chain-id, or asks the node.
func (c *Context) ResolveChainID(ctx context.Context) (string, error) {
	if c.ChainID != "" {
		return c.ChainID, nil
	}
	rpc, err := c.RPC()
	if err != nil {
		return "", err
	}
	status, err := rpc.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("ask node %s for its chain-id: %w", c.Node, err)
	}
	c.ChainID = status.NodeInfo.Network
	return c.ChainID, nil
}
