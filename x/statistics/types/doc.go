// Package types holds the statistics module's formats (generated from
// proto/kpledger/statistics/v1), store keys, refusals (codes 300–399), periods
// (quarters, half-years) and what it needs of other modules.
package types
