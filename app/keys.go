package app

import "encoding/binary"

// SchemaVersion is the layout version of the state; it changes with a
// migration.
const SchemaVersion uint32 = 1

// AppVersion is what Info reports to CometBFT.
const AppVersion uint64 = 1

var (
	chainIDKey       = []byte{0x00, 0x01}
	schemaVersionKey = []byte{0x00, 0x02}
)

const sequencePrefix byte = 0x01

// SequenceKey is the store key of a signer's next sequence.
func SequenceKey(signer []byte) []byte { return append([]byte{sequencePrefix}, signer...) }

func encodeUint64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func decodeUint64(bz []byte) uint64 {
	if len(bz) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(bz)
}
