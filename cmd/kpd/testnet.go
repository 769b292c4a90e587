package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/app/genesis"
	"github.com/kpledger/kpledger/client/keyring"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/networks/kp2005"
	"github.com/kpledger/kpledger/networks/local"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

func testnetCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Build local test networks on 127.0.0.1",
	}
	init := &cobra.Command{
		Use:   "init --output DIR",
		Short: "Write the homes, keys and genesis of an N-validator network, and DIR/network.json",
		Long: `Write a test network to --output: one home per validator (node0, node1, ...),
a test keyring with the keys <code>-admin, <code>-issuer, <code>-customs
(importer-authority), <code>-exporter and <code>-importer of every participant
(lower-case code) and <code>-observer of every observer, one genesis.json
shared by all nodes, and network.json. Participants come from the 2005 KP list
(--kp2005: all of it, with its observers and the 2005 chair); the first
--validators voting participants run a validator. Node i listens on
127.0.0.1 ports P+10i (p2p), P+10i+1 (RPC) and P+10i+2 (kpd serve).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o testnetOptions
			f := cmd.Flags()
			o.Dir, _ = f.GetString("output")
			o.Validators, _ = f.GetInt("validators")
			o.BasePort, _ = f.GetInt("base-port")
			o.ChainID, _ = f.GetString("chain-id")
			o.EmptyBlockInterval, _ = f.GetDuration("empty-block-interval")
			o.TimeoutCommit, _ = f.GetDuration("timeout-commit")
			participants, _ := f.GetString("participants")
			observers, _ := f.GetString("observers")
			o.Participants, o.Observers = splitCodes(participants), splitCodes(observers)
			o.KP2005, _ = f.GetBool("kp2005")
			embargo, _ := f.GetString("embargo")
			o.Embargoes = splitCodes(embargo)
			n, err := initTestnet(o)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: chain %s, %d nodes, keyring %s\n",
				filepath.Join(o.Dir, local.FileName), n.ChainID, len(n.Nodes), n.KeyringDir)
			for _, nd := range n.Nodes {
				fmt.Fprintf(cmd.OutOrStdout(), "  %s  %s  rpc %s  home %s\n", nd.Name, nd.Participant, nd.RPC, nd.Home)
			}
			return nil
		},
	}
	f := init.Flags()
	f.String("output", "", "directory of the network (required)")
	f.Int("validators", 4, "number of validator nodes")
	f.String("participants", "BW,EU,ZA,RU", "participants (2005 KP codes), validators first")
	f.String("observers", "WDC", "observers (2005 KP codes)")
	f.String("embargo", "", "origins under embargo at genesis, e.g. CI")
	f.Bool("kp2005", false, "the whole 2005 network: every participant and observer of 2005, and the 2005 chair (overrides --participants and --observers)")
	f.Int("base-port", 26600, "first port; node i uses P+10i, P+10i+1, P+10i+2")
	f.String("chain-id", "kpledger-local", "chain-id")
	f.Duration("empty-block-interval", node.DefaultEmptyBlockInterval, "make an empty block after this long without transactions")
	f.Duration("timeout-commit", time.Second, "CometBFT timeout_commit: the delay between blocks")
	_ = init.MarkFlagRequired("output")

	start := &cobra.Command{
		Use:   "start --output DIR",
		Short: "Start every node of DIR/network.json in the background (logs and pid files in each home)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("output")
			wait, _ := cmd.Flags().GetDuration("wait")
			n, err := local.Load(dir)
			if err != nil {
				return err
			}
			kpd, err := os.Executable()
			if err != nil {
				return err
			}
			for i := range n.Nodes {
				nd := &n.Nodes[i]
				pid, err := nd.StartDetached(kpd)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "started %s (%s) pid %d, rpc %s, log %s\n", nd.Name, nd.Participant, pid, nd.RPC, nd.LogFile)
			}
			if wait <= 0 {
				return nil
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), wait)
			defer cancel()
			for i := range n.Nodes {
				if err := n.Nodes[i].WaitHeight(ctx, 1); err != nil {
					return fmt.Errorf("waiting for the first block: %w (see %s)", err, n.Nodes[i].LogFile)
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "every node has committed a block; stop with `kpd testnet stop --output %s`\n", dir)
			return nil
		},
	}
	start.Flags().String("output", "", "directory of the network (required)")
	start.Flags().Duration("wait", time.Minute, "wait until every node has committed a block (0: do not wait)")
	_ = start.MarkFlagRequired("output")

	stop := &cobra.Command{
		Use:   "stop --output DIR",
		Short: "Stop every node of DIR/network.json: SIGTERM, then SIGKILL after 10 s",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("output")
			n, err := local.Load(dir)
			if err != nil {
				return err
			}
			// Signal every node at once; each gets its own grace period.
			results := make([]string, len(n.Nodes))
			errs := make([]error, len(n.Nodes))
			var wg sync.WaitGroup
			for i := range n.Nodes {
				wg.Add(1)
				go func(nd *local.Node) {
					defer wg.Done()
					killed, err := nd.Stop(local.StopGrace)
					switch {
					case err != nil:
						errs[i] = fmt.Errorf("%s: %w", nd.Name, err)
					case killed:
						results[i] = fmt.Sprintf("killed %s after %s", nd.Name, local.StopGrace)
					default:
						results[i] = "stopped " + nd.Name
					}
				}(&n.Nodes[i])
			}
			wg.Wait()
			for _, r := range results {
				if r != "" {
					fmt.Fprintln(cmd.OutOrStdout(), r)
				}
			}
			return errors.Join(errs...)
		},
	}
	stop.Flags().String("output", "", "directory of the network (required)")
	_ = stop.MarkFlagRequired("output")

	cmd.AddCommand(init, start, stop)
	return cmd
}

type testnetOptions struct {
	Dir                               string
	ChainID                           string
	Validators, BasePort              int
	Participants, Observers           []string
	KP2005                            bool
	Embargoes                         []string
	EmptyBlockInterval, TimeoutCommit time.Duration
}

func splitCodes(s string) []string {
	var codes []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(strings.ToUpper(c)); c != "" {
			codes = append(codes, c)
		}
	}
	return codes
}

func initTestnet(o testnetOptions) (*local.Network, error) {
	if o.Validators < 1 {
		return nil, fmt.Errorf("--validators %d: at least 1", o.Validators)
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: remove it or choose another --output", o.Dir)
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	g, err := testnetRegistry(o)
	if err != nil {
		return nil, err
	}
	for _, origin := range o.Embargoes {
		reference := "testnet genesis"
		if origin == "CI" {
			reference = kp2005.CoteDIvoireResolution
		}
		if err := g.AddEmbargo(origin, reference); err != nil {
			return nil, err
		}
	}
	keyringDir := filepath.Join(dir, "keyring")
	kr, err := keyring.Open(keyring.BackendTest, keyringDir, nil)
	if err != nil {
		return nil, err
	}
	var voters []string
	for _, p := range g.Registry.Participants {
		for _, k := range participantKeys {
			name := strings.ToLower(p.Code) + "-" + k.suffix
			key, err := kr.Add(name)
			if err != nil {
				return nil, err
			}
			if err := g.AddKey(key.PubKey, k.role, p.Code, k.title+" of "+p.Name); err != nil {
				return nil, err
			}
		}
		if p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			voters = append(voters, p.Code)
		}
	}
	for _, obs := range g.Registry.Observers {
		key, err := kr.Add(strings.ToLower(obs.Code) + "-observer")
		if err != nil {
			return nil, err
		}
		if err := g.AddKey(key.PubKey, participanttypes.Role_ROLE_OBSERVER, obs.Code, obs.Name); err != nil {
			return nil, err
		}
	}
	if o.Validators > len(voters) {
		return nil, fmt.Errorf("--validators %d but only %d voting participants (%s)", o.Validators, len(voters), strings.Join(voters, ","))
	}

	n := &local.Network{ChainID: o.ChainID, KeyringDir: keyringDir, KeyringBackend: keyring.BackendTest}
	for i := 0; i < o.Validators; i++ {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		info, err := InitHome(home, fmt.Sprintf("node%d-%s", i, strings.ToLower(voters[i])), o.ChainID, o.EmptyBlockInterval, NetworkSettings{})
		if err != nil {
			return nil, err
		}
		if err := g.AddValidator(voters[i], info.ValidatorPubKey); err != nil {
			return nil, err
		}
		n.Nodes = append(n.Nodes, local.Node{
			Name: fmt.Sprintf("node%d", i), Participant: voters[i], Validator: true, Home: home, NodeID: info.NodeID,
			P2P: local.Address(local.P2PPort(o.BasePort, i)), RPC: local.Address(local.RPCPort(o.BasePort, i)),
			PidFile: filepath.Join(home, "kpd.pid"), LogFile: filepath.Join(home, "kpd.log"),
		})
	}
	for i, nd := range n.Nodes {
		if err := configureLocalNode(n, i, o); err != nil {
			return nil, err
		}
		if err := g.Save(filepath.Join(nd.Home, "config", "genesis.json")); err != nil {
			return nil, err
		}
	}
	if err := n.Save(dir); err != nil {
		return nil, err
	}
	return n, nil
}

// testnetRegistry is the network's genesis before keys and validators: the
// whole 2005 network (--kp2005), or the listed participants and observers.
func testnetRegistry(o testnetOptions) (*genesis.Genesis, error) {
	if o.KP2005 {
		return kp2005.Genesis(o.ChainID, time.Now())
	}
	g := genesis.New(o.ChainID, time.Now())
	for _, code := range o.Participants {
		p, ok := kp2005.LookupParticipant(code)
		if !ok {
			return nil, fmt.Errorf("participant %s is not in the 2005 KP list", code)
		}
		if err := g.AddParticipant(p.Code, p.Name, p.Kind); err != nil {
			return nil, err
		}
	}
	for _, code := range o.Observers {
		obs, ok := kp2005.LookupObserver(code)
		if !ok {
			return nil, fmt.Errorf("observer %s is not in the 2005 KP list", code)
		}
		if err := g.AddObserver(obs.Code, obs.Name, obs.Kind); err != nil {
			return nil, err
		}
	}
	return g, nil
}

var participantKeys = []struct {
	suffix, title string
	role          participanttypes.Role
}{
	{"admin", "Administrator", participanttypes.Role_ROLE_ADMIN},
	{"issuer", "Exporting Authority", participanttypes.Role_ROLE_ISSUER},
	{"customs", "Importing Authority", participanttypes.Role_ROLE_IMPORTER_AUTHORITY},
	{"exporter", "Licensed exporter", participanttypes.Role_ROLE_EXPORTER},
	{"importer", "Licensed importer", participanttypes.Role_ROLE_IMPORTER},
}

// configureLocalNode writes node i's config.toml and app.toml for loopback:
// its ports, every other node as a persistent peer.
func configureLocalNode(n *local.Network, i int, o testnetOptions) error {
	nd := n.Nodes[i]
	conf := node.CometConfig(nd.Home, fmt.Sprintf("node%d-%s", i, strings.ToLower(nd.Participant)), o.EmptyBlockInterval)
	conf.P2P.ListenAddress = nd.P2P
	conf.RPC.ListenAddress = nd.RPC
	conf.P2P.AllowDuplicateIP = true
	conf.P2P.AddrBookStrict = false
	conf.P2P.PexReactor = false
	conf.Consensus.TimeoutCommit = o.TimeoutCommit
	var peers []string
	for j, other := range n.Nodes {
		if j != i {
			peers = append(peers, other.NodeID+"@"+local.HostPort(other.P2P))
		}
	}
	conf.P2P.PersistentPeers = strings.Join(peers, ",")
	node.WriteCometConfig(conf)
	appConf := node.DefaultAppConfig()
	appConf.ServeAddress = fmt.Sprintf("127.0.0.1:%d", local.ServePort(o.BasePort, i))
	return node.WriteAppConfig(nd.Home, appConf)
}
