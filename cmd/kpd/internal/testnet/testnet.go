package testnet

import (
	"encoding/hex"
	"fmt"
	stdnet "net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"

	"github.com/kpledger/kpledger/client/keyring"
	"github.com/kpledger/kpledger/cmd/kpd/internal/node"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/networks/kp2005"
	"github.com/kpledger/kpledger/networks/local"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// HomeInfo is what a new node home is known by.
type HomeInfo struct {
	NodeID          string
	ValidatorPubKey []byte
}

// NetworkSettings of a new node's config.toml; empty fields keep CometBFT's
// defaults.
type NetworkSettings struct {
	Peers, P2P, RPC string
	// SignerLaddr, when set, is priv_validator_laddr: the node's validator
	// key is held by a remote signer (`kpd signer`) that dials it there.
	SignerLaddr string
	// StateSync, when set, makes the node join from a snapshot.
	StateSync *StateSync
}

// StateSync is how a new node joins by state sync: two RPC servers of the
// network (one checks the other) and a root of trust handed over out of band
// (`kpd comet trust-point`).
type StateSync struct {
	RPCServers  []string
	TrustHeight int64
	TrustHash   string
}

// check refuses settings CometBFT would refuse at start.
func (s *StateSync) check() error {
	if len(s.RPCServers) < 2 {
		return fmt.Errorf("state sync needs two RPC servers of the network (--rpc-servers A,B): one checks the other")
	}
	if s.TrustHeight < 1 {
		return fmt.Errorf("state sync needs --trust-height (see `kpd comet trust-point`)")
	}
	if hash, err := hex.DecodeString(s.TrustHash); err != nil || len(hash) != 32 {
		return fmt.Errorf("--trust-hash %q: want the 64 hex digits of a block hash (see `kpd comet trust-point`)", s.TrustHash)
	}
	return nil
}

// InitHome creates (or completes) a node home, keeping existing files; net
// applies to a config.toml it creates.
func InitHome(home, moniker, chainID string, emptyBlockInterval time.Duration, net NetworkSettings) (*HomeInfo, error) {
	conf := node.CometConfig(home, moniker, emptyBlockInterval)
	if net.Peers != "" {
		ids, private, err := peerIDs(net.Peers)
		if err != nil {
			return nil, err
		}
		conf.P2P.PersistentPeers = net.Peers
		conf.P2P.UnconditionalPeerIDs = strings.Join(ids, ",")
		conf.P2P.AddrBookStrict = !private
	}
	if net.P2P != "" {
		conf.P2P.ListenAddress = net.P2P
	}
	if net.RPC != "" {
		conf.RPC.ListenAddress = net.RPC
	}
	if net.SignerLaddr != "" {
		conf.PrivValidatorListenAddr = net.SignerLaddr
	}
	if s := net.StateSync; s != nil {
		if err := s.check(); err != nil {
			return nil, err
		}
		conf.StateSync.Enable = true
		conf.StateSync.RPCServers = s.RPCServers
		conf.StateSync.TrustHeight = s.TrustHeight
		conf.StateSync.TrustHash = strings.ToUpper(s.TrustHash)
	}
	if _, err := os.Stat(filepath.Join(home, "config", "config.toml")); os.IsNotExist(err) {
		node.WriteCometConfig(conf)
	} else if conf, err = node.LoadCometConfig(home); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(home, "config", "app.toml")); os.IsNotExist(err) {
		if err := node.WriteAppConfig(home, node.DefaultAppConfig()); err != nil {
			return nil, err
		}
	}
	pv, err := privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile(), nil)
	if err != nil {
		return nil, fmt.Errorf("validator key: %w", err)
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
	if err != nil {
		return nil, fmt.Errorf("node key: %w", err)
	}
	if _, err := os.Stat(conf.GenesisFile()); os.IsNotExist(err) {
		if err := genesis.New(chainID, time.Now()).Save(conf.GenesisFile()); err != nil {
			return nil, err
		}
	}
	pub, err := pv.GetPubKey()
	if err != nil {
		return nil, err
	}
	return &HomeInfo{NodeID: string(nodeKey.ID()), ValidatorPubKey: pub.Bytes()}, nil
}

// peerIDs reads --peers (ID@HOST:PORT,...): the node ids, and whether any
// address is private (RFC 1918, loopback). The authorities' nodes are
// unconditional peers — CometBFT's limits of 40 inbound and 10 outbound
// peers are below a mesh of 45 — and a network on private addresses needs
// the address book to accept them (addr_book_strict = false).
func peerIDs(peers string) (ids []string, private bool, err error) {
	for _, p := range strings.Split(peers, ",") {
		id, address, ok := strings.Cut(strings.TrimSpace(p), "@")
		if !ok || id == "" {
			return nil, false, fmt.Errorf("peer %q: want ID@HOST:PORT (`kpd comet show-node-id` on that node)", p)
		}
		host, _, err := stdnet.SplitHostPort(address)
		if err != nil {
			return nil, false, fmt.Errorf("peer %q: %w", p, err)
		}
		if ip := stdnet.ParseIP(host); ip != nil && (ip.IsPrivate() || ip.IsLoopback()) {
			private = true
		}
		ids = append(ids, id)
	}
	return ids, private, nil
}

// Options of a test network.
type Options struct {
	Dir                     string
	ChainID                 string
	Validators, BasePort    int
	Participants, Observers []string
	KP2005                  bool
	// BeforeMoscow: the 2005 network as the Moscow plenary opens (KP2005).
	BeforeMoscow bool
	// LedgerTime is the ledger's time at genesis (zero: the genesis time,
	// now; with KP2005 the Moscow plenary: its opening before it, its close
	// after). SpeedUp makes ledger time run faster than block time. Either
	// gives the genesis a test network's clock (core/module/clock.go).
	LedgerTime time.Time
	SpeedUp    uint32
	// ValidatorParticipants name who validates, in node order (default:
	// with KP2005 kp2005.ValidatorOrder, otherwise the voting participants in
	// order).
	ValidatorParticipants []string
	Embargoes             []string
	IssuerEmbargoes       []string
	// Edit, when set, changes the genesis before the validators are added
	// (the bench registers its signers' keys).
	Edit func(*genesis.Document) error
	// MempoolSize overrides the mempool size (0: the default, 5000).
	MempoolSize int
	// SnapshotInterval is app.toml's snapshot-interval (0: no snapshots).
	SnapshotInterval int64
	// StateGaugesInterval is app.toml's state-gauges-interval (0: default).
	StateGaugesInterval               time.Duration
	EmptyBlockInterval, TimeoutCommit time.Duration
}

// SplitCodes reads a comma-separated list of codes, upper-cased.
func SplitCodes(s string) []string {
	var codes []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(strings.ToUpper(c)); c != "" {
			codes = append(codes, c)
		}
	}
	return codes
}

// Init writes a test network; see `kpd testnet init --help`.
func Init(o Options) (*local.Network, error) {
	if o.Validators < 1 {
		return nil, fmt.Errorf("--validators %d: at least 1", o.Validators)
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: remove it or choose another --output", o.Dir)
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	g, err := testnetRegistry(o)
	if err != nil {
		return nil, err
	}
	for _, origin := range o.Embargoes {
		reference := "testnet genesis"
		if origin == "CI" {
			reference = kp2005.CoteDIvoireResolution
		}
		if err := g.AddEmbargo(origin, reference); err != nil {
			return nil, err
		}
	}
	for _, code := range o.IssuerEmbargoes {
		reference := "testnet genesis"
		if code == "CI" {
			reference = kp2005.CoteDIvoireResolution
		}
		if err := g.AddIssuerEmbargo(code, reference); err != nil {
			return nil, err
		}
	}
	keyringDir := filepath.Join(dir, "keyring")
	kr, err := keyring.Open(keyring.BackendTest, keyringDir, nil)
	if err != nil {
		return nil, err
	}
	var voters []string
	for _, p := range g.Registry.Participants {
		active := p.Status == participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE
		for _, k := range participantKeys {
			name := strings.ToLower(p.Code) + "-" + k.suffix
			key, err := kr.Add(name)
			if err != nil {
				return nil, err
			}
			// An applicant's keys wait in the keyring: its admission
			// registers its admin key.
			if !active {
				continue
			}
			if err := g.AddKey(key.PubKey, k.role, p.Code, k.title+" of "+p.Name); err != nil {
				return nil, err
			}
		}
		if active && p.Kind != participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY {
			voters = append(voters, p.Code)
		}
	}
	for _, obs := range g.Registry.Observers {
		key, err := kr.Add(strings.ToLower(obs.Code) + "-observer")
		if err != nil {
			return nil, err
		}
		if err := g.AddKey(key.PubKey, envelope.Role_ROLE_OBSERVER, obs.Code, obs.Name); err != nil {
			return nil, err
		}
	}
	if o.Edit != nil {
		if err := o.Edit(g); err != nil {
			return nil, err
		}
	}
	if voters, err = validatorOrder(o, voters); err != nil {
		return nil, err
	}
	if o.Validators > len(voters) {
		return nil, fmt.Errorf("--validators %d but only %d voting participants (%s)", o.Validators, len(voters), strings.Join(voters, ","))
	}

	n := &local.Network{ChainID: o.ChainID, KeyringDir: keyringDir, KeyringBackend: keyring.BackendTest}
	for i := 0; i < o.Validators; i++ {
		home := filepath.Join(dir, fmt.Sprintf("node%d", i))
		info, err := InitHome(home, fmt.Sprintf("node%d-%s", i, strings.ToLower(voters[i])), o.ChainID, o.EmptyBlockInterval, NetworkSettings{})
		if err != nil {
			return nil, err
		}
		if err := g.AddValidator(voters[i], info.ValidatorPubKey); err != nil {
			return nil, err
		}
		n.Nodes = append(n.Nodes, local.Node{
			Name: fmt.Sprintf("node%d", i), Participant: voters[i], Validator: true, Home: home, NodeID: info.NodeID,
			P2P: local.Address(local.P2PPort(o.BasePort, i)), RPC: local.Address(local.RPCPort(o.BasePort, i)),
			Metrics: fmt.Sprintf("127.0.0.1:%d", local.MetricsPort(o.BasePort, i)),
			PidFile: filepath.Join(home, "kpd.pid"), LogFile: filepath.Join(home, "kpd.log"),
		})
	}
	for i, nd := range n.Nodes {
		if err := configureLocalNode(n, i, o); err != nil {
			return nil, err
		}
		if err := g.Save(filepath.Join(nd.Home, "config", "genesis.json")); err != nil {
			return nil, err
		}
	}
	if err := n.Save(dir); err != nil {
		return nil, err
	}
	return n, nil
}

// testnetRegistry is the network's genesis before keys and validators: the
// whole 2005 network (--kp2005, after the Moscow plenary or before it), or
// the listed participants and observers; with the clock the options ask for.
func testnetRegistry(o Options) (*genesis.Document, error) {
	now := time.Now()
	ledger := o.LedgerTime
	if o.KP2005 && ledger.IsZero() {
		ledger = kp2005.ClosingTime
		if o.BeforeMoscow {
			ledger = kp2005.GenesisTime
		}
	}
	var g *genesis.Document
	var err error
	switch {
	case o.BeforeMoscow && !o.KP2005:
		return nil, fmt.Errorf("--before-moscow is a state of the 2005 network: add --kp2005")
	case o.BeforeMoscow:
		g, err = kp2005.GenesisBeforeMoscow(o.ChainID, now)
	case o.KP2005:
		g, err = kp2005.Genesis(o.ChainID, now)
	default:
		g, err = participantsRegistry(o, now)
	}
	if err != nil {
		return nil, err
	}
	if !ledger.IsZero() || o.SpeedUp > 1 {
		g.Clock = &module.ClockGenesis{TestNetwork: true, SpeedUp: o.SpeedUp}
		if !ledger.IsZero() {
			g.Clock.LedgerTime = ledger.UTC().Format(time.RFC3339)
		}
		if err := g.Clock.Validate(); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// validatorOrder puts the voting participants in the order they get
// validators: --validator-participants, or with --kp2005 the 2005 Chair,
// Vice-Chair and largest producers first.
func validatorOrder(o Options, voters []string) ([]string, error) {
	if len(o.ValidatorParticipants) > 0 {
		for _, code := range o.ValidatorParticipants {
			if !slices.Contains(voters, code) {
				return nil, fmt.Errorf("--validator-participants: %s is not an active voting participant of this network", code)
			}
		}
		if len(o.ValidatorParticipants) != o.Validators {
			return nil, fmt.Errorf("--validator-participants names %d, --validators is %d", len(o.ValidatorParticipants), o.Validators)
		}
		rest := slices.DeleteFunc(slices.Clone(voters), func(c string) bool { return slices.Contains(o.ValidatorParticipants, c) })
		return append(slices.Clone(o.ValidatorParticipants), rest...), nil
	}
	if o.KP2005 {
		return kp2005.ValidatorOrder(voters), nil
	}
	return voters, nil
}

// participantsRegistry is a network of the listed 2005 participants and
// observers.
func participantsRegistry(o Options, now time.Time) (*genesis.Document, error) {
	g := genesis.New(o.ChainID, now)
	for _, code := range o.Participants {
		p, ok := kp2005.LookupParticipant(code)
		if !ok {
			return nil, fmt.Errorf("participant %s is not in the 2005 KP list", code)
		}
		if err := g.AddParticipant(p.Code, p.Name, p.Kind); err != nil {
			return nil, err
		}
		if err := g.SetTimeZone(p.Code, p.TimeZone); err != nil {
			return nil, err
		}
		if err := g.SetNonProducer(p.Code, p.NonProducer); err != nil {
			return nil, err
		}
	}
	for _, code := range o.Observers {
		obs, ok := kp2005.LookupObserver(code)
		if !ok {
			return nil, fmt.Errorf("observer %s is not in the 2005 KP list", code)
		}
		if err := g.AddObserver(obs.Code, obs.Name, obs.Kind); err != nil {
			return nil, err
		}
	}
	return g, nil
}

var participantKeys = []struct {
	suffix, title string
	role          envelope.Role
}{
	{"admin", "Administrator", envelope.Role_ROLE_ADMIN},
	{"issuer", "Exporting Authority", envelope.Role_ROLE_ISSUER},
	{"customs", "Importing Authority", envelope.Role_ROLE_IMPORTER_AUTHORITY},
	{"exporter", "Licensed exporter", envelope.Role_ROLE_EXPORTER},
	{"importer", "Licensed importer", envelope.Role_ROLE_IMPORTER},
}

// configureLocalNode writes node i's config.toml and app.toml for loopback:
// its ports, every other node as a persistent peer, no double-sign check at
// start (tests stop and start validators at once).
func configureLocalNode(n *local.Network, i int, o Options) error {
	nd := n.Nodes[i]
	conf := node.CometConfig(nd.Home, fmt.Sprintf("node%d-%s", i, strings.ToLower(nd.Participant)), o.EmptyBlockInterval)
	conf.P2P.ListenAddress = nd.P2P
	conf.RPC.ListenAddress = nd.RPC
	conf.P2P.AllowDuplicateIP = true
	conf.P2P.AddrBookStrict = false
	conf.P2P.PexReactor = false
	conf.Consensus.TimeoutCommit = o.TimeoutCommit
	conf.Consensus.DoubleSignCheckHeight = 0
	conf.Instrumentation.PrometheusListenAddr = nd.Metrics
	if o.MempoolSize > 0 {
		conf.Mempool.Size = o.MempoolSize
	}
	var peers []string
	for j, other := range n.Nodes {
		if j != i {
			peers = append(peers, other.NodeID+"@"+local.HostPort(other.P2P))
		}
	}
	conf.P2P.PersistentPeers = strings.Join(peers, ",")
	node.WriteCometConfig(conf)
	appConf := node.DefaultAppConfig()
	appConf.ServeAddress = fmt.Sprintf("127.0.0.1:%d", local.ServePort(o.BasePort, i))
	appConf.SnapshotInterval = o.SnapshotInterval
	if o.StateGaugesInterval > 0 {
		appConf.StateGaugesInterval = node.Duration{Duration: o.StateGaugesInterval}
	}
	return node.WriteAppConfig(nd.Home, appConf)
}
