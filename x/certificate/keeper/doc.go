// Package keeper holds the certificate module's state access, message
// handlers, block-time work and queries. One rule, one file: issue.go,
// lineage.go (where a certificate's goods come from), stock.go (stocks per
// participant and origin, opening-stock declarations), confirm.go (confirm,
// reject), release.go (release after remedy), void.go, custody.go (transfer,
// attest, re-seal), blocktime.go (overdue, expiry), embargo.go; routes.go
// registers the messages with the roles that may sign them, query.go the
// queries.
package keeper
