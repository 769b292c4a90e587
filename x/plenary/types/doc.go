// Package types holds the plenary module's formats (generated from
// proto/kpledger/plenary/v1), store keys, query paths, events, refusals (codes
// 400–499) and what it needs of the participant, certificate and statistics
// modules (expected_keepers.go).
package types
