// Package store is the key-value view the modules see of the one IAVL tree
// (DESIGN §3), and the per-transaction write buffer above it.
//
//   - Tree adapts an iavl.MutableTree (FinalizeBlock) or ImmutableTree (CheckTx,
//     queries at a height) to KVStore.
//   - Buffer holds one transaction's writes; Write applies them to the parent in
//     sorted key order when the transaction succeeds, and a failed transaction's
//     buffer is simply dropped. The tree therefore sees the same writes in the same
//     order on every node.
//   - Prefix confines a module to its one-byte prefix.
//   - ReadCache remembers what one block read and wrote (FinalizeBlock), so a key
//     read again is a map lookup; its writes reach the tree at once, in order.
//
// A failing database is a broken invariant, not bad input: the adapters panic
// with a Failure, which the app lets through to stop the node.
package store
