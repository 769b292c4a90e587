// Package types holds the certificate module's wire and state formats
// (generated from proto/kpledger/certificate/v1), store keys, refusals (codes
// 200–299), parameters, the stateless checks of its messages, and what it needs
// of the participant module (expected_keepers.go).
package types
