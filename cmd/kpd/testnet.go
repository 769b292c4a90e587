package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/cmd/kpd/internal/testnet"
	"github.com/kpledger/kpledger/networks/local"
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
(--kp2005: all of it, with its observers, chairs, bodies, the Moscow texts and
the 2004 figures: the state after the Moscow plenary; --before-moscow: as it
opened, Indonesia an applicant, Lebanon removed, 2006 not yet elected). The
first --validators voting participants run a validator (--kp2005: the 2005
Chair and Vice-Chair and the largest producers first), or those of
--validator-participants. --genesis-time sets the ledger's time at genesis
(--kp2005: the Moscow plenary's opening with --before-moscow, its close
otherwise) and --speed-up how fast it runs: the network's ledger time is
derived from block time (a test network only). Node i listens on 127.0.0.1
ports P+10i (p2p), P+10i+1 (RPC), P+10i+2 (kpd serve) and P+10i+3
(Prometheus metrics).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var o testnet.Options
			f := cmd.Flags()
			o.Dir, _ = f.GetString("output")
			o.Validators, _ = f.GetInt("validators")
			o.BasePort, _ = f.GetInt("base-port")
			o.ChainID, _ = f.GetString("chain-id")
			o.EmptyBlockInterval, _ = f.GetDuration("empty-block-interval")
			o.TimeoutCommit, _ = f.GetDuration("timeout-commit")
			o.SnapshotInterval, _ = f.GetInt64("snapshot-interval")
			o.StateGaugesInterval, _ = f.GetDuration("state-gauges-interval")
			participants, _ := f.GetString("participants")
			observers, _ := f.GetString("observers")
			o.Participants, o.Observers = testnet.SplitCodes(participants), testnet.SplitCodes(observers)
			o.KP2005, _ = f.GetBool("kp2005")
			o.BeforeMoscow, _ = f.GetBool("before-moscow")
			o.SpeedUp, _ = f.GetUint32("speed-up")
			validators, _ := f.GetString("validator-participants")
			o.ValidatorParticipants = testnet.SplitCodes(validators)
			if len(o.ValidatorParticipants) > 0 && !f.Changed("validators") {
				o.Validators = len(o.ValidatorParticipants)
			}
			if at, _ := f.GetString("genesis-time"); at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					if t, err = time.Parse("2006-01-02", at); err != nil {
						return fmt.Errorf("--genesis-time %q: a date (2005-11-15) or an RFC 3339 time", at)
					}
				}
				o.LedgerTime = t
			}
			embargo, _ := f.GetString("embargo")
			o.Embargoes = testnet.SplitCodes(embargo)
			issuerEmbargo, _ := f.GetString("issuer-embargo")
			o.IssuerEmbargoes = testnet.SplitCodes(issuerEmbargo)
			n, err := testnet.Init(o)
			if err != nil {
				return err
			}
			if lo, hi, ok := ephemeralPorts(); ok && o.BasePort <= hi && o.BasePort+10*len(n.Nodes) > lo {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: ports %d-%d overlap the system's ephemeral range %d-%d: a node may fail to listen when an outgoing connection holds its port; a --base-port of at most %d avoids it\n",
					o.BasePort, o.BasePort+10*len(n.Nodes)-1, lo, hi, lo-10*len(n.Nodes))
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
	f.String("issuer-embargo", "", "participants under an issuer embargo at genesis (their certificates refused), e.g. CI")
	f.Bool("kp2005", false, "the whole 2005 network after the Moscow plenary (overrides --participants and --observers)")
	f.Bool("before-moscow", false, "with --kp2005: the 2005 network as the Moscow plenary opens, to replay its decisions")
	f.String("genesis-time", "", "the ledger's time at genesis, 2005-11-15 or RFC 3339 (a test network's clock; --kp2005: the Moscow plenary)")
	f.Uint32("speed-up", 0, "seconds of ledger time per second of block time (a test network's clock; 0 or 1: real time)")
	f.String("validator-participants", "", "who validates, e.g. RU,BW,EU,ZA (sets --validators)")
	f.Int("base-port", 26600, "first port; node i uses P+10i to P+10i+3")
	f.String("chain-id", "kpledger-local", "chain-id")
	f.Duration("empty-block-interval", node.DefaultEmptyBlockInterval, "make an empty block after this long without transactions")
	f.Duration("timeout-commit", time.Second, "CometBFT timeout_commit: the delay between blocks")
	f.Int64("snapshot-interval", node.DefaultSnapshotInterval, "a state-sync snapshot every N heights (0: none)")
	f.Duration("state-gauges-interval", node.DefaultStateGaugesInterval, "read the metrics' state gauges at most this often")
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

// ephemeralPorts reads the range from which Linux picks the local port of
// outgoing connections; a node listening inside it can find its port taken.
func ephemeralPorts() (lo, hi int, ok bool) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0, false
	}
	if _, err := fmt.Sscan(string(b), &lo, &hi); err != nil {
		return 0, 0, false
	}
	return lo, hi, true
}
