package local

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileName is the network description in a test network's directory.
const FileName = "network.json"

// Network is DIR/network.json.
type Network struct {
	ChainID        string `json:"chain_id"`
	KeyringDir     string `json:"keyring_dir"`
	KeyringBackend string `json:"keyring_backend"`
	Nodes          []Node `json:"nodes"`
}

// Node is one node of a test network. Addresses are tcp://127.0.0.1:PORT.
type Node struct {
	Name        string `json:"name"`
	Participant string `json:"participant"`
	Validator   bool   `json:"validator"`
	Home        string `json:"home"`
	NodeID      string `json:"node_id"`
	P2P         string `json:"p2p"`
	RPC         string `json:"rpc"`
	Metrics     string `json:"metrics"` // HOST:PORT of /metrics
	PidFile     string `json:"pid_file"`
	LogFile     string `json:"log_file"`
}

// Ports of node i of a network with base port p.
func P2PPort(base, i int) int   { return base + 10*i }
func RPCPort(base, i int) int   { return base + 10*i + 1 }
func ServePort(base, i int) int { return base + 10*i + 2 }

// MetricsPort is node i's Prometheus port.
func MetricsPort(base, i int) int { return base + 10*i + 3 }

// Address is the tcp address of a loopback port.
func Address(port int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", port) }

// HostPort strips the scheme of an address: "127.0.0.1:26601".
func HostPort(address string) string { return strings.TrimPrefix(address, "tcp://") }

// Load reads DIR/network.json.
func Load(dir string) (*Network, error) {
	bz, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		return nil, err
	}
	var n Network
	if err := json.Unmarshal(bz, &n); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, FileName), err)
	}
	return &n, nil
}

// Save writes DIR/network.json.
func (n *Network) Save(dir string) error {
	bz, err := json.MarshalIndent(n, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, FileName), append(bz, '\n'), 0o644)
}
