package types

import (
	"encoding/binary"

	"github.com/kpledger/kpledger/core/store"
)

// ModuleName is the module's name: codespace, genesis section, event type.
const ModuleName = "plenary"

// StorePrefix is the plenary module's one-byte prefix. Store keys:
//
//	0x40 0x01 YEAR(4)              → ChairTerm
//	0x40 0x02                      → the next proposal id (uint64)
//	0x40 0x03 ID(8)                → Proposal
//	0x40 0x04 CLOSES_AT(8) ID(8)   → 0x01: proposals still voting, by the time they close
//	0x40 0x05                      → Params
//	0x40 0x06 ID(8)                → Review
//	0x40 0x07                      → the next review id (uint64)
//	0x40 0x08 NAME                 → Body
//	0x40 0x09 ID(8) LANG           → DecisionText
//	0x40 0x0A ID(8)                → Session
//	0x40 0x0B                      → the next session id (uint64)
//	0x40 0x0C YEAR(4) ID(8)        → ChairTerm replaced by proposal ID
//	0x40 0x0D ID(8) LANG(2) VER(4) → DecisionText replaced (its version)
const StorePrefix byte = 0x40

const (
	chairPrefix     byte = 0x01
	nextProposalKey byte = 0x02
	proposalPrefix  byte = 0x03
	closingPrefix   byte = 0x04
	paramsKey       byte = 0x05
	reviewPrefix    byte = 0x06
	nextReviewKey   byte = 0x07
	bodyPrefix      byte = 0x08
	textPrefix      byte = 0x09
	sessionPrefix   byte = 0x0A
	nextSessionKey  byte = 0x0B
	chairHistory    byte = 0x0C
	textHistory     byte = 0x0D
)

// Store returns the module's view of the app store.
func Store(s store.KVStore) store.KVStore { return store.NewPrefix(s, []byte{StorePrefix}) }

// ChairKey is the key of a year's chair term.
func ChairKey(year uint32) []byte { return binary.BigEndian.AppendUint32([]byte{chairPrefix}, year) }

// ChairsPrefix is the prefix of every chair term.
func ChairsPrefix() []byte { return []byte{chairPrefix} }

// NextProposalIDKey holds the id the next proposal gets.
func NextProposalIDKey() []byte { return []byte{nextProposalKey} }

// ProposalKey is the key of a proposal.
func ProposalKey(id uint64) []byte { return binary.BigEndian.AppendUint64([]byte{proposalPrefix}, id) }

// ProposalsPrefix is the prefix of every proposal.
func ProposalsPrefix() []byte { return []byte{proposalPrefix} }

// ClosingKey is a proposal's entry in the index of proposals still voting.
func ClosingKey(closesAt int64, id uint64) []byte {
	k := binary.BigEndian.AppendUint64([]byte{closingPrefix}, uint64(closesAt))
	return binary.BigEndian.AppendUint64(k, id)
}

// ClosingPrefix is the prefix of the closing index.
func ClosingPrefix() []byte { return []byte{closingPrefix} }

// ParamsKey is the key of the plenary's parameters.
func ParamsKey() []byte { return []byte{paramsKey} }

// ReviewKey is the key of a peer review.
func ReviewKey(id uint64) []byte { return binary.BigEndian.AppendUint64([]byte{reviewPrefix}, id) }

// ReviewsPrefix is the prefix of every review.
func ReviewsPrefix() []byte { return []byte{reviewPrefix} }

// NextReviewIDKey holds the id the next review gets.
func NextReviewIDKey() []byte { return []byte{nextReviewKey} }

// BodyKey is the key of a body.
func BodyKey(name string) []byte { return append([]byte{bodyPrefix}, name...) }

// BodiesPrefix is the prefix of every body.
func BodiesPrefix() []byte { return []byte{bodyPrefix} }

// DecisionTextKey is the key of a text decision in one language.
func DecisionTextKey(id uint64, language string) []byte {
	return append(binary.BigEndian.AppendUint64([]byte{textPrefix}, id), language...)
}

// SessionKey is the key of a session.
func SessionKey(id uint64) []byte { return binary.BigEndian.AppendUint64([]byte{sessionPrefix}, id) }

// SessionsPrefix is the prefix of every session.
func SessionsPrefix() []byte { return []byte{sessionPrefix} }

// NextSessionIDKey holds the id the next session gets.
func NextSessionIDKey() []byte { return []byte{nextSessionKey} }

// ReplacedChairKey is the key of a year's term as it stood until proposal id
// replaced it.
func ReplacedChairKey(year uint32, id uint64) []byte {
	return binary.BigEndian.AppendUint64(ReplacedChairsPrefix(year), id)
}

// ReplacedChairsPrefix is the prefix of a year's replaced terms.
func ReplacedChairsPrefix(year uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{chairHistory}, year)
}

// ReplacedTextKey is the key of a replaced version of a decision's text in
// a language (languages are two letters).
func ReplacedTextKey(id uint64, language string, version uint32) []byte {
	return binary.BigEndian.AppendUint32(ReplacedTextsPrefix(id, language), version)
}

// ReplacedTextsPrefix is the prefix of a decision's replaced texts in a
// language.
func ReplacedTextsPrefix(id uint64, language string) []byte {
	return append(binary.BigEndian.AppendUint64([]byte{textHistory}, id), language...)
}
