package app

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/cosmos/iavl"
)

// SnapshotsKept is how many of its latest snapshots a node keeps.
const SnapshotsKept = 2

// snapshotter takes a snapshot of the state every interval heights, after
// Commit, in a goroutine of its own: from the app's read-only tree (the one
// queries read), so that the export shares no node with the tree the next
// blocks are written to (exporting the live tree while it commits is a data
// race). The block work never waits for it; a snapshot still running
// when the next one is due makes that one skipped.
type snapshotter struct {
	store    *snapshotStore
	interval int64
	logger   log.Logger

	// exporting is the height being exported (0: none): Commit must not
	// prune it while the export reads it.
	exporting atomic.Int64
	stop      chan struct{}
	wg        sync.WaitGroup
}

func newSnapshotter(dir string, interval int64, logger log.Logger) (*snapshotter, error) {
	store, err := openSnapshotStore(dir)
	if err != nil {
		return nil, err
	}
	return &snapshotter{store: store, interval: interval, logger: logger, stop: make(chan struct{})}, nil
}

// afterCommit starts the snapshot of height, read through reader, if one is
// due. It opens the version at once, with CometBFT's mutex held.
func (s *snapshotter) afterCommit(height int64, reader *iavl.MutableTree) {
	if s.interval <= 0 || height%s.interval != 0 {
		return
	}
	if busy := s.exporting.Load(); busy != 0 || !s.exporting.CompareAndSwap(0, height) {
		s.logger.Info("snapshot skipped: the previous one is still being written", "height", height, "writing", busy)
		return
	}
	view, err := reader.GetImmutable(height)
	if err != nil {
		s.exporting.Store(0)
		s.logger.Error("snapshot failed", "height", height, "err", fmt.Errorf("open version %d: %w", height, err))
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.exporting.Store(0)
		snapshot, err := s.take(height, view)
		if err != nil {
			s.logger.Error("snapshot failed", "height", height, "err", err)
			return
		}
		s.logger.Info("snapshot taken", "height", height, "chunks", snapshot.Chunks, "hash", fmt.Sprintf("%X", snapshot.Hash))
	}()
}

// pruneLimit lowers a version to prune up to below the one being exported.
func (s *snapshotter) pruneLimit(toVersion int64) int64 {
	if h := s.exporting.Load(); h != 0 && toVersion >= h {
		return h - 1
	}
	return toVersion
}

// close stops a running export and waits for it; the database may then close.
func (s *snapshotter) close() {
	close(s.stop)
	s.wg.Wait()
}

var errSnapshotStopped = errors.New("node stopping")

func (s *snapshotter) take(height int64, view *iavl.ImmutableTree) (*abci.Snapshot, error) {
	if view.Size() == 0 {
		return nil, fmt.Errorf("version %d is empty", height)
	}
	exporter, err := view.Export()
	if err != nil {
		return nil, err
	}
	defer exporter.Close()
	w, err := s.store.newWriter(height)
	if err != nil {
		return nil, err
	}
	defer w.abandon()
	for {
		select {
		case <-s.stop:
			return nil, errSnapshotStopped
		default:
		}
		node, err := exporter.Next()
		if errors.Is(err, iavl.ErrorExportDone) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := w.add(node); err != nil {
			return nil, err
		}
	}
	snapshot, err := w.finish()
	if err != nil {
		return nil, err
	}
	return snapshot, s.store.prune(SnapshotsKept)
}

// snapshotStore keeps snapshots on disk, one directory per height:
// DIR/HEIGHT/snapshot (the abci.Snapshot, protobuf) and DIR/HEIGHT/chunk-I.
// A snapshot is written under DIR/HEIGHT.tmp and renamed when whole.
type snapshotStore struct {
	dir string
	mu  sync.Mutex // between listing, loading and pruning
}

func openSnapshotStore(dir string) (*snapshotStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") { // cut by a stop or a crash
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return nil, err
			}
		}
	}
	return &snapshotStore{dir: dir}, nil
}

// heights lists the whole snapshots, newest first.
func (s *snapshotStore) heights() ([]uint64, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var heights []uint64
	for _, e := range entries {
		if h, err := strconv.ParseUint(e.Name(), 10, 64); err == nil && e.IsDir() {
			heights = append(heights, h)
		}
	}
	sort.Slice(heights, func(i, j int) bool { return heights[i] > heights[j] })
	return heights, nil
}

// list returns the snapshots, newest first.
func (s *snapshotStore) list() ([]*abci.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	heights, err := s.heights()
	if err != nil {
		return nil, err
	}
	snapshots := make([]*abci.Snapshot, 0, len(heights))
	for _, h := range heights {
		bz, err := os.ReadFile(filepath.Join(s.dir, fmt.Sprint(h), "snapshot"))
		if err != nil {
			return nil, err
		}
		var snapshot abci.Snapshot
		if err := snapshot.Unmarshal(bz); err != nil {
			return nil, fmt.Errorf("snapshot %d: %w", h, err)
		}
		snapshots = append(snapshots, &snapshot)
	}
	return snapshots, nil
}

// chunk reads chunk index of the snapshot at height; nil if there is none.
func (s *snapshotStore) chunk(height uint64, format, index uint32) []byte {
	if format != SnapshotFormat {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	bz, err := os.ReadFile(filepath.Join(s.dir, fmt.Sprint(height), fmt.Sprintf("chunk-%d", index)))
	if err != nil {
		return nil
	}
	return bz
}

// prune removes all but the newest keep snapshots.
func (s *snapshotStore) prune(keep int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	heights, err := s.heights()
	if err != nil {
		return err
	}
	for i := keep; i < len(heights); i++ {
		if err := os.RemoveAll(filepath.Join(s.dir, fmt.Sprint(heights[i]))); err != nil {
			return err
		}
	}
	return nil
}

// snapshotWriter writes one snapshot's chunks as the export produces nodes.
type snapshotWriter struct {
	store  *snapshotStore
	height int64
	tmp    string
	chunk  []byte
	hashes [][]byte
	done   bool
}

func (s *snapshotStore) newWriter(height int64) (*snapshotWriter, error) {
	tmp := filepath.Join(s.dir, fmt.Sprintf("%d.tmp", height))
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, err
	}
	return &snapshotWriter{store: s, height: height, tmp: tmp}, nil
}

func (w *snapshotWriter) add(node *iavl.ExportNode) error {
	w.chunk = appendSnapshotNode(w.chunk, node)
	if len(w.chunk) >= snapshotChunkSize {
		return w.flush()
	}
	return nil
}

func (w *snapshotWriter) flush() error {
	sum := sha256.Sum256(w.chunk)
	if err := writeFileSync(filepath.Join(w.tmp, fmt.Sprintf("chunk-%d", len(w.hashes))), w.chunk); err != nil {
		return err
	}
	w.hashes = append(w.hashes, sum[:])
	w.chunk = w.chunk[:0]
	return nil
}

// finish writes the last chunk and the snapshot's description, then makes
// the snapshot visible.
func (w *snapshotWriter) finish() (*abci.Snapshot, error) {
	if len(w.chunk) > 0 || len(w.hashes) == 0 {
		if err := w.flush(); err != nil {
			return nil, err
		}
	}
	metadata := snapshotMetadata(w.hashes)
	hash := sha256.Sum256(metadata)
	snapshot := &abci.Snapshot{Height: uint64(w.height), Format: SnapshotFormat, Chunks: uint32(len(w.hashes)), Hash: hash[:], Metadata: metadata}
	bz, err := snapshot.Marshal()
	if err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(w.tmp, "snapshot"), bz); err != nil {
		return nil, err
	}
	w.store.mu.Lock()
	defer w.store.mu.Unlock()
	final := filepath.Join(w.store.dir, fmt.Sprint(w.height))
	if err := os.RemoveAll(final); err != nil {
		return nil, err
	}
	if err := os.Rename(w.tmp, final); err != nil {
		return nil, err
	}
	w.done = true
	return snapshot, nil
}

// abandon removes an unfinished snapshot.
func (w *snapshotWriter) abandon() {
	if !w.done {
		_ = os.RemoveAll(w.tmp)
	}
}

func writeFileSync(path string, bz []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(bz); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
