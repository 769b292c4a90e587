package types

import (
	"encoding/binary"
	"strings"

	"github.com/kpledger/kpledger/core/store"
)

// ModuleName is the module's name: codespace, genesis section, event type.
const ModuleName = "certificate"

// StorePrefix is the certificate module's one-byte prefix. Store keys (a
// public contract, /store/key):
//
//	0x20 0x01 NUMBER                    → Certificate (its state, without its history)
//	0x20 0x02 DEST(2) NUMBER            → 0x01: certificates by destination
//	0x20 0x03 EXPIRES_AT(8) NUMBER      → 0x01: open certificates by expiry
//	0x20 0x04 ARRIVED_AT(8) NUMBER      → 0x01: certificates awaiting confirmation, by arrival at the importer's side
//	0x20 0x05 ORIGIN(2) HEIGHT(8)       → Embargo imposed at that height (lifted ones stay)
//	0x20 0x06                           → Params
//	0x20 0x07 ORIGIN(2)                 → HEIGHT(8) of the origin's embargo in force (none: no embargo)
//	0x20 0x08 CODE(2)                   → Vigilance: a participant on the heightened-vigilance list
//	0x20 0x09 ADDRESS(hex)              → ListedOperator: an operator found involved in illicit trade
//	0x20 0x0A CODE(2) HEIGHT(8)         → Embargo on a participant as issuer, imposed at that height
//	0x20 0x0B CODE(2)                   → HEIGHT(8) of the issuer embargo in force on a participant
//	0x20 0x0C CODE(2) ORIGINS           → Stock of a participant of an origin set ("BW", "AO,CD")
//	0x20 0x0D ID(8)                     → StockDeclaration (opening stock)
//	0x20 0x0E                           → the next stock declaration id (uint64)
//	0x20 0x0F LEN(1) NUMBER INDEX(8)    → CertificateEvent: the certificate's history, one key per event, append-only
//
// Certificates are keyed by number, and numbers start with the issuer's code,
// so an issuer's certificates are one key range. A certificate's history is
// the key range HistoryPrefix(number): the number is length-prefixed, so that
// no number's range holds another's (BW-1 and BW-10), and the event index is
// big-endian, so that the range iterates in the order the events happened. Times are big-endian Unix
// seconds, so the indexes iterate in time order.
const StorePrefix byte = 0x20

const (
	certificatePrefix byte = 0x01
	destinationPrefix byte = 0x02
	expiryPrefix      byte = 0x03
	awaitingPrefix    byte = 0x04
	embargoPrefix     byte = 0x05
	paramsKey         byte = 0x06
	activeEmbargo     byte = 0x07
	vigilancePrefix   byte = 0x08
	listedOperator    byte = 0x09
	issuerEmbargo     byte = 0x0A
	activeIssuer      byte = 0x0B
	stockPrefix       byte = 0x0C
	declarationPrefix byte = 0x0D
	nextDeclaration   byte = 0x0E
	historyPrefix     byte = 0x0F
)

// EmbargoKind is what an embargo bars: goods of an origin, or certificates
// of an issuer.
type EmbargoKind int

const (
	// OriginEmbargo bars goods of an origin, whoever certifies them.
	OriginEmbargo EmbargoKind = iota
	// IssuerEmbargo bars certificates a participant issues, and goods
	// certified as coming from it.
	IssuerEmbargo
)

// Name is the kind as people write it.
func (k EmbargoKind) Name() string {
	if k == IssuerEmbargo {
		return "issuer"
	}
	return "origin"
}

// Kind is the kind of an embargo record.
func (e *Embargo) Kind() EmbargoKind {
	if e.Issuer != "" {
		return IssuerEmbargo
	}
	return OriginEmbargo
}

// Code is the origin, or the issuing participant, an embargo bars.
func (e *Embargo) Code() string {
	if e.Issuer != "" {
		return e.Issuer
	}
	return e.Origin
}

// Store returns the module's view of the app store.
func Store(s store.KVStore) store.KVStore { return store.NewPrefix(s, []byte{StorePrefix}) }

// CertificateKey is the key of a certificate.
func CertificateKey(number string) []byte { return append([]byte{certificatePrefix}, number...) }

// CertificatesPrefix is the prefix of every certificate, or with an issuer
// code, of one issuer's.
func CertificatesPrefix(issuer string) []byte { return append([]byte{certificatePrefix}, issuer...) }

// HistoryKey is the key of the index-th event (from 0, the issuance) of a
// certificate's history.
func HistoryKey(number string, index uint64) []byte {
	return binary.BigEndian.AppendUint64(HistoryPrefix(number), index)
}

// HistoryPrefix is the prefix of a certificate's history: its number,
// length-prefixed (numbers have at most MaxNumberLength bytes).
func HistoryPrefix(number string) []byte {
	k := make([]byte, 0, 2+len(number)+8)
	k = append(k, historyPrefix, byte(len(number)))
	return append(k, number...)
}

// HistoryIndex is the event index of a key under HistoryPrefix(number)
// (without the prefix); false when the rest is not one.
func HistoryIndex(rest []byte) (uint64, bool) {
	if len(rest) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(rest), true
}

// DestinationKey is the entry of a certificate in its destination's index.
func DestinationKey(destination, number string) []byte {
	return append(DestinationPrefix(destination), number...)
}

// DestinationPrefix is the prefix of one destination's index.
func DestinationPrefix(destination string) []byte {
	return append([]byte{destinationPrefix}, destination...)
}

// ExpiryKey is the entry of an open certificate in the expiry index.
func ExpiryKey(expiresAt int64, number string) []byte {
	return timeKey(expiryPrefix, expiresAt, number)
}

// ExpiryPrefix is the prefix of the expiry index.
func ExpiryPrefix() []byte { return []byte{expiryPrefix} }

// AwaitingKey is the entry of a certificate awaiting confirmation since its
// arrival at the importer's side.
func AwaitingKey(arrivedAt int64, number string) []byte {
	return timeKey(awaitingPrefix, arrivedAt, number)
}

// AwaitingPrefix is the prefix of the awaiting-confirmation index.
func AwaitingPrefix() []byte { return []byte{awaitingPrefix} }

// EmbargoKey is the key of an embargo of a kind on a code imposed at a
// height.
func EmbargoKey(kind EmbargoKind, code string, imposedHeight int64) []byte {
	return binary.BigEndian.AppendUint64(EmbargoCodePrefix(kind, code), uint64(imposedHeight))
}

// EmbargoCodePrefix is the prefix of every embargo of a kind ever imposed on
// a code.
func EmbargoCodePrefix(kind EmbargoKind, code string) []byte {
	return append(EmbargoesPrefix(kind), code...)
}

// ActiveEmbargoKey is the key of the height at which the embargo of a kind in
// force on a code was imposed: issuance and confirmation read it with one Get.
func ActiveEmbargoKey(kind EmbargoKind, code string) []byte {
	if kind == IssuerEmbargo {
		return append([]byte{activeIssuer}, code...)
	}
	return append([]byte{activeEmbargo}, code...)
}

// EmbargoesPrefix is the prefix of every embargo record of a kind.
func EmbargoesPrefix(kind EmbargoKind) []byte {
	if kind == IssuerEmbargo {
		return []byte{issuerEmbargo}
	}
	return []byte{embargoPrefix}
}

// StockKey is the key of a participant's stock of an origin set (sorted).
func StockKey(participant string, origins []string) []byte {
	return append(StockPrefix(participant), strings.Join(origins, ",")...)
}

// StockPrefix is the prefix of every stock of a participant.
func StockPrefix(participant string) []byte { return append([]byte{stockPrefix}, participant...) }

// DeclarationKey is the key of a stock declaration.
func DeclarationKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(DeclarationsPrefix(), id)
}

// DeclarationsPrefix is the prefix of every stock declaration.
func DeclarationsPrefix() []byte { return []byte{declarationPrefix} }

// NextDeclarationKey is the key of the next stock declaration id.
func NextDeclarationKey() []byte { return []byte{nextDeclaration} }

// ParamsKey is the key of the parameters.
func ParamsKey() []byte { return []byte{paramsKey} }

func timeKey(prefix byte, t int64, number string) []byte {
	k := make([]byte, 0, 9+len(number))
	k = append(k, prefix)
	k = binary.BigEndian.AppendUint64(k, uint64(t))
	return append(k, number...)
}

// SplitTimeKey returns the time and number of an index entry (without its
// one-byte index prefix).
func SplitTimeKey(k []byte) (int64, string) {
	return int64(binary.BigEndian.Uint64(k[:8])), string(k[8:])
}

// VigilanceKey is the key of a participant's heightened-vigilance record.
func VigilanceKey(code string) []byte { return append([]byte{vigilancePrefix}, code...) }

// VigilancePrefix is the prefix of every heightened-vigilance record.
func VigilancePrefix() []byte { return []byte{vigilancePrefix} }

// ListedOperatorKey is the key of a listed operator (its address in hex).
func ListedOperatorKey(address string) []byte { return append([]byte{listedOperator}, address...) }

// ListedOperatorsPrefix is the prefix of every listed operator.
func ListedOperatorsPrefix() []byte { return []byte{listedOperator} }
