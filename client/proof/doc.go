// Package proof lets a customs officer or an auditor check what a node
// answers without trusting the node: a store key's value, or its absence, is
// proved with ICS23 against the app hash of a header that CometBFT's light
// client verified from a trusted header — signed by more than two thirds of
// the authorities' validators — and that every witness node confirms.
//
// The trust root is a header the user holds (--trust-height/--trust-hash) or,
// by default, block 1 checked against the genesis document (HeaderOfGenesis):
// its chain-id, time, validators, their commit and the genesis state's app
// hash. A state at height H is proved against header H+1, so proofs are made
// at the latest height less one.
package proof
