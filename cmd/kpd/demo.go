package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/networks/local"
)

func demoCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Start a 4-validator network (BW, ZA, RU, EU) and walk through the life of KP certificates",
		Long: `Start a fresh 4-validator network on 127.0.0.1 (Botswana, South Africa, the
Russian Federation and the European Community, Côte d'Ivoire's origin under
embargo) in --output, then walk through, with the kpd commands an officer would
type: a Botswana → European Community shipment (issue, transfer, confirm); an
EU re-export to South Africa drawing on it; a void with a replacement; a
shipment detained and returned; a late confirmation with its date of receipt;
a certificate refused for an embargoed origin; and a mass-balance flag, explained. The network keeps running
afterwards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, _ := cmd.Flags().GetString("output")
			base, _ := cmd.Flags().GetInt("base-port")
			kpd, err := os.Executable()
			if err != nil {
				return err
			}
			d := &demo{kpd: kpd, dir: dir, out: cmd.OutOrStdout()}
			return d.run(base)
		},
	}
	cmd.Flags().String("output", "demo", "directory of the demo network (recreated)")
	cmd.Flags().Int("base-port", 28600, "first port (a localnet uses 26600)")
	return cmd
}

type demo struct {
	kpd, dir string
	out      io.Writer
	network  *local.Network
}

// say prints a narration line.
func (d *demo) say(format string, args ...any) {
	fmt.Fprintf(d.out, "\n# "+format+"\n", args...)
}

// kpdAt runs kpd against node i, printing the command and its output; want
// says whether it should succeed.
func (d *demo) kpdAt(node int, want bool, args ...string) (string, error) {
	nd := d.network.Nodes[node]
	full := append(args, "--keyring-dir", d.network.KeyringDir, "--node", nd.RPC)
	fmt.Fprintf(d.out, "$ kpd %s   # via %s (%s)\n", strings.Join(quoteArgs(args), " "), nd.Name, nd.Participant)
	var buf bytes.Buffer
	c := exec.Command(d.kpd, full...)
	c.Stdout, c.Stderr = &buf, &buf
	err := c.Run()
	out := buf.String()
	fmt.Fprint(d.out, indent(out))
	switch {
	case want && err != nil:
		return out, fmt.Errorf("kpd %s failed: %v", strings.Join(args, " "), err)
	case !want && err == nil:
		return out, fmt.Errorf("kpd %s should have been refused", strings.Join(args, " "))
	}
	return out, nil
}

func (d *demo) run(base int) error {
	if n, err := local.Load(d.dir); err == nil {
		for i := range n.Nodes {
			_, _ = n.Nodes[i].Stop(local.StopGrace)
		}
	}
	if err := os.RemoveAll(d.dir); err != nil {
		return err
	}
	d.say("A fresh network of four validators on 127.0.0.1: BW, ZA, RU, EU; origin CI under embargo. Its ledger clock\n" +
		"#  starts two minutes before the end of June 2005, so that the first half-year ends during the demo.")
	for _, args := range [][]string{
		{"testnet", "init", "--output", d.dir, "--validators", "4", "--participants", "BW,ZA,RU,EU", "--observers", "WDC",
			"--base-port", fmt.Sprint(base), "--chain-id", "kpledger-demo", "--embargo", "CI", "--genesis-time", demoGenesis, "--timeout-commit", "500ms",
			"--empty-block-interval", "2s"},
		{"testnet", "start", "--output", d.dir},
	} {
		fmt.Fprintf(d.out, "$ kpd %s\n", strings.Join(args, " "))
		c := exec.Command(d.kpd, args...)
		out, err := c.CombinedOutput()
		fmt.Fprint(d.out, indent(string(out)))
		if err != nil {
			return err
		}
	}
	var err error
	if d.network, err = local.Load(d.dir); err != nil {
		return err
	}
	const bw, za, ru, eu = 0, 1, 2, 3
	steps := []func() error{
		func() error {
			d.say("1. Botswana's Exporting Authority validates a certificate for a shipment to the European Community.")
			_, err := d.kpdAt(bw, true, "tx", "certificate", "issue", "BW-2005-000101", "--origin", "BW", "--destination", "EU",
				"--exporter", "bw-exporter", "--importer", "eu-importer", "--carats", "1523.40", "--value", "245000.00",
				"--parcels", "3", "--hs", "7102.31", "--expires", "30d", "--seal", "BW-SEAL-0042", "--port", "Gaborone", "--from", "bw-issuer")
			return err
		},
		func() error {
			d.say("   The exporter hands the sealed container to the EU importer, quoting the seal.")
			_, err := d.kpdAt(bw, true, "tx", "certificate", "transfer", "BW-2005-000101", "--to", "eu-importer",
				"--seal", "BW-SEAL-0042", "--carrier", "Air Botswana Cargo", "--from", "bw-exporter")
			return err
		},
		func() error {
			d.say("   The importer in the EU confirms receipt: parcels and carats match; the value found is US$ 244,000.")
			_, err := d.kpdAt(eu, true, "tx", "certificate", "confirm", "BW-2005-000101", "--parcels", "3", "--carats", "1523.40",
				"--value", "244000.00", "--from", "eu-importer")
			return err
		},
		func() error {
			d.say("   Every node holds the same record; here, South Africa's node.")
			_, err := d.kpdAt(za, true, "query", "certificate", "show", "BW-2005-000101")
			return err
		},
		func() error {
			d.say("2. The EU re-exports 600 carats of that parcel to South Africa: the certificate cites its parent.")
			_, err := d.kpdAt(eu, true, "tx", "certificate", "issue", "EU-2005-000201", "--origin", "BW", "--destination", "ZA",
				"--exporter", "eu-exporter", "--importer", "za-importer", "--carats", "600.00", "--value", "98000.00",
				"--parcels", "1", "--hs", "7102.31", "--expires", "20d", "--parent", "BW-2005-000101:600", "--from", "eu-issuer")
			return err
		},
		func() error {
			d.say("   Drawing more than is left of the parent is refused.")
			_, err := d.kpdAt(eu, false, "tx", "certificate", "issue", "EU-2005-000202", "--origin", "BW", "--destination", "ZA",
				"--exporter", "eu-exporter", "--importer", "za-importer", "--carats", "1000.00", "--value", "150000.00",
				"--parcels", "1", "--hs", "7102.31", "--expires", "20d", "--parent", "BW-2005-000101:1000", "--from", "eu-issuer")
			return err
		},
		func() error {
			d.say("   South Africa's customs confirm; the provenance tree runs from Botswana to South Africa.")
			if _, err := d.kpdAt(za, true, "tx", "certificate", "confirm", "EU-2005-000201", "--parcels", "1", "--carats", "600",
				"--value", "98000", "--from", "za-customs"); err != nil {
				return err
			}
			_, err := d.kpdAt(za, true, "query", "certificate", "trace", "BW-2005-000101")
			return err
		},
		func() error {
			d.say("3. A transposition error: Botswana issues the corrected certificate, then voids the wrong one, naming its replacement.")
			common := []string{"--origin", "BW", "--destination", "RU", "--exporter", "bw-exporter", "--importer", "ru-importer",
				"--parcels", "2", "--hs", "7102.21", "--expires", "30d", "--from", "bw-issuer"}
			if _, err := d.kpdAt(bw, true, append([]string{"tx", "certificate", "issue", "BW-2005-000102", "--carats", "801.25", "--value", "48000"}, common...)...); err != nil {
				return err
			}
			if _, err := d.kpdAt(bw, true, append([]string{"tx", "certificate", "issue", "BW-2005-000103", "--carats", "810.25", "--value", "48000"}, common...)...); err != nil {
				return err
			}
			if _, err := d.kpdAt(bw, true, "tx", "certificate", "void", "BW-2005-000102", "--reason", "transposition-error",
				"--replaced-by", "BW-2005-000103", "--from", "bw-issuer"); err != nil {
				return err
			}
			_, err := d.kpdAt(ru, true, "query", "certificate", "list", "--issuer", "BW")
			return err
		},
		func() error {
			d.say("   A voided number is never used again.")
			_, err := d.kpdAt(bw, false, "tx", "certificate", "issue", "BW-2005-000102", "--origin", "BW", "--destination", "RU",
				"--exporter", "bw-exporter", "--importer", "ru-importer", "--carats", "801.25", "--value", "48000",
				"--parcels", "2", "--hs", "7102.21", "--expires", "30d", "--from", "bw-issuer")
			return err
		},
		func() error {
			d.say("4. The Russian Federation ships to South Africa; South Africa's customs find the seal broken and detain the shipment.")
			if _, err := d.kpdAt(ru, true, "tx", "certificate", "issue", "RU-2005-000301", "--origin", "RU", "--destination", "ZA",
				"--exporter", "ru-exporter", "--importer", "za-importer", "--carats", "2210.00", "--value", "310000",
				"--parcels", "4", "--hs", "7102.31", "--expires", "30d", "--seal", "RU-77-1042", "--from", "ru-issuer"); err != nil {
				return err
			}
			if _, err := d.kpdAt(za, true, "tx", "certificate", "reject", "RU-2005-000301", "--reason", "seal-broken",
				"--note", "container seal RU-77-1042 cut on arrival", "--from", "za-customs"); err != nil {
				return err
			}
			d.say("   The goods go back to Moscow: Russia voids the certificate as shipment-returned, which takes the export out of its statistics.")
			if _, err := d.kpdAt(ru, true, "tx", "certificate", "void", "RU-2005-000301", "--reason", "shipment-returned",
				"--note", "returned to Moscow under customs seal", "--from", "ru-issuer"); err != nil {
				return err
			}
			_, err := d.kpdAt(za, true, "query", "certificate", "show", "RU-2005-000301")
			return err
		},
		func() error {
			d.say("   Only an importing authority detains goods: South Africa's importing company may not.")
			if _, err := d.kpdAt(ru, true, "tx", "certificate", "issue", "RU-2005-000302", "--origin", "RU", "--destination", "ZA",
				"--exporter", "ru-exporter", "--importer", "za-importer", "--carats", "150.00", "--value", "21000",
				"--parcels", "1", "--hs", "7102.31", "--expires", "30d", "--from", "ru-issuer"); err != nil {
				return err
			}
			_, err := d.kpdAt(za, false, "tx", "certificate", "reject", "RU-2005-000302", "--reason", "mismatch", "--from", "za-importer")
			return err
		},
		func() error {
			d.say("5. A late confirmation. Botswana certifies a parcel valid 20 seconds; it reaches Antwerp in time, but the EU's\n" +
				"#    customs key the confirmation in after the certificate expired, with the date of receipt and their reference.")
			if _, err := d.kpdAt(bw, true, "tx", "certificate", "issue", "BW-2005-000105", "--origin", "BW", "--destination", "EU",
				"--exporter", "bw-exporter", "--importer", "eu-importer", "--carats", "310.00", "--value", "41000",
				"--parcels", "1", "--hs", "7102.31", "--expires", "20s", "--from", "bw-issuer"); err != nil {
				return err
			}
			issued, err := d.issuedAt(eu, "BW-2005-000105")
			if err != nil {
				return err
			}
			if err := d.awaitStatus(eu, "BW-2005-000105", "CERTIFICATE_STATUS_EXPIRED", time.Minute); err != nil {
				return err
			}
			received := issued.Add(5 * time.Second).UTC().Format(time.RFC3339)
			if _, err := d.kpdAt(eu, true, "tx", "certificate", "confirm", "BW-2005-000105", "--parcels", "1", "--carats", "310.00",
				"--value", "41000", "--received", received, "--reference", "BE-ANT-2005-0771", "--from", "eu-customs"); err != nil {
				return err
			}
			_, err = d.kpdAt(bw, true, "query", "certificate", "show", "BW-2005-000105")
			return err
		},
		func() error {
			d.say("6. Côte d'Ivoire's origin is under embargo: a certificate citing it is refused.")
			if _, err := d.kpdAt(bw, true, "query", "certificate", "embargoes"); err != nil {
				return err
			}
			_, err := d.kpdAt(bw, false, "tx", "certificate", "issue", "BW-2005-000104", "--origin", "CI", "--destination", "EU",
				"--exporter", "bw-exporter", "--importer", "eu-importer", "--stock", "CI:120.00", "--value", "9000",
				"--parcels", "1", "--hs", "7102.10", "--expires", "30d", "--from", "bw-issuer")
			return err
		},
		func() error {
			d.say("7. The mass balance. Once the first half of 2005 has ended, Botswana reports its production: 1,000 carats.\n" +
				"#    It certified more of its own goods in that half-year than it reported producing: the Working Group on\n" +
				"#    Statistics' mass-balance check (exports ≤ production + imports + opening stock) flags it.")
			if err := d.awaitLedger(bw, time.Date(2005, 7, 1, 0, 0, 0, 0, time.UTC), 4*time.Minute); err != nil {
				return err
			}
			if _, err := d.kpdAt(bw, true, "tx", "statistics", "report-production", "--year", "2005", "--half", "1",
				"--kimberlite-carats", "1000.00", "--kimberlite-value", "120000.00", "--from", "bw-admin"); err != nil {
				return err
			}
			if _, err := d.kpdAt(bw, true, "query", "monitoring", "mass-balance", "--year", "2005", "--flagged"); err != nil {
				return err
			}
			d.say("   Botswana's admin officer explains the flag; the explanation stays in the flag's history.")
			if _, err := d.kpdAt(bw, true, "tx", "statistics", "follow-up", "mass-balance", "2005", "--origins", "BW",
				"--status", "explained", "--note", "exports drew on run-of-mine stock of 2004: its declaration follows", "--from", "bw-admin"); err != nil {
				return err
			}
			_, err := d.kpdAt(bw, true, "query", "monitoring", "mass-balance", "--year", "2005", "--participant", "BW")
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	abs, _ := filepath.Abs(d.dir)
	d.say("The network keeps running (logs in %s/node*/kpd.log). Try more commands, e.g.\n#   kpd --keyring-dir %s/keyring --node %s query certificate show EU-2005-000201\n# Stop it with:  make demo-stop   (or: kpd testnet stop --output %s)",
		abs, abs, d.network.Nodes[0].RPC, d.dir)
	return nil
}

// demoGenesis is the demo ledger's time at genesis: shortly before the end of
// 2005's first half-year.
const demoGenesis = "2005-06-30T23:58:00Z"

// awaitLedger polls node i until the ledger time of its latest block is at
// or after t.
func (d *demo) awaitLedger(node int, t time.Time, limit time.Duration) error {
	d.say("   (waiting for the ledger's clock to pass %s)", t.Format(time.RFC3339))
	c := &client.Context{Node: d.network.Nodes[node].RPC}
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(time.Second) {
		if now, err := c.LatestLedgerTime(context.Background()); err == nil && !now.Before(t) {
			return nil
		}
	}
	return fmt.Errorf("the ledger did not reach %s within %s", t.Format(time.RFC3339), limit)
}

// issuedAt is the time a certificate was issued, as node i answers.
func (d *demo) issuedAt(node int, number string) (time.Time, error) {
	var cert struct {
		Certificate struct {
			IssuedAt time.Time `json:"issued_at"`
		} `json:"certificate"`
	}
	out, err := d.query(node, "query", "certificate", "show", number, "-o", "json")
	if err != nil {
		return time.Time{}, err
	}
	if err := json.Unmarshal([]byte(out), &cert); err != nil {
		return time.Time{}, fmt.Errorf("%s: %v", number, err)
	}
	return cert.Certificate.IssuedAt, nil
}

// awaitStatus polls node i until a certificate has a status (its JSON name).
func (d *demo) awaitStatus(node int, number, status string, limit time.Duration) error {
	d.say("   (waiting for the ledger to expire %s)", number)
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(time.Second) {
		out, err := d.query(node, "query", "certificate", "show", number, "-o", "json")
		if err == nil && strings.Contains(out, `"`+status+`"`) {
			return nil
		}
	}
	return fmt.Errorf("%s did not become %s within %s", number, status, limit)
}

// query runs kpd against node i without printing it.
func (d *demo) query(node int, args ...string) (string, error) {
	nd := d.network.Nodes[node]
	out, err := exec.Command(d.kpd, append(args, "--keyring-dir", d.network.KeyringDir, "--node", nd.RPC)...).Output()
	return string(out), err
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " '\"") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}
