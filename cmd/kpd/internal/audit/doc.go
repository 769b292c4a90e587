// Package audit is the auditor's replay: it takes a node's chain (the node
// stopped, or a copy of its home) and proves it from genesis.
//
// For every block, Replay:
//  1. checks the chain itself: heights in order, LastBlockID linking to the
//     block before, the data, evidence and last-commit hashes of the header
//     (Block.ValidateBasic), the validator-set hashes, and the last commit
//     signed by more than two thirds of the validator set — derived from
//     genesis plus the app's own validator updates, never read from the node;
//  2. re-executes the block on a fresh app in a temporary folder, verifying
//     every transaction signature;
//  3. compares the resulting app hash and results hash with the next header,
//     with the results CometBFT's state recorded for that height, and with
//     the node's own application state where it still holds that height.
//
// Before the first block it reads every record of the node's application
// database (each must pass its checksum); after the last it reads the
// node's whole application state at that height and compares it range by
// range. A copy that holds fewer blocks than CometBFT's state or the app's
// tree proves the node committed, or than --to-height asks for, fails at
// the first missing height: damaged storage is never reported as a chain
// that replays.
//
// The first divergence stops the replay; where the node's application state
// still holds that height, the report names the modules whose key ranges
// differ. The replayed app stays open for the caller to query (statistics,
// export, trace) until Close.
package audit
