// Package types holds the plenary module's formats (generated from
// proto/kpledger/plenary/v1), store keys, refusals (codes 400–499) and what it
// needs of the participant module (expected_keepers.go).
package types
