// Package core is kpledger's foundation: what the app and every module share,
// importing nothing else of the project.
//
//   - core/envelope: the transaction contract — the signed Tx and TxBody,
//     addresses, roles, the signer a handler sees, the sequence query.
//   - core/module: the contract between the app and a module — the Module
//     interface, the Context a handler runs in, the message and query routers.
//   - core/store: the key-value view of the one IAVL tree, the per-transaction
//     write buffer, prefix stores, proto records.
//   - core/refusal: refusal codes unique across the app.
//   - core/format: how people read the ledger — JSON with units, hundredths,
//     times, the names of enum values.
//   - core/checked: int64 arithmetic that reports overflow instead of
//     wrapping, for the ledger's sums.
//
// The import graph runs one way, in the order the data flows:
//
//	cmd → client, genesis, networks → app → x (modules) → core
//
// with the test kits (app/apptest, testutil, e2e) above everything.
// TestLayers fails when an import runs back up.
package core
