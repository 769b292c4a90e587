// Package keyring keeps the ed25519 keys officers, operators and observers sign
// with, one file per key in a directory (mode 0700, files 0600).
//
// Backends:
//   - "test": the private key in clear, for local networks and tests only.
//   - "file": the private key sealed with a passphrase (argon2id + XChaCha20-
//     Poly1305, see file.go), for real use.
//
// A key file is JSON: {"version", "name", "backend", "address", "pub_key", ...};
// the version field lets the format change without losing old keys.
package keyring
