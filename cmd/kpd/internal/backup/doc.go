// Package backup writes a stopped node's home to one archive and restores it
// into a fresh home: the application state, CometBFT's block store, state and
// indexes, the configuration, genesis and the node key — everything a node
// needs to start where it stopped and catch up with the network.
//
// The validator key and its signing state are left out unless asked for: a
// restored copy of a validator key beside the running original is a double
// sign, and a signing state from the time of the backup is older than what
// the key has signed since. A validator's key is put back from its custody
// (or kept in a remote signer). Officers' keyrings are not node data and are
// left out too.
//
// The archive is a gzip-compressed tar: MANIFEST.json first (kpd's version,
// chain-id, height and app hash), then the home's files by path relative to
// it, each checked against its sha256 in the manifest on restore.
package backup
