package node

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"
	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/viper"

	"github.com/kpledger/kpledger/core/envelope"
)

// Node defaults of DESIGN §3.
const (
	MempoolSize               = 5000
	DefaultEmptyBlockInterval = 5 * time.Minute
	// DefaultMetricsAddress serves Prometheus metrics (CometBFT's and the
	// app's) on the host only: a scraper on the host, or behind a proxy.
	DefaultMetricsAddress = "127.0.0.1:26660"
	// DefaultDoubleSignCheckHeight: a validator refuses to start while its key
	// signed one of the last 3 blocks — another node may be running with it.
	// After a stop, the node waits until the chain has made 3 blocks.
	DefaultDoubleSignCheckHeight = 3
	// DefaultSnapshotInterval: a state-sync snapshot every 1000 heights,
	// about three and a half days of an idle chain; a node joining by state
	// sync then replays at most that many blocks.
	DefaultSnapshotInterval = 1000
	// DefaultStateGaugesInterval: the state's gauges at most every minute.
	DefaultStateGaugesInterval = time.Minute
	// DefaultGCPercent: Go's default of 100 made garbage collection 16–18%
	// of a 4-validator node's CPU at saturation (`kpd bench`, issue 15's
	// profiles: the block's IAVL writes and the mempool's transactions
	// allocate ~46 MB/s a node); 200 brought it to 10% for ~110 MB more
	// resident memory a node (~390 → ~500 MB).
	DefaultGCPercent = 200
)

// CometConfig returns CometBFT's configuration with kpledger's defaults for a
// node home: mempool of 5000 and the app's tx size, recheck on, invalid txs
// not cached, kv tx indexer, no empty blocks but one every emptyBlockInterval
// so that deadlines advance, state sync's chunks under the home (a container
// image has no /tmp), Prometheus metrics on 127.0.0.1:26660, and the
// double-sign check at start.
func CometConfig(home, moniker string, emptyBlockInterval time.Duration) *cmtcfg.Config {
	c := cmtcfg.DefaultConfig()
	c.SetRoot(home)
	c.Moniker = moniker
	c.Mempool.Size = MempoolSize
	c.Mempool.MaxTxBytes = envelope.MaxTxBytes
	c.Mempool.Recheck = true
	c.Mempool.KeepInvalidTxsInCache = false
	c.TxIndex.Indexer = "kv"
	c.Consensus.CreateEmptyBlocks = false
	c.Consensus.CreateEmptyBlocksInterval = emptyBlockInterval
	c.LogLevel = "info"
	c.StateSync.TempDir = StateSyncTempDir
	c.Instrumentation.Prometheus = true
	c.Instrumentation.PrometheusListenAddr = DefaultMetricsAddress
	c.Consensus.DoubleSignCheckHeight = DefaultDoubleSignCheckHeight
	return c
}

// StateSyncTempDir is where a state-syncing node keeps the chunks it has
// fetched (config.toml's [statesync] temp_dir): relative to the home, like
// CometBFT's other paths, so that a home can move (into a container).
const StateSyncTempDir = "data/statesync"

// LoadCometConfig reads HOME/config/config.toml over CometBFT's defaults.
func LoadCometConfig(home string) (*cmtcfg.Config, error) {
	path := filepath.Join(home, "config", "config.toml")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w (run `kpd init` or `kpd testnet init` first)", path, err)
	}
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	c := cmtcfg.DefaultConfig()
	if err := v.Unmarshal(c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	c.SetRoot(home)
	if err := c.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// WriteCometConfig writes HOME/config/config.toml.
func WriteCometConfig(c *cmtcfg.Config) {
	cmtcfg.EnsureRoot(c.RootDir)
	cmtcfg.WriteConfigFile(filepath.Join(c.RootDir, "config", "config.toml"), c)
}

// AppConfig is HOME/config/app.toml; each setting can be overridden by an
// environment variable KPD_<NAME> (upper-case, '-' as '_').
type AppConfig struct {
	// DBBackend holds the app state: goleveldb (default, see OpenStateDB)
	// or pebbledb.
	DBBackend string `toml:"db-backend"`
	// IAVLCacheSize is the number of IAVL nodes kept in memory.
	IAVLCacheSize int `toml:"iavl-cache-size"`
	// PruningKeepRecent, when positive, keeps only that many recent versions
	// of the state; 0 keeps every version (archive, the default).
	PruningKeepRecent int64 `toml:"pruning-keep-recent"`
	// ServeAddress is the listen address this node's operator reserves for a
	// read-only `kpd serve` beside it (the node itself never serves it).
	ServeAddress string `toml:"serve-address"`
	// SnapshotInterval is the number of heights between two state-sync
	// snapshots this node takes (in data/snapshots, the last two kept) for
	// new nodes to join from; 0 takes none.
	SnapshotInterval int64 `toml:"snapshot-interval"`
	// StateGaugesInterval is the least time between two readings of the
	// state's gauges for the metrics (a scan of the certificates).
	StateGaugesInterval Duration `toml:"state-gauges-interval"`
	// GCPercent is the Go garbage collector's target (GOGC) of the node
	// process: the heap may grow this many percent over the live heap
	// before the next collection.
	GCPercent int `toml:"gc-percent"`
}

// Duration is a time.Duration written as "1m" in app.toml.
type Duration struct{ time.Duration }

// UnmarshalText reads "1m30s".
func (d *Duration) UnmarshalText(text []byte) (err error) {
	d.Duration, err = time.ParseDuration(string(text))
	return err
}

// DefaultAppConfig is app.toml's defaults.
func DefaultAppConfig() AppConfig {
	return AppConfig{DBBackend: "goleveldb", IAVLCacheSize: 100_000, ServeAddress: "127.0.0.1:8080", SnapshotInterval: DefaultSnapshotInterval,
		StateGaugesInterval: Duration{DefaultStateGaugesInterval}, GCPercent: DefaultGCPercent}
}

// LoadAppConfig reads HOME/config/app.toml (defaults when absent) and the
// KPD_ environment overrides.
func LoadAppConfig(home string) (AppConfig, error) {
	c := DefaultAppConfig()
	path := filepath.Join(home, "config", "app.toml")
	if bz, err := os.ReadFile(path); err == nil {
		meta, err := toml.Decode(string(bz), &c)
		if err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
		if undecoded := meta.Undecoded(); len(undecoded) > 0 {
			return c, fmt.Errorf("%s: unknown setting %s", path, undecoded[0])
		}
	} else if !os.IsNotExist(err) {
		return c, err
	}
	for _, o := range []struct {
		name string
		set  func(string) error
	}{
		{"db-backend", func(s string) error { c.DBBackend = s; return nil }},
		{"iavl-cache-size", func(s string) (err error) { c.IAVLCacheSize, err = strconv.Atoi(s); return }},
		{"pruning-keep-recent", func(s string) (err error) { c.PruningKeepRecent, err = strconv.ParseInt(s, 10, 64); return }},
		{"serve-address", func(s string) error { c.ServeAddress = s; return nil }},
		{"snapshot-interval", func(s string) (err error) { c.SnapshotInterval, err = strconv.ParseInt(s, 10, 64); return }},
		{"state-gauges-interval", func(s string) error { return c.StateGaugesInterval.UnmarshalText([]byte(s)) }},
		{"gc-percent", func(s string) (err error) { c.GCPercent, err = strconv.Atoi(s); return }},
	} {
		env := "KPD_" + strings.ToUpper(strings.ReplaceAll(o.name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := o.set(v); err != nil {
				return c, fmt.Errorf("%s=%q: %w", env, v, err)
			}
		}
	}
	switch c.DBBackend {
	case "goleveldb", "pebbledb":
	default:
		return c, fmt.Errorf("db-backend %q: goleveldb or pebbledb", c.DBBackend)
	}
	if c.PruningKeepRecent < 0 || c.PruningKeepRecent == 1 || c.IAVLCacheSize < 0 || c.SnapshotInterval < 0 || c.StateGaugesInterval.Duration <= 0 {
		return c, fmt.Errorf("%s: pruning-keep-recent is 0 (keep all) or at least 2, iavl-cache-size and snapshot-interval are not negative, "+
			"state-gauges-interval is positive", path)
	}
	if c.GCPercent <= 0 {
		return c, fmt.Errorf("%s: gc-percent %d: positive", path, c.GCPercent)
	}
	return c, nil
}

var appTOML = template.Must(template.New("app.toml").Parse(`# kpledger application settings. Each can be overridden by an environment
# variable KPD_<NAME>, e.g. KPD_PRUNING_KEEP_RECENT=100000.

# Database of the application state (the IAVL tree): goleveldb (with bloom
# filters and a 64 MB block cache) or pebbledb.
db-backend = "{{.DBBackend}}"

# IAVL nodes kept in memory.
iavl-cache-size = {{.IAVLCacheSize}}

# 0 keeps every version of the state, so that any height can be queried
# (archive, the default). N > 0 keeps the last N versions; queries at older
# heights then answer "pruned". Blocks are never pruned.
pruning-keep-recent = {{.PruningKeepRecent}}

# Default listen address of ` + "`kpd serve`" + `.
serve-address = "{{.ServeAddress}}"

# A state-sync snapshot of the state every N heights (0: none), in
# data/snapshots, the last two kept: a new node joins the network from one in
# minutes instead of replaying the chain. Taken in the background, from a
# read-only view of the state.
snapshot-interval = {{.SnapshotInterval}}

# The metrics' state gauges (certificates by status, overdue, flags) are read
# again at most this often, when blocks were committed: each reading scans
# the certificates on a read-only view of the state.
state-gauges-interval = "{{.StateGaugesInterval.Duration}}"

# The Go garbage collector's target (GOGC) for the node process: the heap
# grows this many percent over the live heap before the next collection.
# Higher spends less CPU on collection and more memory.
gc-percent = {{.GCPercent}}
`))

// WriteAppConfig writes HOME/config/app.toml.
func WriteAppConfig(home string, c AppConfig) error {
	var buf bytes.Buffer
	if err := appTOML.Execute(&buf, c); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(home, "config", "app.toml"), buf.Bytes(), 0o644)
}
