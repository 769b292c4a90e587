package module

import "github.com/kpledger/kpledger/core/store"

// Gauge is one figure of the state for an operator's monitoring: kpd serves
// it as the Prometheus gauge kpledger_<Name>, with one label when Label is
// set (certificates by status, flags by rule).
type Gauge struct {
	Name, Help        string
	Label, LabelValue string
	Value             float64
}

// Gauger is a module that reports gauges of its state. Gauges reads a whole
// saved version: the app calls it on a read-only view, away from the block
// work, at most every minute, so it may scan the module's key range.
type Gauger interface {
	Gauges(s store.KVStore) []Gauge
}
