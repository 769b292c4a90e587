// Package format is how people read the ledger: the JSON form of kpledger's
// proto messages (DESIGN §4), hundredths of carats and US cents with two
// decimals, block times in RFC 3339 UTC, and the words for enum values.
//
// MarshalJSON renders with gogoproto jsonpb (proto field names, every field
// shown) and then shows quantities in their units, by field name — a naming
// rule every proto of the project follows:
//
//	carats, *carats  integer hundredths of a carat → "1523.40"
//	*_usd            integer US cents              → "12500.00"
//	*_at, time       Unix seconds of block time    → "2005-11-15T09:00:00Z" (0 → null)
//	*_hash           bytes                          → upper-case hex
//
// Genesis sections are plain jsonpb both ways (MarshalGenesisJSON,
// UnmarshalJSON): integers stay integers, and unknown fields are refused.
package format
