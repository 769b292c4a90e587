// Package node runs a kpledger validator or full node: CometBFT in-process
// (node.NewNode with local clients, queries beside block execution:
// ConcurrentQueries) around the app, configured by the home's
// config/config.toml (CometBFT's) and config/app.toml (the app's), and stopped
// gracefully — CometBFT first, then the IAVL tree and its database. After
// each commit it hands the transactions the app refused only because this
// node had not yet applied a block back to the mempool (app.TakeRetries).
package node
