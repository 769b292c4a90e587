// Package kp2005 carries the Kimberley Process as the 2005 Moscow plenary
// documents list it — 45 voting participants and the European Community,
// Chinese Taipei as a rough-diamond trading entity, three observers, the bodies
// and their composition, and the plenary's figures — copied into the
// repository (it never reads anything outside it) and embedded in the binary.
//
// Files: participants.csv (code, name, kind, place in the 2005 list),
// settings.csv (each participant's time zone, its capital's, and whether it
// produces rough diamonds), observers.csv, bodies.json (Appendix II of the corrigendum of 13 December
// 2005), figures.json (the final communiqué).
package kp2005
