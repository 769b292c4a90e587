// Package keeper holds the statistics module's state, the hooks that keep the
// trade figures as certificates move (trade.go), production reports
// (production.go), monitoring flags and the reporting deadlines' block-time
// work (monitoring.go), queries, and the rule for sums that would overflow
// (sums.go).
package keeper
