// Package checked is int64 arithmetic that reports overflow instead of
// wrapping (reliability review D9): the ledger's sums of carats, values and
// counts use it, and a caller refuses — or, in block-time work that must not
// fail, saturates — rather than store a wrapped figure.
package checked
