package bench

import (
	"math"
	"time"
)

// KPCertificatesPerYear is the Kimberley Process's real load: about 57,000
// certificates a year, each issued, handed over and confirmed.
const KPCertificatesPerYear = 57_000

// TxsPerLifecycle is the transactions of a certificate's lifecycle: issue,
// transfer, confirm.
const TxsPerLifecycle = 3

// DiskYear is the disk one node fills in a year of the KP's load,
// derived from the bench's measured bytes (DiskPerYear).
type DiskYear struct {
	Certificates int     `json:"certificates"`
	Txs          int     `json:"txs"`
	TxBlocks     float64 `json:"tx_blocks"`
	EmptyBlocks  float64 `json:"empty_blocks"`
	// EmptyBlockInterval is the network's empty-block interval, in seconds.
	EmptyBlockInterval float64 `json:"empty_block_interval_s"`
	// App state: every version kept (an archive node), and the latest
	// version only (a pruned or state-synced node).
	AppHistoryBytes float64 `json:"app_history_bytes"`
	AppLiveBytes    float64 `json:"app_live_bytes"`
	// CometBFT's stores: each transaction's bytes and index entries, and
	// each block's header, commit and results.
	TxBytes    float64 `json:"tx_bytes"`
	BlockBytes float64 `json:"block_bytes"`
	// Total is an archive node's: AppHistoryBytes + TxBytes + BlockBytes.
	Total float64 `json:"total_bytes"`
}

// DiskPerYear derives a year's disk from the measured bytes, for
// certificates lifecycles a year arriving one at a time (the KP's load: a
// transaction every three minutes on average, so each is alone in its
// block) on a network that makes an empty block after emptyInterval
// without transactions:
//   - app state: certificates × the retained history per lifecycle (at one
//     lifecycle transaction per block, as here; it holds the live state);
//   - transactions: 3 × certificates × (block store + state.db + tx index
//     bytes per transaction of the saturated chain, where block overhead
//     is spread over thousands of transactions);
//   - blocks: one per transaction, plus the empty blocks of idle gaps —
//     with transactions arriving at random (Poisson) at mean gap g, a gap
//     holds on average Σₖ e^(−k·I/g) = e^(−I/g)/(1−e^(−I/g)) empty blocks
//     of interval I — each costing the 45-validator empty block's block
//     store and state.db bytes; an empty block also stores an app version.
func DiskPerYear(s Storage, certificates int, emptyInterval time.Duration) DiskYear {
	txs := TxsPerLifecycle * certificates
	y := DiskYear{Certificates: certificates, Txs: txs, TxBlocks: float64(txs), EmptyBlockInterval: emptyInterval.Seconds()}
	if txs > 0 && emptyInterval > 0 {
		gap := (365 * 24 * time.Hour).Seconds() / float64(txs)
		q := math.Exp(-emptyInterval.Seconds() / gap)
		y.EmptyBlocks = float64(txs) * q / (1 - q)
	}
	y.AppHistoryBytes = float64(certificates)*s.HistoryBytesPerLifecycle + y.EmptyBlocks*s.AppBytesPerEmptyBlock
	y.AppLiveBytes = float64(certificates) * s.LiveBytesPerLifecycle
	y.TxBytes = float64(txs) * (s.BlockStoreBytesPerTx + s.StateBytesPerTx + s.TxIndexBytesPerTx)
	y.BlockBytes = (y.TxBlocks + y.EmptyBlocks) * (s.BlockStoreBytesPerEmptyBlock + s.StateBytesPerEmptyBlock)
	y.Total = y.AppHistoryBytes + y.TxBytes + y.BlockBytes
	return y
}
