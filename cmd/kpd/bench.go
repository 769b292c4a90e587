package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/cmd/kpd/internal/bench"
)

func benchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure kpledger's throughput and commit latency side by side with CometBFT's kvstore",
		Long: `Start networks on 127.0.0.1 in temporary folders (1 validator at 100 ms
timeout_commit, 4 validators at 1 s; mempool 5000, kv indexer, log level info),
for kpledger and for CometBFT's kvstore example in turn, and drive the same
load generator against each: certificate lifecycles (issue, transfer,
confirm) for kpledger, ~250-byte key=value transactions for kvstore.

The load generator sends as a client would: each signer's transactions in
sequence order to one node, and a transaction refused because the node's
mempool is full is sent again after the next block. A full run finds each
saturation (the highest committed rate over two repetitions of an
offered-rate ladder of --step steps, the first --warmup dropped), then
measures commit latency at 50% and 90% of it, the committed rate offered
130% of it (past the knee a chain must not collapse), and looks
certificates up over RPC; replays the saturated chain and an empty-block
chain of 45 kp2005 validators with kpd audit replay; measures the storage a
certificate lifecycle costs; and measures throughput and lookups again with
--growth-certificates certificates in state. About an hour. --quick instead
climbs a short ladder (1.0, 1.2, 1.4, 1.6 ×) from the saturations of
--baseline (the last full run's JSON report) while the chain keeps up, then
offers 130% and 50% of the saturation it found, and replays the chain it
built (saying its size); its figures are indicative.

The report is written as JSON to --report and as Markdown next to it; the
targets are printed with PASS or FAIL.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kpd, err := os.Executable()
			if err != nil {
				return err
			}
			o := bench.Options{Kpd: kpd, Progress: cmd.ErrOrStderr()}
			o.Quick, _ = cmd.Flags().GetBool("quick")
			o.Step, _ = cmd.Flags().GetDuration("step")
			o.Warmup, _ = cmd.Flags().GetDuration("warmup")
			o.BasePort, _ = cmd.Flags().GetInt("base-port")
			o.GrowthCertificates, _ = cmd.Flags().GetInt("growth-certificates")
			path, _ := cmd.Flags().GetString("report")
			validators, _ := cmd.Flags().GetIntSlice("validators")
			for _, v := range validators {
				found := false
				for _, sc := range bench.Scenarios {
					if sc.Validators == v {
						o.Scenarios, found = append(o.Scenarios, sc), true
					}
				}
				if !found {
					return fmt.Errorf("--validators %d: the scenarios have 1 or 4", v)
				}
			}
			if o.Quick {
				baseline, _ := cmd.Flags().GetString("baseline")
				if o.Baseline, err = bench.LoadReport(baseline); err != nil {
					return fmt.Errorf("--quick needs the last full run's report: %w", err)
				}
				if !cmd.Flags().Changed("step") {
					o.Step = 15 * time.Second
				}
			}
			if o.Warmup >= o.Step {
				return fmt.Errorf("--warmup %s must be shorter than --step %s", o.Warmup, o.Step)
			}
			readme, _ := cmd.Flags().GetString("readme")
			if readme != "" {
				if o.Quick {
					return fmt.Errorf("--readme takes a full run's figures, not --quick's")
				}
				if err := bench.CheckReadme(readme); err != nil {
					return err
				}
			}
			report, err := bench.Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			if err := report.Write(path); err != nil {
				return err
			}
			if readme != "" {
				if err := bench.RewriteReadme(readme, report.ReadmeSection()); err != nil {
					return err
				}
			}
			fmt.Fprint(cmd.OutOrStdout(), report.TargetLines())
			fmt.Fprintf(cmd.OutOrStdout(), "report: %s and %s\n", path, bench.MarkdownPath(path))
			return nil
		},
	}
	cmd.Flags().String("report", "bench-report.json", "where to write the JSON report (the Markdown goes next to it, .md)")
	cmd.Flags().String("readme", "", "a README whose Performance section gets the full run's targets and CPU split, between its kpd bench markers")
	cmd.Flags().Bool("quick", false, "a short ladder above --baseline's saturations, then 130% and 50% of the saturation found (indicative)")
	cmd.Flags().String("baseline", "docs/bench/report.json", "the last full run's JSON report, for --quick")
	cmd.Flags().Duration("step", 30*time.Second, "duration of an offered-rate step (--quick: 15s)")
	cmd.Flags().Duration("warmup", 5*time.Second, "start of each step left out of its figures")
	cmd.Flags().IntSlice("validators", []int{1, 4}, "the scenarios to run, by validator count")
	cmd.Flags().Int("growth-certificates", 1_000_000, "certificates pre-filled for the growth measure (full run; 0: skip it)")
	cmd.Flags().Int("base-port", 29600, "first port of the bench networks")
	return cmd
}
