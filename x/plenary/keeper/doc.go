// Package keeper holds the plenary module's state, its messages (propose.go,
// vote.go, texts.go), its end-of-block work (tally.go, execute.go, safety.go),
// the KP bodies (bodies.go) and its queries.
package keeper
