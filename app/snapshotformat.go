package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/cosmos/iavl"
)

// Snapshot format 1: the state tree of one height as IAVL exports it.
//
// A snapshot is the tree's nodes in the exporter's order (depth-first,
// post-order: left, right, parent), which an IAVL importer needs to rebuild
// the same tree, hence the same root hash. The stream is cut into chunks of
// about 10 MiB, each holding whole nodes. A node is
//
//	height   1 byte      0 for a leaf, the subtree height for an inner node
//	version  uvarint     the height at which the node was written (1..H)
//	key      uvarint length, then the bytes
//	value    uvarint length, then the bytes   (leaves only)
//
// with Go's encoding/binary unsigned varints. The snapshot's metadata is the
// sha256 of every chunk, 32 bytes each, in chunk order; its hash is the
// sha256 of the metadata. A node restoring a snapshot checks each chunk
// against its sha256 (a chunk that differs is fetched again from another
// peer), and the rebuilt tree's root against the app hash the light client
// trusts for the height before it accepts the last chunk.
const SnapshotFormat uint32 = 1

// snapshotChunkSize is the size at which a chunk is closed (a chunk ends on
// a whole node, so it may be a little larger): 10 MiB. CometBFT carries
// chunks of up to 16 MB. Tests make it small.
var snapshotChunkSize = 10 << 20

// maxSnapshotField bounds a key or value in a chunk: a transaction is at most
// 64 KiB and no stored value comes near a megabyte.
const maxSnapshotField = 4 << 20

// appendSnapshotNode appends one exported node to a chunk.
func appendSnapshotNode(chunk []byte, n *iavl.ExportNode) []byte {
	chunk = append(chunk, byte(n.Height))
	chunk = binary.AppendUvarint(chunk, uint64(n.Version))
	chunk = binary.AppendUvarint(chunk, uint64(len(n.Key)))
	chunk = append(chunk, n.Key...)
	if n.Height == 0 {
		chunk = binary.AppendUvarint(chunk, uint64(len(n.Value)))
		chunk = append(chunk, n.Value...)
	}
	return chunk
}

// decodeSnapshotChunk reads the nodes of a chunk of a snapshot at height; it
// refuses anything a format-1 writer could not have written.
func decodeSnapshotChunk(chunk []byte, height int64) ([]*iavl.ExportNode, error) {
	var nodes []*iavl.ExportNode
	r := bytes.NewReader(chunk)
	field := func(what string) ([]byte, error) {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > maxSnapshotField || n > uint64(r.Len()) {
			return nil, fmt.Errorf("node %d: bad %s length", len(nodes), what)
		}
		bz := make([]byte, n)
		_, _ = r.Read(bz)
		return bz, nil
	}
	for r.Len() > 0 {
		h, _ := r.ReadByte()
		if h > math.MaxInt8 {
			return nil, fmt.Errorf("node %d: height %d", len(nodes), h)
		}
		version, err := binary.ReadUvarint(r)
		if err != nil || version < 1 || version > uint64(height) {
			return nil, fmt.Errorf("node %d: version outside 1..%d", len(nodes), height)
		}
		n := &iavl.ExportNode{Height: int8(h), Version: int64(version)}
		if n.Key, err = field("key"); err != nil {
			return nil, err
		}
		if h == 0 {
			if n.Value, err = field("value"); err != nil {
				return nil, err
			}
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// snapshotMetadata is the metadata of a snapshot: its chunks' sha256s.
func snapshotMetadata(chunkHashes [][]byte) []byte {
	return bytes.Join(chunkHashes, nil)
}

// chunkHashes reads a snapshot's metadata back, checking it against the
// snapshot's chunk count and hash.
func chunkHashes(metadata []byte, chunks uint32, hash []byte) ([][]byte, error) {
	if chunks == 0 || len(metadata) != int(chunks)*sha256.Size {
		return nil, fmt.Errorf("metadata of %d bytes for %d chunks", len(metadata), chunks)
	}
	if sum := sha256.Sum256(metadata); !bytes.Equal(sum[:], hash) {
		return nil, errors.New("snapshot hash is not the sha256 of its metadata")
	}
	hashes := make([][]byte, chunks)
	for i := range hashes {
		hashes[i] = metadata[i*sha256.Size : (i+1)*sha256.Size]
	}
	return hashes, nil
}
