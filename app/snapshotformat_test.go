package app

import (
	"reflect"
	"testing"

	"github.com/cosmos/iavl"
)

// TestSnapshotChunkFormat: nodes read back as written; a chunk cut short or
// naming a version outside 1..H is refused, and no input panics.
func TestSnapshotChunkFormat(t *testing.T) {
	nodes := []*iavl.ExportNode{
		{Key: []byte{0x10, 0x01, 'B', 'W'}, Value: []byte("Botswana"), Version: 3, Height: 0},
		{Key: []byte{0x10, 0x01, 'E', 'U'}, Value: []byte{0x01}, Version: 7, Height: 0},
		{Key: []byte{0x10, 0x01, 'E', 'U'}, Version: 7, Height: 1},
	}
	var chunk []byte
	for _, n := range nodes {
		chunk = appendSnapshotNode(chunk, n)
	}
	got, err := decodeSnapshotChunk(chunk, 7)
	if err != nil || !reflect.DeepEqual(got, nodes) {
		t.Fatalf("round trip: %v\n got  %+v\n want %+v", err, got, nodes)
	}
	if _, err := decodeSnapshotChunk(chunk, 6); err == nil {
		t.Fatal("a node of version 7 in a snapshot of height 6 was accepted")
	}
	for cut := 1; cut < len(chunk); cut++ {
		got, err := decodeSnapshotChunk(chunk[:cut], 7)
		if err == nil && len(got) == len(nodes) {
			t.Fatalf("cut at %d: every node read", cut)
		}
	}
	for i := range chunk {
		for _, b := range []byte{0x00, 0x7f, 0x80, 0xff} {
			mutated := append([]byte(nil), chunk...)
			mutated[i] = b
			_, _ = decodeSnapshotChunk(mutated, 7) // must not panic
		}
	}
}
