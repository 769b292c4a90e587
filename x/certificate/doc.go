// Package certificate is the heart of kpledger: the KP certificate from its
// validation by the exporting authority to the importing side's confirmation.
//
// Lifecycle: issued → (custody transfers, transit attestations, re-seals) →
// received | rejected | void | expired. Received and void are final. A
// rejected certificate (the shipment detained) may still be released after
// remedy (→ received) or voided as shipment-returned; an expired one may still
// be confirmed late (→ received), rejected within the grace, or voided as
// surrendered. Rules kept here (keeper/, one file per rule):
//   - issue: by an issuer officer of an active participant (trading entities
//     included); the number starts with the issuer's code, is in its normal
//     form (NormalizeNumber) and is never used twice (voided numbers
//     included); Annex I fields; HS code 7102.10/21/31, or up to MaxLines
//     lines of distinct HS codes whose sums are the totals (types/lines.go);
//     carats, value and parcels above zero (integers: hundredths of a carat, US cents); expiry
//     after the block time and within the maximum validity; destination an
//     active participant other than the issuer; no origin of its origin set
//     under embargo (MIXED lists its origins), the issuer and the issuers of
//     its parents under no issuer embargo (embargo.go);
//     exporter an operator of the issuer; importer an operator of the
//     destination, or — not yet registered — named by name and address;
//   - carat conservation (lineage.go, stock.go): every participant has a
//     stock per origin set — received by its certificates, declared as
//     opening stock (genesis, or its admin's MsgDeclareStock, with a
//     reference), less what its certificates drew; a certificate's carats
//     are the sum of what it draws from parents its participant received
//     (never more than is left of what was received; at most 256 re-exports
//     per certificate), what it draws from the stock, and its issuer's own
//     production; no draw exceeds the stock; the declared origin is the set
//     the goods carry (parents', stock's, and the issuer's own for its own
//     production); a voided certificate gives back what it drew, an expired
//     or received one does not (the goods left);
//   - confirm (confirm.go): by an importer-authority officer of the
//     destination, or by the certificate's importer unless the destination
//     has its authority confirm alone (a participant setting); with the date
//     of receipt (not before issue, not after the block time) and the
//     authority's reference; parcels exactly, carats within the re-weighing
//     tolerance ("received with discrepancy"); before expiry, or after it
//     within the late-confirmation grace for goods received by the expiry;
//     destination active, issuer active or its goods grandfathered by the
//     decision that suspended or expelled it, no origin under embargo, no
//     issuer embargo on the issuer or the issuers of its parents;
//   - reject (confirm.go): by an importer-authority officer of the
//     destination only, with a reason; also an expired certificate within the
//     grace (a shipment arriving on an expired certificate);
//   - release (release.go): the destination's importing authority releases a
//     detained shipment after remedy: rejected → received, checked as a
//     confirmation;
//   - void: by an issuer officer of the issuing participant: an issued
//     certificate for any reason while the shipment is on the exporting side
//     (once custody reached the destination's side, only shipment-returned), a
//     rejected one as shipment-returned, an expired one as surrendered; a
//     replacement is linked both ways and goes to the same destination and
//     parties, or the reason is reissued; a voided certificate's export is
//     reversed and its draws go back to its parents;
//   - custody (custody.go): the holder (a registered key) hands the shipment
//     on quoting the seal it bears; an issuer or importer-authority officer of
//     a participant on the route (issuer, transit, destination) records an
//     inspection and a new seal; a transit participant's importer-authority
//     officer attests it passed sealed.
//
// Every event records its signer and the signer's role.
//
// Block-time work, first in each block (DESIGN §4), from time indexes:
//  1. overdue — no confirmation within the confirmation deadline (default 15
//     days from the arrival: the first transfer of custody to a key of the
//     destination) flags the certificate overdue, once; one never handed to
//     the destination's side is only expired (monitoring lists it);
//  2. expiry — block time past expiry without confirmation makes it expired.
//
// Times compare block times: "expired cannot be confirmed" means block time >
// expiry (and the grace), whatever the status says.
package certificate
