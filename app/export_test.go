package app

// SetSnapshotChunkSize makes snapshot chunks small, so that a test's state
// spans several; it returns the function that restores the size.
func SetSnapshotChunkSize(n int) (restore func()) {
	old := snapshotChunkSize
	snapshotChunkSize = n
	return func() { snapshotChunkSize = old }
}
