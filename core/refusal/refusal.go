package refusal

import (
	"errors"
	"fmt"
	"sort"
)

// CodeInternal is the code of an error that is not a registered refusal: a bug
// or a failing machine, never the sender's fault.
const CodeInternal uint32 = 1

// Error is one registered refusal: the module that owns it, its code and the
// rule it names.
type Error struct {
	codespace string
	code      uint32
	reason    string
}

var registered = map[uint32]*Error{}

// Internal is the refusal that stands for every unregistered error.
var Internal = Register("app", CodeInternal, "internal error")

// Register records a refusal. It panics on a duplicate code: two rules sharing a
// code is a programming error caught when the binary starts.
func Register(codespace string, code uint32, reason string) *Error {
	if code == 0 {
		panic("refusal: code 0 means success")
	}
	if prev, ok := registered[code]; ok {
		panic(fmt.Sprintf("refusal: code %d registered twice (%s %q and %s %q)",
			code, prev.codespace, prev.reason, codespace, reason))
	}
	e := &Error{codespace: codespace, code: code, reason: reason}
	registered[code] = e
	return e
}

// Lookup returns the refusal registered under a code.
func Lookup(code uint32) (*Error, bool) {
	e, ok := registered[code]
	return e, ok
}

// All returns every registered refusal in code order (for the README's table).
func All() []*Error {
	all := make([]*Error, 0, len(registered))
	for _, e := range registered {
		all = append(all, e)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].code < all[j].code })
	return all
}

func (e *Error) Error() string     { return e.reason }
func (e *Error) Code() uint32      { return e.code }
func (e *Error) Codespace() string { return e.codespace }
func (e *Error) Reason() string    { return e.reason }

// Wrap adds the detail of one case to the refusal; errors.Is still finds it.
func (e *Error) Wrap(detail string) error {
	return &wrapped{refusal: e, detail: detail}
}

// Wrapf is Wrap with a format.
func (e *Error) Wrapf(format string, args ...any) error {
	return e.Wrap(fmt.Sprintf(format, args...))
}

type wrapped struct {
	refusal *Error
	detail  string
}

func (w *wrapped) Error() string { return w.refusal.reason + ": " + w.detail }
func (w *wrapped) Unwrap() error { return w.refusal }

// Of returns the refusal an error carries, or Internal when it carries none.
func Of(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal
}

// ABCIInfo returns what an ABCI response says of an error: codespace, code and log.
func ABCIInfo(err error) (codespace string, code uint32, log string) {
	e := Of(err)
	return e.codespace, e.code, err.Error()
}
