package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
)

// firstHeightKey records, in the state database but outside the tree, the
// height of the snapshot a node was restored from: the first height whose
// state it holds. It is written before the import begins, so a restored
// tree is never found without it. Absent: the node holds every height from
// genesis (or what pruning left).
var firstHeightKey = []byte("kpledger/first-height")

// restore is a snapshot being restored, chunk by chunk.
type restore struct {
	snapshot *abci.Snapshot
	appHash  []byte
	hashes   [][]byte
	next     uint32
	importer *iavl.Importer
}

// ListSnapshots is called by CometBFT when a peer asks this node for
// snapshots to state-sync from: the snapshots this node keeps, newest first.
func (app *App) ListSnapshots(context.Context, *abci.ListSnapshotsRequest) (*abci.ListSnapshotsResponse, error) {
	if app.snapshots == nil {
		return &abci.ListSnapshotsResponse{}, nil
	}
	snapshots, err := app.snapshots.store.list()
	if err != nil {
		app.logger.Error("list snapshots", "err", err)
		return &abci.ListSnapshotsResponse{}, nil
	}
	return &abci.ListSnapshotsResponse{Snapshots: snapshots}, nil
}

// LoadSnapshotChunk is called by CometBFT to send a peer a chunk of one of
// this node's snapshots; an empty answer means it has no such chunk.
func (app *App) LoadSnapshotChunk(_ context.Context, req *abci.LoadSnapshotChunkRequest) (*abci.LoadSnapshotChunkResponse, error) {
	if app.snapshots == nil {
		return &abci.LoadSnapshotChunkResponse{}, nil
	}
	return &abci.LoadSnapshotChunkResponse{Chunk: app.snapshots.store.chunk(req.Height, req.Format, req.Chunk)}, nil
}

// OfferSnapshot is called on a node that state-syncs, with a snapshot a peer
// has and the app hash that the light client verified for its height. The
// app accepts a format-1 snapshot whose metadata agrees with it, if its own
// state is empty; the import begins.
func (app *App) OfferSnapshot(_ context.Context, req *abci.OfferSnapshotRequest) (*abci.OfferSnapshotResponse, error) {
	answer := func(result abci.OfferSnapshotResult) (*abci.OfferSnapshotResponse, error) {
		return &abci.OfferSnapshotResponse{Result: result}, nil
	}
	s := req.Snapshot
	if s == nil || s.Height == 0 || len(req.AppHash) != sha256.Size {
		return answer(abci.OFFER_SNAPSHOT_RESULT_REJECT)
	}
	if s.Format != SnapshotFormat {
		return answer(abci.OFFER_SNAPSHOT_RESULT_REJECT_FORMAT)
	}
	hashes, err := chunkHashes(s.Metadata, s.Chunks, s.Hash)
	if err != nil {
		app.logger.Info("snapshot refused", "height", s.Height, "err", err)
		return answer(abci.OFFER_SNAPSHOT_RESULT_REJECT)
	}
	if err := app.abandonRestore(); err != nil { // a snapshot offered again after a failure
		return nil, app.halt(err)
	}
	if app.tree.Version() != 0 {
		app.logger.Error("a snapshot was offered but the application state is not empty", "height", app.tree.Version())
		return answer(abci.OFFER_SNAPSHOT_RESULT_ABORT)
	}
	if err := app.db.SetSync(firstHeightKey, binary.BigEndian.AppendUint64(nil, s.Height)); err != nil {
		return nil, app.halt(fmt.Errorf("record the snapshot height: %w", err))
	}
	importer, err := app.tree.Import(int64(s.Height))
	if err != nil {
		return nil, app.halt(fmt.Errorf("begin import: %w", err))
	}
	app.restoring = &restore{snapshot: s, appHash: req.AppHash, hashes: hashes, importer: importer}
	app.logger.Info("restoring snapshot", "height", s.Height, "chunks", s.Chunks)
	return answer(abci.OFFER_SNAPSHOT_RESULT_ACCEPT)
}

// ApplySnapshotChunk is called with each chunk of the accepted snapshot, in
// order. A chunk that is not the one the metadata names is fetched again,
// from another peer. With the last chunk the import is committed and the
// tree's root compared with the trusted app hash: a snapshot that does not
// rebuild the trusted state is rejected here, its import erased, so that
// CometBFT tries another snapshot instead of giving up.
func (app *App) ApplySnapshotChunk(_ context.Context, req *abci.ApplySnapshotChunkRequest) (*abci.ApplySnapshotChunkResponse, error) {
	answer := func(result abci.ApplySnapshotChunkResult) (*abci.ApplySnapshotChunkResponse, error) {
		return &abci.ApplySnapshotChunkResponse{Result: result}, nil
	}
	r := app.restoring
	if r == nil {
		return answer(abci.APPLY_SNAPSHOT_CHUNK_RESULT_ABORT)
	}
	if req.Index != r.next {
		return answer(abci.APPLY_SNAPSHOT_CHUNK_RESULT_RETRY_SNAPSHOT)
	}
	if sum := sha256.Sum256(req.Chunk); !bytes.Equal(sum[:], r.hashes[req.Index]) {
		app.logger.Info("snapshot chunk differs from the metadata; fetching it again", "chunk", req.Index, "sender", req.Sender)
		return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_RETRY,
			RefetchChunks: []uint32{req.Index}, RejectSenders: []string{req.Sender}}, nil
	}
	if err := app.importChunk(r, req.Chunk); err != nil {
		return app.rejectSnapshot(err)
	}
	r.next++
	if r.next < r.snapshot.Chunks {
		return answer(abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT)
	}
	if err := r.importer.Commit(); err != nil {
		return app.rejectSnapshot(fmt.Errorf("commit the import: %w", err))
	}
	// The import loaded its version into the working tree; nothing is
	// published to queries before the root is the trusted one.
	if height, hash := app.tree.Version(), app.tree.Hash(); height != int64(r.snapshot.Height) || !bytes.Equal(hash, r.appHash) {
		return app.rejectSnapshot(fmt.Errorf("the snapshot rebuilds height %d with app hash %X; the trusted app hash of height %d is %X",
			height, hash, r.snapshot.Height, r.appHash))
	}
	// Both trees reopen on what the import wrote, and queries read the
	// restored height (its snapshot height the first this node holds).
	if err := app.reload(); err != nil {
		return app.rejectSnapshot(err)
	}
	app.restoring = nil
	app.logger.Info("snapshot restored", "height", r.snapshot.Height, "app_hash", fmt.Sprintf("%X", r.appHash))
	return answer(abci.APPLY_SNAPSHOT_CHUNK_RESULT_ACCEPT)
}

// importChunk adds a chunk's nodes to the import; a malformed chunk (whose
// sha256 the metadata names, so the snapshot itself is bad) is an error.
func (app *App) importChunk(r *restore, chunk []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("import: %v", p)
		}
	}()
	nodes, err := decodeSnapshotChunk(chunk, int64(r.snapshot.Height))
	if err != nil {
		return fmt.Errorf("chunk %d: %w", r.next, err)
	}
	for _, n := range nodes {
		if err := r.importer.Add(n); err != nil {
			return fmt.Errorf("chunk %d: %w", r.next, err)
		}
	}
	return nil
}

// rejectSnapshot erases what the import wrote and rejects the snapshot.
func (app *App) rejectSnapshot(reason error) (*abci.ApplySnapshotChunkResponse, error) {
	app.logger.Error("snapshot rejected", "height", app.restoring.snapshot.Height, "err", reason)
	if err := app.abandonRestore(); err != nil {
		return nil, app.halt(err)
	}
	return &abci.ApplySnapshotChunkResponse{Result: abci.APPLY_SNAPSHOT_CHUNK_RESULT_REJECT_SNAPSHOT}, nil
}

// abandonRestore stops a restore in progress and erases the state database
// (it was empty when the restore began), leaving an empty tree.
func (app *App) abandonRestore() error {
	r := app.restoring
	if r == nil {
		return nil
	}
	app.restoring = nil
	r.importer.Close()
	if err := eraseDB(app.db); err != nil {
		return fmt.Errorf("erase an abandoned import: %w", err)
	}
	return app.reload()
}

// eraseDB deletes every key of db.
func eraseDB(db dbm.DB) error {
	for {
		it, err := db.Iterator(nil, nil)
		if err != nil {
			return err
		}
		var keys [][]byte
		for ; it.Valid() && len(keys) < 10_000; it.Next() {
			keys = append(keys, bytes.Clone(it.Key()))
		}
		err = errors.Join(it.Error(), it.Close())
		if err != nil || len(keys) == 0 {
			return err
		}
		batch := db.NewBatch()
		for _, k := range keys {
			if err := batch.Delete(k); err != nil {
				batch.Close()
				return err
			}
		}
		if err := errors.Join(batch.WriteSync(), batch.Close()); err != nil {
			return err
		}
	}
}

// WaitSnapshot returns when the snapshot being written, if any, is whole.
// It must not run beside Commit (tests call it between blocks).
func (app *App) WaitSnapshot() {
	if app.snapshots != nil {
		app.snapshots.wg.Wait()
	}
}
