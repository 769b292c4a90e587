// Package envelope is the transaction contract every module shares (DESIGN §4):
// Tx{body_bytes, signature} around TxBody{chain_id, signer, sequence, messages},
// the signer's address (the 20 bytes of its ed25519 key's CometBFT address,
// upper-case hex in text), the roles a registered key may hold, the Signer a
// handler sees, and the sequence query (SequencePath).
//
// Sign bytes are the raw body_bytes. Both Tx and TxBody must be in canonical
// encoding — the bytes gogoproto's stable marshaler gives for the decoded value —
// so that one transaction has one encoding: unknown fields, duplicated fields and
// out-of-order fields are refused (ErrNonCanonical). Envelope refusals use codes
// 2–29 in codespace "app".
package envelope
