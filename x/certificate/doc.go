// Package certificate is the heart of kpledger: the KP certificate from its
// validation by the exporting authority to the importing side's confirmation.
//
// Lifecycle: issued → (custody transfers, transit attestations) → received |
// rejected | void | expired; the last four are final. Rules kept here
// (keeper/, one file per rule):
//   - issue: by an issuer officer of an active participant (trading entities
//     included); the number starts with the issuer's code and is never used
//     twice (voided numbers included); Annex I fields; HS code 7102.10/21/31;
//     carats, value and parcels above zero (integers: hundredths of a carat,
//     US cents); expiry after the block time and within the maximum validity;
//     destination an active participant other than the issuer; origin not
//     under embargo; exporter an operator of the issuer, importer an operator
//     of the destination;
//   - lineage: a re-export cites parents its participant received and draws
//     carats from them, never more than is left (at most 256 re-exports per
//     certificate); its origin agrees with theirs; a voided re-export gives its
//     carats back, a rejected or expired one does not (the goods left);
//   - confirm / reject: by the certificate's importer or an importer-authority
//     officer of the destination; a confirmation quotes parcels and carats
//     exactly, before expiry; a rejection gives a reason (the shipment is
//     detained);
//   - void: by an issuer officer of the issuing participant, before receipt,
//     with a reason and an optional replacement linked both ways; a voided
//     re-export gives its carats back;
//   - custody: the holder (a registered key) hands the shipment on quoting the
//     seal; a transit participant's importer-authority officer attests it
//     passed sealed.
//
// Block-time work, first in each block (DESIGN §4), from time indexes:
//  1. overdue — no confirmation within the confirmation deadline (default 15
//     days from issue) flags the certificate overdue, once;
//  2. expiry — block time past expiry without confirmation makes it expired.
//
// Times compare block times: "expired cannot be confirmed" means block time >
// expiry, whatever the status says.
package certificate
