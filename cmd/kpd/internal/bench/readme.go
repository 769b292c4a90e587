package bench

import (
	"bytes"
	"fmt"
	"os"
)

// The README's Performance section holds, between these two lines, what the
// last full run measured; `kpd bench --readme` rewrites what lies between
// them and leaves the hand-written reading of the figures around them.
const (
	readmeBegin = "<!-- kpd bench: the last full run's figures, rewritten by make bench -->"
	readmeEnd   = "<!-- kpd bench: end -->"
)

// ReadmeSection is the part of the README a full run rewrites: when and
// where it ran, the targets, and the CPU split that explains them.
func (r *Report) ReadmeSection() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Measured with `kpd bench` (`make bench`) on %s on a %d-core %s machine with %d GiB (%s, %s), "+
		"kpledger beside CometBFT's kvstore in the same run, steps of %.0f s (the first %.0f s dropped). "+
		"The whole report, every step included, is [`docs/bench/report.md`](docs/bench/report.md) (JSON beside it).\n\n",
		r.Date.Format("2006-01-02 15:04 MST"), r.Machine.Cores, r.Machine.CPU, r.Machine.MemoryGB, r.Machine.Go, r.Machine.OS, r.StepSeconds, r.WarmupSeconds)
	b.WriteString("| target | want | got | result |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		result := t.Result
		if result == verdict(false) {
			result = "**" + result + "**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Want, t.Got, result)
	}
	b.WriteString("\nCPU seconds per second at saturation (2.0 = both cores; the app's share timed inside each ABCI call, " +
		"the rest is CometBFT, the databases' compactions and garbage collection):\n\n")
	b.WriteString("| scenario | app | committed tx/s | nodes | CometBFT and the rest | CheckTx | FinalizeBlock | Commit | load generator |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, m := range r.Measurements {
		if s := m.SaturationStep; s != nil {
			c := s.CPU
			fmt.Fprintf(&b, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
				m.Scenario, m.App, s.Committed, c.Nodes, c.CometBFT, c.CheckTx, c.FinalizeBlock, c.Commit, c.LoadGenerator)
		}
	}
	return b.Bytes()
}

// RewriteReadme replaces what lies between the bench markers of the README at
// path with section. A README without both markers, in order, is an error:
// the run never writes over text it did not write.
func RewriteReadme(path string, section []byte) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rewritten, err := spliceSection(text, section)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, rewritten, 0o644)
}

// CheckReadme reports, before a run of an hour, whether RewriteReadme will
// find the README's markers.
func CheckReadme(path string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if _, err := spliceSection(text, nil); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func spliceSection(text, section []byte) ([]byte, error) {
	begin := bytes.Index(text, []byte(readmeBegin))
	end := bytes.Index(text, []byte(readmeEnd))
	if begin < 0 || end < begin {
		return nil, fmt.Errorf("no %q line followed by %q to write the figures between", readmeBegin, readmeEnd)
	}
	var b bytes.Buffer
	b.Write(text[:begin+len(readmeBegin)])
	b.WriteString("\n\n")
	b.Write(bytes.TrimSpace(section))
	b.WriteString("\n\n")
	b.Write(text[end:])
	return b.Bytes(), nil
}
