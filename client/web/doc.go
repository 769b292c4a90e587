// Package web is `kpd serve`: read-only pages and a JSON API over a node's
// RPC for customs officers, observers and the KP's Working Groups, every
// answer proved before it is shown.
//
// Proofs. Each answer is read in a proof session (client/proof): the state at
// the latest height H that has a block after it, whose header H+1 CometBFT's
// light client verified from the root of trust and every witness confirmed.
// A record is proved with its ICS23 proof against that header's app hash; a
// listing (participants, monitoring flags, decision texts) is proved key by
// key with Session.Scan, so that no record of it can be hidden; a record's
// absence is proved too. The server never makes an unproved query: when a
// proof fails the answer carries the reason and no data (HTTP 502), and the
// layout renders no content without proved data. Sessions are kept per
// height, so pages read while no new block came share one verified header,
// and each verified header becomes the root of trust the next is verified
// from (as a light client keeps its latest trusted header).
//
// Pages (no script, no resource from elsewhere; ?lang= or Accept-Language
// picks English, French, Portuguese, Spanish or Russian):
//
//	/                       certificate lookup by number or QR payload
//	/certificate?number=N&qr=P&carats=…   the verdict, checks, record, custody, history, lineage
//	/certificates/{number}  the same
//	/participants           status, validator key; /participants/{code}: officers' and operators' keys
//	/monitoring             overdue confirmations, value discrepancies, missed deadlines (?participant=, ?all=1)
//	/plenary                decisions, newest first (?before=ID); /plenary/{id}: votes and texts in each language
//	/statistics?year=Y      the KP-wide annual table and the KP's year in charts
//	/statistics/{code}      a participant's year: production by mining type, trade by quarter, charts
//	/health                 the latest verified block, its time and the validators that signed it
//
// Statistics are recomputed here from the proved records (quarterly trade,
// the current version of each production report), as the ledger's annual
// query computes them. Charts (chart.go) are SVG drawn through the "chart"
// template with integer geometry: the same figures give the same bytes
// (testdata/charts holds golden files).
//
// The JSON API: the same path under /api/v1 answers {"proof": {...}, "data":
// {...}} — proof.verified false with proof.error and no data when the
// answer could not be proved, "not_found" when what was asked is proved
// absent, "error" for a request refused (400). /api/v1/events streams
// certificate events as server-sent events (see Server.events).
//
// The verdict on a certificate is certtypes.Judge's, the one `kpd query
// certificate verify` gives, on the proved record and the proved clock (a
// test network's expiries are in ledger time); at= names the participant
// whose border the paper is at (a transit participant's: VALID FOR TRANSIT).
package web
