// Package client holds the statistics module's commands: `kpd tx statistics
// report-production|follow-up`, `kpd query statistics trade|production|annual`
// and `kpd query monitoring ...`, as text, JSON or CSV (-o csv) for
// spreadsheets.
package client
