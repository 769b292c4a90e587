// Package client holds the statistics module's commands: `kpd tx statistics
// report-production` and `kpd query statistics trade|production|annual`, as
// text, JSON or CSV (-o csv) for spreadsheets.
package client
