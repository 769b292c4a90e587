// Package statistics keeps the KP's statistics (Annex III) as a pure function
// of the ledger: trade per participant and quarter, kept by hooks on every
// certificate transition, and production per participant and half-year, as
// admin officers report it.
//
// Attribution (keeper/trade.go has the full rule): exports in the quarter of
// issue (a void takes them back out of it), imports in the quarter of receipt
// at the value received, rejections apart; one aggregate per dimension — HS
// code, origin, provenance (the last exporting participant), counterpart.
// Integers only: hundredths of a carat, US cents, certificate counts.
//
// Production reports: an admin officer of an active or suspended participant
// reports carats and US$ by mining type (alluvial, kimberlite, other) for a
// half-year that has begun; a second report is a correction and the earlier
// versions stay in state.
//
// Monitoring flags (keeper/monitoring.go; `kpd query monitoring`) are this
// module's too, as pure functions of the ledger: value discrepancies (a
// shipment received at a value far from its certificate's — mirror — or a
// US$/ct far from the previous quarter's reference — price), overdue
// confirmations with their outcome, and the participants that missed a
// production reporting deadline.
//
// Block-time work (BeginBlock, before the block's transactions, after the
// certificate module's): for every half-year whose reporting deadline
// (ProductionDeadlineMonths after its end) the block time has passed, record
// the active and suspended participants that had not reported it.
package statistics
