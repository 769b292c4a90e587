// Package types holds the participant module's wire and state formats (generated
// from proto/kpledger/participant/v1), its store keys, its refusals (codes
// 100–199) and the stateless checks of its messages.
package types
