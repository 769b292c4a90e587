// Package lightchain serves an in-process apptest chain the way a CometBFT
// node's RPC would, for tests of what proves answers (client/proof) and of
// what shows them (client/web): light blocks signed by the fixture's four
// validators, /store/key answers with their ICS23 proofs, and each block's
// events. It grows as the test adds blocks, and it can lie: a node that
// edits answers, headers signed by other keys or edited before signing.
//
// As in CometBFT, header H holds the app hash of the state after block H-1;
// the chain's latest header is one past its last committed block, so that
// the state of that block can be proved. Block 1's header has the genesis
// time (HeaderOfGenesis checks it). The validator set is the fixture's, for
// good: a test that changes it by plenary decision cannot use this kit.
package lightchain
