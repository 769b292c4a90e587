// Package keeper holds the participant module's state access, the message
// handlers for officer and operator keys (keys.go) and for a participant's
// own settings (settings.go), the membership changes plenary decisions make
// (membership.go), genesis and queries.
package keeper
