package network

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// link is one direction of one P2P link through a TCP proxy the test owns
// on 127.0.0.1: node from dials port to reach node to. Cut closes its
// connections and its listener, so that dials are refused; open listens
// again on the same port.
type link struct {
	from, to int
	port     int
	target   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
}

func (l *link) open() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", l.port))
	if err != nil {
		return fmt.Errorf("proxy node%d→node%d on %d: %w", l.from, l.to, l.port, err)
	}
	l.ln, l.conns = ln, map[net.Conn]struct{}{}
	go l.serve(ln)
	return nil
}

func (l *link) serve(ln net.Listener) {
	for {
		in, err := ln.Accept()
		if err != nil {
			return // cut
		}
		out, err := net.Dial("tcp", l.target)
		if err != nil {
			in.Close()
			continue
		}
		if !l.track(ln, in, out) {
			in.Close()
			out.Close()
			return
		}
		go l.pipe(in, out)
		go l.pipe(out, in)
	}
}

// track records a proxied connection unless the link was cut meanwhile.
func (l *link) track(ln net.Listener, conns ...net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln != ln {
		return false
	}
	for _, c := range conns {
		l.conns[c] = struct{}{}
	}
	return true
}

func (l *link) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
	l.mu.Lock()
	delete(l.conns, dst)
	delete(l.conns, src)
	l.mu.Unlock()
}

func (l *link) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln == nil {
		return
	}
	l.ln.Close()
	for c := range l.conns {
		c.Close()
	}
	l.ln, l.conns = nil, nil
}

// proxyPort is the port of the proxy that node from dials to reach node to:
// offsets 4..9 of from's ten ports (after P2P, RPC, serve and metrics), one
// per other node.
func proxyPort(base, from, to int) int {
	slot := to
	if to > from {
		slot--
	}
	return base + 10*from + 4 + slot
}

// maxProxiedNodes is the most nodes whose links fit in a node's ports.
const maxProxiedNodes = 7

var persistentPeers = regexp.MustCompile(`(?m)^persistent_peers = ".*"$`)

// proxyLinks points every node's persistent peers at proxies and opens them.
func (c *Cluster) proxyLinks() error {
	n := len(c.Network.Nodes)
	if n > maxProxiedNodes {
		return fmt.Errorf("at most %d proxied nodes", maxProxiedNodes)
	}
	for i, nd := range c.Network.Nodes {
		var peers []string
		for j, other := range c.Network.Nodes {
			if j == i {
				continue
			}
			l := &link{from: i, to: j, port: proxyPort(c.basePort, i, j), target: strings.TrimPrefix(other.P2P, "tcp://")}
			c.links = append(c.links, l)
			peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", other.NodeID, l.port))
		}
		config := filepath.Join(nd.Home, "config", "config.toml")
		bz, err := os.ReadFile(config)
		if err != nil {
			return err
		}
		text := persistentPeers.ReplaceAllString(string(bz), fmt.Sprintf("persistent_peers = %q", strings.Join(peers, ",")))
		if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
			return err
		}
	}
	for _, l := range c.links {
		if err := l.open(); err != nil {
			return err
		}
	}
	return nil
}

// Partition cuts every P2P link between nodes of different groups (closing
// its connections and refusing new ones) and keeps or reopens the links
// within a group; a node in no group is cut off from all. It needs
// Options.Proxied. Keep a cut under 90 s: CometBFT redials a persistent
// peer 20 times 5 s apart, then backs off exponentially.
func (c *Cluster) Partition(groups ...[]int) {
	c.t.Helper()
	if len(c.links) == 0 {
		c.t.Fatal("Partition needs Options.Proxied")
	}
	group := map[int]int{}
	for g, nodes := range groups {
		for _, i := range nodes {
			group[i] = g + 1
		}
	}
	for _, l := range c.links {
		if g := group[l.from]; g != 0 && g == group[l.to] {
			if err := l.open(); err != nil {
				c.t.Fatal(err)
			}
		} else {
			l.cut()
		}
	}
}

// Isolate cuts nodes off from every other node (and from each other).
func (c *Cluster) Isolate(nodes ...int) {
	c.t.Helper()
	var rest []int
	for i := range c.Network.Nodes {
		if !slices.Contains(nodes, i) {
			rest = append(rest, i)
		}
	}
	c.Partition(rest)
}

// Heal reopens every link.
func (c *Cluster) Heal() {
	c.t.Helper()
	all := make([]int, len(c.Network.Nodes))
	for i := range all {
		all[i] = i
	}
	c.Partition(all)
}

func (c *Cluster) closeLinks() {
	for _, l := range c.links {
		l.cut()
	}
}
