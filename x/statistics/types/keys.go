package types

import (
	"encoding/binary"
	"strings"

	"github.com/kpledger/kpledger/core/store"
)

// ModuleName is the module's name: codespace, genesis section, event type.
const ModuleName = "statistics"

// StorePrefix is the statistics module's one-byte prefix. Store keys:
//
//	0x30 0x01 YEAR(2) QUARTER(1) CODE(2)          → QuarterTrade
//	0x30 0x02 CODE(2) YEAR(2) HALF(1) VERSION(4)  → ProductionReport (every version)
//	0x30 0x03 YEAR(2) QUARTER(1) HS(7) ORIGIN 0x00 ISSUER(2) → Flow: exports of an origin and HS code by an issuer, standing (US$/ct reference)
//	0x30 0x04 NUMBER 0x00 RULE(1)                 → Discrepancy
//	0x30 0x05 NUMBER                              → OverdueCertificate
//	0x30 0x06 YEAR(2) HALF(1) CODE(2)             → NonSubmitter
//	0x30 0x07                                     → Params
//	0x30 0x08                                     → NextDeadline
//	0x30 0x09 YEAR(2)                             → ReportedYear (genesis: a year before the ledger)
//	0x30 0x0A YEAR(2) CODE(2)                     → OverdueCounts: a destination's confirmations of a year of issue
//	0x30 0x0B YEAR(2) CODE(2) ORIGINS             → MassBalance: a participant's balance of an origin set (codes joined by ",") in a year
//
// Trade is keyed by period first so that a year's table is one range.
const StorePrefix byte = 0x30

const (
	tradePrefix        byte = 0x01
	productionPrefix   byte = 0x02
	referencePrefix    byte = 0x03
	discrepancyPrefix  byte = 0x04
	overduePrefix      byte = 0x05
	nonSubmitterPrefix byte = 0x06
	paramsKey          byte = 0x07
	nextDeadlineKey    byte = 0x08
	reportedYearPrefix byte = 0x09
	overdueCounts      byte = 0x0A
	massBalancePrefix  byte = 0x0B
)

// Store returns the module's view of the app store.
func Store(s store.KVStore) store.KVStore { return store.NewPrefix(s, []byte{StorePrefix}) }

// TradeKey is the key of a participant's trade in a quarter.
func TradeKey(year, quarter uint32, participant string) []byte {
	return append(TradeQuarterPrefix(year, quarter), participant...)
}

// TradeQuarterPrefix is the prefix of every participant's trade in a quarter.
func TradeQuarterPrefix(year, quarter uint32) []byte {
	k := binary.BigEndian.AppendUint16([]byte{tradePrefix}, uint16(year))
	return append(k, byte(quarter))
}

// ProductionKey is the key of a version of a production report.
func ProductionKey(participant string, year, half, version uint32) []byte {
	return binary.BigEndian.AppendUint32(ProductionPeriodPrefix(participant, year, half), version)
}

// ProductionPeriodPrefix is the prefix of every version of a participant's
// report for a half-year.
func ProductionPeriodPrefix(participant string, year, half uint32) []byte {
	k := append([]byte{productionPrefix}, participant...)
	k = binary.BigEndian.AppendUint16(k, uint16(year))
	return append(k, byte(half))
}

// ReferenceKey is the key of an issuer's standing exports of an origin and
// HS code in a quarter.
func ReferenceKey(year, quarter uint32, hsCode, origin, issuer string) []byte {
	return append(ReferencePrefix(year, quarter, hsCode, origin), issuer...)
}

// ReferencePrefix is the prefix of every issuer's exports of an origin and
// HS code in a quarter.
func ReferencePrefix(year, quarter uint32, hsCode, origin string) []byte {
	k := binary.BigEndian.AppendUint16([]byte{referencePrefix}, uint16(year))
	k = append(k, byte(quarter))
	k = append(k, hsCode...)
	k = append(k, origin...)
	return append(k, 0x00)
}

// DiscrepancyKey is the key of a certificate's flag under a rule.
func DiscrepancyKey(number string, rule Rule) []byte {
	k := append(DiscrepanciesPrefix(), number...)
	return append(k, 0x00, byte(rule))
}

// DiscrepanciesPrefix is the prefix of every discrepancy flag.
func DiscrepanciesPrefix() []byte { return []byte{discrepancyPrefix} }

// OverdueKey is the key of an overdue certificate's flag.
func OverdueKey(number string) []byte { return append(OverduePrefix(), number...) }

// OverduePrefix is the prefix of every overdue flag.
func OverduePrefix() []byte { return []byte{overduePrefix} }

// NonSubmitterKey is the key of a missed reporting deadline.
func NonSubmitterKey(year, half uint32, participant string) []byte {
	k := binary.BigEndian.AppendUint16(NonSubmittersPrefix(), uint16(year))
	return append(append(k, byte(half)), participant...)
}

// NonSubmittersPrefix is the prefix of every missed deadline.
func NonSubmittersPrefix() []byte { return []byte{nonSubmitterPrefix} }

// ParamsKey is the key of the monitoring parameters.
func ParamsKey() []byte { return []byte{paramsKey} }

// NextDeadlineKey is the key of the next half-year to check.
func NextDeadlineKey() []byte { return []byte{nextDeadlineKey} }

// ReportedYearKey is the key of a year's figures as reported before the
// ledger.
func ReportedYearKey(year uint32) []byte {
	return binary.BigEndian.AppendUint16([]byte{reportedYearPrefix}, uint16(year))
}

// OverdueCountsKey is the key of a destination's confirmations of a year of
// issue.
func OverdueCountsKey(year uint32, participant string) []byte {
	return append(OverdueCountsPrefix(year), participant...)
}

// OverdueCountsPrefix is the prefix of every destination's counts of a year.
func OverdueCountsPrefix(year uint32) []byte {
	return binary.BigEndian.AppendUint16([]byte{overdueCounts}, uint16(year))
}

// MassBalanceKey is the key of a participant's balance of an origin set in a
// year.
func MassBalanceKey(year uint32, participant string, origins []string) []byte {
	return append(MassBalancePrefix(year, participant), strings.Join(origins, ",")...)
}

// MassBalancesPrefix is the prefix of every mass balance.
func MassBalancesPrefix() []byte { return []byte{massBalancePrefix} }

// MassBalancePrefix is the prefix of a year's balances, of one participant
// when participant is not empty.
func MassBalancePrefix(year uint32, participant string) []byte {
	return append(binary.BigEndian.AppendUint16([]byte{massBalancePrefix}, uint16(year)), participant...)
}
