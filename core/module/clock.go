package module

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// The ledger's clock. On a real network the ledger's time is the block time
// (BFT time of the validators' clocks). A test network that replays history
// — the 2005 network starts at the Moscow plenary — has a clock in genesis:
// app_state.clock, its ledger time at genesis and a speed-up factor. Every
// block's ledger time is then derived from its block time alone:
//
//	ledger = ledger_time + (block_time − genesis_time) × speed_up
//
// where genesis_time is genesis.json's (the first block's time), so that
// every node and every replay derives the same times. Deadlines, expiry and
// statistics all run on ledger time. `kpd genesis validate` refuses a clock
// on a network not marked as a test network.

// ClockSection is the name of the clock's app_state section.
const ClockSection = "clock"

// ClockKey is the store key of the clock (absent: ledger time is block
// time): ledger time at genesis, genesis block time (Unix seconds, int64
// big-endian each) and the speed-up factor (uint32 big-endian).
var ClockKey = []byte{0x00, 0x03}

// MaxSpeedUp bounds the speed-up factor (a day a second).
const MaxSpeedUp = 86400

// ClockGenesis is app_state.clock.
type ClockGenesis struct {
	// TestNetwork marks a network for testing and replaying history: only
	// such a network may have a clock.
	TestNetwork bool `json:"test_network"`
	// LedgerTime is the ledger's time at genesis (RFC 3339); empty: the
	// genesis time.
	LedgerTime string `json:"ledger_time,omitempty"`
	// SpeedUp is how many seconds of ledger time pass in a second of block
	// time (0 or 1: as many).
	SpeedUp uint32 `json:"speed_up,omitempty"`
}

// Clock maps block times to ledger times.
type Clock struct {
	LedgerStart, GenesisTime int64
	SpeedUp                  uint32
}

// ParseClockGenesis reads and checks app_state.clock (nil: no clock).
func ParseClockGenesis(section json.RawMessage) (*ClockGenesis, error) {
	if len(section) == 0 {
		return nil, nil
	}
	var g ClockGenesis
	dec := json.NewDecoder(bytes.NewReader(section))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("app_state.clock: %w", err)
	}
	return &g, g.Validate()
}

// Validate checks a clock section: a ledger time in RFC 3339, a speed-up of
// at most MaxSpeedUp, and either only on a test network.
func (g *ClockGenesis) Validate() error {
	if g.LedgerTime != "" {
		if _, err := time.Parse(time.RFC3339, g.LedgerTime); err != nil {
			return fmt.Errorf("app_state.clock.ledger_time: %w", err)
		}
	}
	if g.SpeedUp > MaxSpeedUp {
		return fmt.Errorf("app_state.clock.speed_up %d: at most %d", g.SpeedUp, MaxSpeedUp)
	}
	if !g.TestNetwork && (g.LedgerTime != "" || g.SpeedUp > 1) {
		return fmt.Errorf("app_state.clock: a ledger time or a speed-up only on a network marked as a test network (test_network: true)")
	}
	return nil
}

// ClockOf is the clock a genesis section gives a chain whose genesis time is
// genesisTime.
func ClockOf(g *ClockGenesis, genesisTime int64) Clock {
	c := Clock{LedgerStart: genesisTime, GenesisTime: genesisTime, SpeedUp: 1}
	if g == nil {
		return c
	}
	if g.LedgerTime != "" {
		t, _ := time.Parse(time.RFC3339, g.LedgerTime)
		c.LedgerStart = t.Unix()
	}
	if g.SpeedUp > 1 {
		c.SpeedUp = g.SpeedUp
	}
	return c
}

// Identity reports whether ledger time is block time.
func (c Clock) Identity() bool { return c.LedgerStart == c.GenesisTime && c.SpeedUp <= 1 }

// At is the ledger time of a block time.
func (c Clock) At(blockTime int64) int64 {
	if c.Identity() {
		return blockTime
	}
	return c.LedgerStart + (blockTime-c.GenesisTime)*int64(max(c.SpeedUp, 1))
}

// Encode is the clock's stored value.
func (c Clock) Encode() []byte {
	bz := binary.BigEndian.AppendUint64(nil, uint64(c.LedgerStart))
	bz = binary.BigEndian.AppendUint64(bz, uint64(c.GenesisTime))
	return binary.BigEndian.AppendUint32(bz, c.SpeedUp)
}

// DecodeClock reads a stored clock; absent or malformed: block time.
func DecodeClock(bz []byte) Clock {
	if len(bz) != 20 {
		return Clock{SpeedUp: 1}
	}
	return Clock{LedgerStart: int64(binary.BigEndian.Uint64(bz)), GenesisTime: int64(binary.BigEndian.Uint64(bz[8:])), SpeedUp: binary.BigEndian.Uint32(bz[16:])}
}
