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
//
// A Session holds one verified header and proves any number of keys against
// it, and whole listings: Scan walks a key range by the proofs of absence of
// each record's immediate successor, whose right neighbour is the next record
// — ICS23 checks the two are neighbours in the tree, so nothing in between
// can be left out.
package proof
