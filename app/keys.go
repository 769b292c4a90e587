package app

import "encoding/binary"

// SchemaVersion is the layout version of the state. It changes with every
// state-breaking change (a new app hash for the same blocks), together with
// the golden chain (app/testdata/golden-chain.txt) and an upgrade note in the
// README:
//
//	1  the first release
//	2  plenary proposals keep a failure code, no outcome text
//	3  a key whose presence is its meaning holds one byte (store.Present)
//	4  the plenary decides by consensus (written procedure, sessions), offices
//	5  issue 12 steps 3-7: rule 26 texts, peer review, the Côte d'Ivoire lists, the 2005 network's clock
//	6  certificate rules that hold against a dishonest participant (issue 11)
//	8  monitoring a Working Group would use (issue 11, decision 4)
const SchemaVersion uint32 = 13

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
