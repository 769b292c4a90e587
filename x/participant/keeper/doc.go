// Package keeper holds the participant module's state access, message
// handlers (msg_server.go), the membership changes plenary decisions make
// (membership.go), genesis and queries.
package keeper
