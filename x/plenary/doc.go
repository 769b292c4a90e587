// Package plenary records the decisions of the KP plenary. Today it holds the
// chair record: the Chair and Vice-Chair of each year, from genesis (the 2005
// network: the Russian Federation and Botswana; 2006: Botswana and the European
// Community). Proposals, votes and their execution build on it.
//
// Rules: one term per year; chair and vice-chair are two different voting
// participants (countries or the REIO, never a trading entity).
//
// No block-time or end-of-block work yet.
package plenary
