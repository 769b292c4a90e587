package client

import (
	"encoding/csv"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/core/format"
)

// Print prints msg as JSON (-o json) or through text (-o text).
func (c *Context) Print(msg proto.Message, text func(w io.Writer)) error {
	return c.PrintTable(msg, text, nil)
}

// PrintTable prints msg as JSON, through text, or as CSV rows (-o csv; the
// first row is the header) when the command offers them.
func (c *Context) PrintTable(msg proto.Message, text func(w io.Writer), rows func() [][]string) error {
	if c.Output == OutputCSV {
		if rows == nil {
			return fmt.Errorf("-o csv is not available for this command (text or json)")
		}
		w := csv.NewWriter(c.Out)
		if err := w.WriteAll(rows()); err != nil {
			return err
		}
		w.Flush()
		return w.Error()
	}
	if c.JSON() {
		bz, err := format.MarshalJSON(msg)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(c.Out, string(bz))
		return err
	}
	text(c.Out)
	return nil
}

// Table writes aligned "key: value" rows or columns.
type Table struct{ w *tabwriter.Writer }

// NewTable starts a table on out.
func NewTable(out io.Writer) *Table { return &Table{w: tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)} }

// Row writes a "label: value" row.
func (t *Table) Row(label string, value any) { fmt.Fprintf(t.w, "%s:\t%v\n", label, value) }

// Columns writes a row of tab-separated cells.
func (t *Table) Columns(cells ...any) {
	for i, c := range cells {
		if i > 0 {
			fmt.Fprint(t.w, "\t")
		}
		fmt.Fprint(t.w, c)
	}
	fmt.Fprintln(t.w)
}

// Flush ends the table.
func (t *Table) Flush() { _ = t.w.Flush() }
