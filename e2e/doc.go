// Package e2e is the end-to-end suite: kpledger networks of kpd processes on
// 127.0.0.1 (testutil/network), driven through the kpd binary and the client
// library as authorities, companies and auditors would — a 4-validator
// network under concurrent writers with a validator killed and restarted,
// the plenary admitting, suspending and reinstating a validator, a new
// authority's node joining by state sync, a validator signing through a
// remote signer killed and restarted, a validator restored from a backup
// after its disk was lost, and the auditor's replay catching
// a tampered copy of the chain; a node's /metrics is scraped on the way.
package e2e
