// Package kp2005 carries the Kimberley Process as the 2005 Moscow plenary
// documents list it — 45 voting participants, the European Community among
// them (44 countries and the EC), Chinese Taipei as a rough-diamond trading
// entity, three observers, the bodies and their composition, the plenary's
// figures and texts — copied into the repository (it never reads anything
// outside it) and embedded in the binary, and builds the 2005 network's
// genesis: after the plenary (Genesis) or as it opened (GenesisBeforeMoscow).
//
// Files: participants.csv (code, name, kind, place in the 2005 list),
// settings.csv (each participant's time zone, its capital's, and whether it
// produces rough diamonds), observers.csv,
// bodies.json (Appendix II of the corrigendum of 13 December 2005; the Working Group on Rules and Procedures' vice-chair kept "to be
// nominated"), figures.json (the final communiqué: the 2004 figures; the
// Moscow texts — one resolution, one administrative decision, one
// declaration, and the review's terms of reference — as short summaries, not
// the official texts; the plenary's other outcomes).
package kp2005
