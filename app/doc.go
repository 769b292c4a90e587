// Package app is kpledger's ABCI 2.0 application: it owns the IAVL tree, checks
// every transaction's envelope (decoding, chain-id, signer, sequence, role,
// signature), routes messages to the modules' keepers and answers queries.
//
// It knows the modules through core/module.Module (modules.go wires them, in
// the order their block work runs) and the participant registry through
// Registry (expected_keepers.go): who signed, and the validator set.
//
// When CometBFT calls what:
//
//   - InitChain: once, at genesis. Loads each module's app_state section and
//     refuses to start when genesis.json's validators differ from app_state's.
//   - CheckTx (NEW): decode, stateless checks, chain-id, signer, role, a
//     sequence not yet committed nor held by another transaction in the
//     mempool and at most SequenceWindow-1 past the signer's first missing one
//     (sequences.go), signature. A success is cached by sha256(tx) so that
//     FinalizeBlock verifies each signature once per node. RECHECK (after
//     each commit, for what is left in the mempool) repeats all of it but the
//     signature, keeps any sequence not yet committed — the mempool may hold
//     a signer's transactions out of sequence order — and evicts a
//     transaction that has waited GapCommits commits behind a missing
//     sequence. A NEW transaction refused as "unknown signer" or "sequence
//     skips ahead" — this node may not have applied the block that makes it
//     valid — is kept and handed back to the node after each of the next
//     three commits (RetriesReady, TakeRetries); the node re-checks it as
//     new, since CometBFT gossips a transaction to a peer only once
//     (retry.go).
//   - PrepareProposal: what fits and decodes, in mempool order but each
//     signer's transactions in sequence order, each sequence once, from the
//     signer's committed sequence up to its first missing one. ProcessProposal:
//     sizes, decodability, and each signer's sequences increasing within the
//     block — read from the block alone; a block with a gap is valid, and
//     FinalizeBlock refuses the transactions past it (code 13): strict
//     sequences are the consensus rule.
//   - FinalizeBlock, in the order of DESIGN §4: 1) the modules' block-time work
//     at the block time, 2) the transactions, each in its own write buffer,
//     3) end-of-block work and validator updates (the difference between the set
//     before and after the block). Returns the working tree's hash as app hash.
//   - Commit: IAVL SaveVersion (synced); the version is the height. Pruning
//     (when configured) spares the height a snapshot is exporting. The new
//     version is then published (its height, app hash, the first height this
//     node holds and the read-only tree to read it through) for queries.
//   - Info and Query, on the query connection, beside block execution: the
//     published version, read through a second, never-written tree on the
//     same database; Query answers DESIGN §4 paths at any kept height and
//     /store/key with ICS23 proofs. The metrics' state gauges read the same way.
//   - ListSnapshots / LoadSnapshotChunk: the state-sync snapshots this node
//     took (every Options.SnapshotInterval heights, after Commit, in the
//     background through the read-only tree; the last two kept) and their
//     chunks.
//   - OfferSnapshot / ApplySnapshotChunk: on a node joining by state sync,
//     the import of a peer's snapshot, each chunk checked against its sha256
//     and the rebuilt root against the trusted app hash before the last chunk
//     is accepted; then both trees reopen on the restored state (chain-id,
//     clock and validators read from it) and its height is published. Format
//     1 is described in snapshotformat.go. Such a node holds no height before
//     its snapshot: queries there answer "not on this node".
//
// A transaction whose envelope is refused changes nothing. Once the envelope is
// accepted (signature and sequence good, role allowed) the transaction consumes
// its sequence even if a message is then refused: the same signed bytes can
// never be replayed later. Its messages apply whole or not at all, each
// authorised by the signer's key as the earlier messages left it (a signer
// that revokes its own key cannot act in the next message).
//
// Pending sequences are the app's view of what CheckTx admitted: each
// signer's sequences with their transaction's hash, and the first missing
// one, which the sequence query answers as the signer's next. If CometBFT
// drops an admitted transaction before it reaches the mempool (the mempool
// filled up in between), the view holds it until the next commit; its
// client, told "mempool is full", sends the same bytes again, and CheckTx
// admits them.
//
// A failing database, a block at an unexpected height or a failing block-time
// or end-of-block work halts the app (Halted); the node then stops.
//
// Store keys outside the modules (DESIGN §3, public through /store/key):
//
//	0x00 0x01         → chain-id
//	0x00 0x02         → state-schema version (uint32, big-endian)
//	0x01 ADDRESS(20)  → next sequence of a signer (uint64, big-endian)
package app
