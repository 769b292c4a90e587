package apptest

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/envelope"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of the scenario scripts a test runs")

// A scenario script is a KP workflow written as an officer would tell it,
// with what the ledger answered, in the style of etcd raft's datadriven
// tests. Directives are separated by blank lines; lines starting with # are
// comments. A directive is a command line, optional input lines, a line
// "----" and the expected output:
//
//	issue bw-issuer BW-2005-1 to=EU carats=1523.40 valid=30d
//	----
//	ok
//
//	confirm eu-importer BW-2005-1 carats=1523.41
//	----
//	refused 219 (certificate): parcels or carats received differ from the certificate: ...
//
// A transaction command (issue, confirm, propose, vote, ... — see
// scriptMessages) is one transaction in a block of its own; its output is
// "ok" or the refusal, then the block's own events (expiry, tallies, ...). A
// refused transaction must leave every module's state as it was. "block
// [+DURATION]" makes one block, after DURATION of quiet when given, of the
// transactions on its input lines; a line starting with "& " adds a message
// to the transaction of the line before, by the same signer. Queries (show,
// trace, proposal, participant, validators, embargoes) print what the ledger
// holds, addresses named by the chain's key names.
//
// RunScript compares the output with the file; `go test -rewrite` writes the
// output into the file instead, to be read and committed.

// directive is one command of a script and its expected output.
type directive struct {
	line     int    // of the command in the file
	before   string // comments and blank lines before the command, as read
	command  string
	input    []string
	expected string
	got      string
}

// RunScripts runs every script a glob names ("testdata/*.txt"), each as a
// subtest on a chain of its own from newChain.
func RunScripts(t *testing.T, glob string, newChain func(t testing.TB) *Chain) {
	t.Helper()
	scripts, err := filepath.Glob(glob)
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scenario script matches %s: %v", glob, err)
	}
	for _, path := range scripts {
		t.Run(filepath.Base(path), func(t *testing.T) {
			RunScript(t, newChain(t), path, nil)
		})
	}
}

// RunScript runs a script file on c, comparing each directive's output with
// the file. onBlock, when not nil, sees every block the script makes.
func RunScript(t *testing.T, c *Chain, path string, onBlock func(*abci.FinalizeBlockResponse)) {
	t.Helper()
	directives, trailer, err := readScript(path)
	if err != nil {
		t.Fatal(err)
	}
	r := &scriptRunner{c: c, onBlock: onBlock}
	for _, d := range directives {
		out, err := r.run(d)
		if err != nil {
			t.Fatalf("%s:%d: %s: %v", path, d.line, d.command, err)
		}
		d.got = out
		if !*rewrite && d.got != d.expected {
			t.Errorf("%s:%d: %s\n got:\n%s\nwant:\n%s", path, d.line, d.command, indent(d.got), indent(d.expected))
		}
	}
	if *rewrite {
		var b strings.Builder
		for _, d := range directives {
			b.WriteString(d.before)
			b.WriteString(d.command + "\n")
			for _, in := range d.input {
				b.WriteString(in + "\n")
			}
			b.WriteString("----\n")
			if d.got != "" {
				b.WriteString(d.got + "\n")
			}
		}
		b.WriteString(trailer)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// readScript splits a script into directives; trailer is what follows the
// last one.
func readScript(path string) (directives []*directive, trailer string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	const (
		outside = iota
		input
		output
	)
	state, pending := outside, ""
	var d *directive
	var out []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; scanner.Scan(); n++ {
		line := scanner.Text()
		switch state {
		case outside:
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				pending += line + "\n"
				continue
			}
			d = &directive{line: n, before: pending, command: line}
			pending, state = "", input
		case input:
			if line == "----" {
				state, out = output, nil
				continue
			}
			d.input = append(d.input, line)
		case output:
			if strings.TrimSpace(line) == "" {
				d.expected = strings.Join(out, "\n")
				directives = append(directives, d)
				pending, state = line+"\n", outside
				continue
			}
			out = append(out, line)
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, "", err
	}
	switch state {
	case input:
		return nil, "", fmt.Errorf("%s:%d: %q has no ---- line", path, d.line, d.command)
	case output:
		d.expected = strings.Join(out, "\n")
		directives = append(directives, d)
	}
	return directives, pending, nil
}

// scriptRunner runs directives on a chain.
type scriptRunner struct {
	c       *Chain
	onBlock func(*abci.FinalizeBlockResponse)
}

func (r *scriptRunner) run(d *directive) (string, error) {
	words, err := splitWords(d.command)
	if err != nil {
		return "", err
	}
	name, a := words[0], newArgs(words[1:])
	if name == "block" {
		return r.block(a, d.input)
	}
	if len(d.input) > 0 {
		return "", fmt.Errorf("only block takes input lines")
	}
	if query, ok := scriptQueries[name]; ok {
		out, err := query(r.c, a)
		if err != nil {
			return "", err
		}
		return out, a.done()
	}
	tx, err := r.transaction(name, a)
	if err != nil {
		return "", err
	}
	before := r.c.ModuleState()
	resp := r.finalize(r.c.Tx(tx.signer, tx.msgs...))
	res := resp.TxResults[0]
	if res.Code != 0 {
		for i, after := range r.c.ModuleState() {
			if after != before[i] {
				r.c.t.Errorf("line %d: a refused transaction changed the %s module's state", d.line, after.Module)
			}
		}
	}
	return joinLines(resultLine(res, tx.signer, r.c), blockEvents(r.c, resp)), nil
}

// scriptTx is a transaction of a script, to be signed when its block is made.
type scriptTx struct {
	signer string
	msgs   []envelope.Message
	label  string
}

// transaction builds a one-message transaction from a command.
func (r *scriptRunner) transaction(name string, a *args) (*scriptTx, error) {
	build, ok := scriptMessages[name]
	if !ok {
		return nil, fmt.Errorf("unknown command %q", name)
	}
	if len(a.positional) == 0 {
		return nil, fmt.Errorf("%s: the signer's key name comes first", name)
	}
	signer := a.positional[0]
	label := name + " " + strings.Join(a.positional, " ")
	a.positional = a.positional[1:]
	msgs, err := build(r.c, signer, a)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := a.done(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &scriptTx{signer: signer, msgs: msgs, label: label}, nil
}

// block makes one block of the transactions of its input lines.
func (r *scriptRunner) block(a *args, lines []string) (string, error) {
	if len(a.positional) > 1 {
		return "", fmt.Errorf("block takes at most a duration")
	}
	if len(a.positional) == 1 {
		quiet, err := parseDuration(strings.TrimPrefix(a.positional[0], "+"))
		if err != nil {
			return "", err
		}
		r.c.Skip(quiet)
	}
	if err := a.done(); err != nil {
		return "", err
	}
	var txs []*scriptTx
	for _, line := range lines {
		words, err := splitWords(strings.TrimPrefix(line, "& "))
		if err != nil {
			return "", err
		}
		tx, err := r.transaction(words[0], newArgs(words[1:]))
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(line, "& ") {
			if len(txs) == 0 || txs[len(txs)-1].signer != tx.signer {
				return "", fmt.Errorf("%q adds to a transaction of another signer", line)
			}
			last := txs[len(txs)-1]
			last.msgs = append(last.msgs, tx.msgs...)
			last.label += " & " + tx.label
			continue
		}
		txs = append(txs, tx)
	}
	raw := make([][]byte, len(txs))
	for i, tx := range txs {
		raw[i] = r.c.Tx(tx.signer, tx.msgs...)
	}
	resp := r.finalize(raw...)
	lines = nil
	for i, tx := range txs {
		lines = append(lines, tx.label+": "+resultLine(resp.TxResults[i], tx.signer, r.c))
	}
	return joinLines(append(lines, blockEvents(r.c, resp))...), nil
}

// finalize makes and commits a block of txs.
func (r *scriptRunner) finalize(txs ...[]byte) *abci.FinalizeBlockResponse {
	resp := r.c.Block(txs...)
	if r.onBlock != nil {
		r.onBlock(resp)
	}
	return resp
}

// resultLine says what became of a transaction: ok, or its refusal. A
// transaction refused before it consumed its sequence (by the envelope, or
// a message's stateless checks) leaves the signer's next sequence where the
// ledger has it.
func resultLine(res *abci.ExecTxResult, signer string, c *Chain) string {
	if res.Code == 0 {
		return "ok"
	}
	if _, known := c.keys[signer]; known {
		c.SetSequence(signer, c.CommittedSequence(signer))
	}
	return fmt.Sprintf("refused %d (%s): %s", res.Code, res.Codespace, c.NamedIn(res.Log))
}

// blockEvents renders the events of a block's own work (block time, end of
// block): what happened without a transaction.
func blockEvents(c *Chain, resp *abci.FinalizeBlockResponse) string {
	var lines []string
	for _, e := range resp.Events {
		line := e.Type
		for _, attr := range e.Attributes {
			if attr.Key == "action" {
				line += " " + attr.Value
			}
		}
		for _, attr := range e.Attributes {
			if attr.Key != "action" {
				line += " " + attr.Key + "=" + c.Named(attr.Value)
			}
		}
		lines = append(lines, line)
	}
	return joinLines(lines...)
}

func joinLines(lines ...string) string {
	var kept []string
	for _, l := range lines {
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
