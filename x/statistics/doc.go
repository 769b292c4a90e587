// Package statistics keeps the KP's statistics (Annex III) as a pure function
// of the ledger: trade per participant and quarter, kept by hooks on every
// certificate transition, and production per participant and half-year, as
// admin officers report it.
//
// Attribution (keeper/trade.go has the full rule): exports in the quarter of
// issue (a void takes them back out of it), imports in the quarter of receipt
// at the value received, rejections apart; one aggregate per dimension — HS
// code (line by line), origin, provenance (the last exporting participant),
// counterpart.
// Integers only: hundredths of a carat, US cents, certificate counts. Every
// sum is checked (keeper/sums.go, reliability review D9): a transaction that
// would wrap one is refused (code 313), block-time work saturates and says
// so (a sum_saturated event).
//
// Production reports: an admin officer of an active or suspended participant
// reports carats and US$ by mining type (alluvial, kimberlite, other) for a
// half-year that has ended; a second report is a correction and the earlier
// versions stay in state.
//
// Monitoring flags (keeper/monitoring.go; `kpd query monitoring`) are this
// module's too, as pure functions of the ledger: value discrepancies (a
// shipment received at a value far from its certificate's — mirror — or a
// US$/ct far from the previous quarter's reference — price), overdue
// confirmations (from the arrival at the importer's side) and certificates
// that expired never confirmed, with their outcome and each destination's
// counts, the producers that missed a production reporting deadline, and the
// mass balance per participant, origin set and year (keeper/massbalance.go).
// Flags have a follow-up by the flagged participant's admin officer
// (keeper/followup.go).
//
// Block-time work (BeginBlock, before the block's transactions, after the
// certificate module's): for every half-year whose reporting deadline
// (ProductionDeadlineMonths after its end) the block time has passed, record
// the active and suspended producers that had not reported it.
package statistics
