// Package genesis reads, edits and writes genesis.json with kpledger's
// app_state: the editing behind `kpd genesis add-*`, `kpd testnet init`, the
// kp2005 network builder and the test fixtures. Every edit keeps app_state's
// validators and genesis.json's validators equal (DESIGN §3). It is a tool
// beside the clients: it imports the modules' types and the app (for the
// AppVersion a new genesis carries), and nothing of the state machine imports
// it.
package genesis
