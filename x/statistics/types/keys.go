package types

import (
	"encoding/binary"

	"github.com/kpledger/kpledger/app/store"
)

// ModuleName is the module's name: codespace, genesis section, event type.
const ModuleName = "statistics"

// StorePrefix is the statistics module's one-byte prefix. Store keys:
//
//	0x30 0x01 YEAR(2) QUARTER(1) CODE(2)          → QuarterTrade
//	0x30 0x02 CODE(2) YEAR(2) HALF(1) VERSION(4)  → ProductionReport (every version)
//
// Trade is keyed by period first so that a year's table is one range.
const StorePrefix byte = 0x30

const (
	tradePrefix      byte = 0x01
	productionPrefix byte = 0x02
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
