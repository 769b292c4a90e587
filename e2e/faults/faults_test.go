//go:build faults

package faults_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtcons "github.com/cometbft/cometbft/api/cometbft/consensus/v1"

	"github.com/kpledger/kpledger/testutil/network"
)

// TestFourValidatorsUnderFaults: four validators and eight issuing
// authorities sending certificates all along; in turn a validator is
// killed, two are, all four are, one is frozen, one restarts with a torn
// consensus WAL, one is cut off the network and the network is split in
// two (every P2P link runs through a proxy the test owns). After each fault every node agrees and holds every acknowledged
// transaction, and the certificates are what the load's model says.
func TestFourValidatorsUnderFaults(t *testing.T) {
	issuers := []string{"BW", "EU", "ZA", "RU", "CA", "IN", "AU", "NA"}
	c := network.New(t, network.Options{
		Validators: 4, Participants: issuers, Proxied: true,
		EmptyBlockInterval: 5 * time.Minute, WaitTimeout: 90 * time.Second,
	})
	c.StartAll()
	c.WaitAll(1)
	l := startLoad(t, c, issuers)
	k := newChecker(t, l, "4 validators, 8 issuers sending certificates, P2P through the test's proxies")
	defer k.report.print()
	all := []int{0, 1, 2, 3}

	from := time.Now()
	waitAcks(t, l, from, 40)
	k.verify("none (baseline)", from, "–")

	from = time.Now()
	waitAcks(t, l, from, 20)
	c.Kill(1)
	down := time.Now()
	waitAcks(t, l, down, 30) // the load goes on with three of four
	c.Start(1)
	k.verify("SIGKILL node1 (load went on with 3 of 4), restart", from, caughtUp(t, l, 1, all))

	from = time.Now()
	waitAcks(t, l, from, 20)
	c.Kill(1)
	c.Kill(2)
	noBlocks(t, l, []int{0, 3}, 10*time.Second)
	c.Start(1)
	c.Start(2)
	k.verify("SIGKILL node1 and node2 (no block for 10 s with 2 of 4), restart both", from, caughtUpAll(t, l, all))

	from = time.Now()
	waitAcks(t, l, from, 20)
	for _, i := range all {
		c.Kill(i)
	}
	for _, i := range all {
		c.Start(i)
	}
	k.verify("SIGKILL all four, restart", from, caughtUpAll(t, l, all))

	from = time.Now()
	waitAcks(t, l, from, 20)
	c.Pause(2)
	frozen := time.Now()
	waitAcks(t, l, frozen, 20)
	time.Sleep(time.Until(frozen.Add(15 * time.Second))) // the fault lasts 15 s
	c.Resume(2)
	k.verify("SIGSTOP node2 15 s (load went on), SIGCONT", from, caughtUp(t, l, 2, all))

	from = time.Now()
	waitAcks(t, l, from, 20)
	l.pause()
	k.settle() // a quiet network: node3 restarts at the others' height and replays its WAL
	wal := filepath.Join(c.Node(3).Home, "data", "cs.wal", "wal")
	var cut int64
	for try := 0; cut == 0; try++ {
		waitMidHeight(t, wal)
		c.Kill(3)
		if cut = tearWALTail(t, wal); cut == 0 && try < 3 {
			c.Start(3) // a block ended as it died: again
		} else if cut == 0 {
			t.Fatalf("%s: node3 never died in the middle of a height", wal)
		}
	}
	logStart := fileSize(t, c.Node(3).LogFile)
	c.Start(3)
	repaired := waitLog(t, c.Node(3).LogFile, logStart, "Successfully repaired WAL file")
	l.resume()
	recovery := caughtUp(t, l, 3, all)
	waitAcks(t, l, from, 20)
	k.verify(fmt.Sprintf("SIGKILL node3, %d B cut off its WAL mid-record, restart (%s)", cut, repaired), from, recovery)

	from = time.Now()
	waitAcks(t, l, from, 20)
	c.Isolate(1)
	cutOff := time.Now()
	waitAcks(t, l, cutOff, 30)                           // the other three go on
	time.Sleep(time.Until(cutOff.Add(20 * time.Second))) // the cut lasts 20 s
	if alone, rest := height(l, 1), height(l, 0); alone >= rest {
		t.Fatalf("node1 cut off at height %d, the others at %d: the cut did not hold", alone, rest)
	}
	c.Heal()
	k.verify("node1 cut off the network 20 s (load went on), healed", from, caughtUp(t, l, 1, all))

	from = time.Now()
	waitAcks(t, l, from, 20)
	c.Partition([]int{0, 1}, []int{2, 3})
	noBlocks(t, l, all, 15*time.Second)
	c.Heal()
	k.verify("network split 2–2 (no block for 15 s), healed", from, caughtUpAll(t, l, all))
}

// TestSevenValidatorsOneThird: of seven validators, five hold more than two
// thirds: with two stopped blocks go on, with a third stopped the chain
// halts without forking, and once they are back all agree.
func TestSevenValidatorsOneThird(t *testing.T) {
	codes := []string{"BW", "EU", "ZA", "RU", "CA", "IN", "AU"}
	c := network.New(t, network.Options{Validators: 7, Participants: codes, EmptyBlockInterval: 5 * time.Minute, WaitTimeout: 90 * time.Second})
	c.StartAll()
	c.WaitAll(1)
	l := startLoad(t, c, codes[:4])
	k := newChecker(t, l, "7 validators, 4 issuers sending certificates")
	defer k.report.print()
	all := []int{0, 1, 2, 3, 4, 5, 6}

	from := time.Now()
	waitAcks(t, l, from, 20)
	k.verify("none (baseline)", from, "–")

	from = time.Now()
	c.Stop(5)
	c.Stop(6)
	stopped := time.Now()
	before := height(l, 0)
	waitAcks(t, l, stopped, 12)
	if after := height(l, 0); after < before+3 {
		t.Fatalf("with 5 of 7 validators: height %d → %d", before, after)
	}
	c.Stop(4)
	noBlocks(t, l, []int{0, 1, 2, 3}, 10*time.Second)
	for _, i := range []int{4, 5, 6} {
		c.Start(i)
	}
	k.verify("stop 2 of 7 (blocks went on), then a 3rd (no block for 10 s), restart", from, caughtUpAll(t, l, all))
}

// waitAcks waits until n transactions sent since from are acknowledged.
func waitAcks(t *testing.T, l *load, from time.Time, n int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for l.acknowledgedSince(from) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d transactions acknowledged in 90 s; outcomes since: %s; nodes: %s", l.acknowledgedSince(from), l.outcomesSince(from), l.nodeStates())
		}
		time.Sleep(100 * time.Millisecond) // polling the load's record
	}
}

// height is a node's latest height, or -1 when it does not answer.
func height(l *load, i int) int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	status, err := l.rpcs[i].Status(ctx)
	if err != nil {
		return -1
	}
	return status.SyncInfo.LatestBlockHeight
}

// caughtUp waits until node i answers at the height of the highest node
// and returns how long that took.
func caughtUp(t *testing.T, l *load, i int, nodes []int) string {
	t.Helper()
	start := time.Now()
	deadline := start.Add(90 * time.Second)
	for {
		top := int64(0)
		for _, j := range nodes {
			top = max(top, height(l, j))
		}
		if h := height(l, i); h > 0 && h >= top {
			return fmt.Sprintf("%.1f s", time.Since(start).Seconds())
		}
		if time.Now().After(deadline) {
			t.Fatalf("node%d did not catch up in 90 s", i)
		}
		time.Sleep(100 * time.Millisecond) // polling the nodes
	}
}

// caughtUpAll waits until every node answers and the chain has grown past
// the highest height any had, then until every node is there: the first
// new block after a restart or a heal, and the slowest node's catch-up.
func caughtUpAll(t *testing.T, l *load, nodes []int) string {
	t.Helper()
	start := time.Now()
	deadline := start.Add(90 * time.Second)
	before := int64(0)
	for _, j := range nodes {
		before = max(before, height(l, j))
	}
	var firstBlock time.Duration
	for {
		top, low := int64(0), int64(1<<62)
		for _, j := range nodes {
			h := height(l, j)
			top, low = max(top, h), min(low, h)
		}
		if firstBlock == 0 && top > before {
			firstBlock = time.Since(start)
		}
		if firstBlock > 0 && low >= top && low > before {
			return fmt.Sprintf("first block %.1f s, all caught up %.1f s", firstBlock.Seconds(), time.Since(start).Seconds())
		}
		if time.Now().After(deadline) {
			t.Fatalf("the nodes did not all pass height %d in 90 s", before)
		}
		time.Sleep(100 * time.Millisecond) // polling the nodes
	}
}

// noBlocks checks that the live nodes commit no block for a while once a
// block in flight when the fault struck has had a moment to land.
func noBlocks(t *testing.T, l *load, live []int, window time.Duration) {
	t.Helper()
	time.Sleep(2 * time.Second) // a block already decided may still commit
	top := int64(0)
	for _, i := range live {
		top = max(top, height(l, i))
	}
	end := time.Now().Add(window)
	for time.Now().Before(end) {
		for _, i := range live {
			if h := height(l, i); h > top {
				t.Fatalf("node%d committed block %d without more than two thirds of the validators", i, h)
			}
		}
		time.Sleep(200 * time.Millisecond) // polling the nodes
	}
}

// walRecords splits a consensus WAL into its whole records — a CRC32 and a
// length (4 bytes each), then a TimedWALMessage — and returns where the last
// one starts and whether it is a height's end marker.
func walRecords(t *testing.T, bz []byte) (last int, endHeight bool) {
	t.Helper()
	last, offset := -1, 0
	for offset+8 <= len(bz) {
		next := offset + 8 + int(binary.BigEndian.Uint32(bz[offset+4:offset+8]))
		if next > len(bz) {
			break
		}
		last, offset = offset, next
	}
	if last < 0 {
		return -1, false
	}
	var msg cmtcons.TimedWALMessage
	if err := msg.Unmarshal(bz[last+8 : offset]); err != nil {
		t.Fatalf("WAL record at %d: %v", last, err)
	}
	_, endHeight = msg.Msg.Sum.(*cmtcons.WALMessage_EndHeight)
	return last, endHeight
}

// waitMidHeight waits until a running node's consensus WAL holds records of
// the height it is deciding after the end marker of the last one (CometBFT
// flushes them every 2 s), so that a crash now leaves a height half
// written.
func waitMidHeight(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		bz, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if last, end := walRecords(t, bz); last >= 0 && !end {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: nothing written after the last height's end", path)
		}
		time.Sleep(100 * time.Millisecond) // polling the WAL
	}
}

// tearWALTail cuts a consensus WAL inside its last record, as a crash in
// the middle of a write leaves it, and returns how many bytes it cut: none
// when the last record ends a height (nothing of the next was written).
func tearWALTail(t *testing.T, path string) int64 {
	t.Helper()
	bz, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	last, end := walRecords(t, bz)
	if last < 0 || end {
		return 0
	}
	keep := int64(last + 8 + (len(bz)-last-8)/2)
	if err := os.Truncate(path, keep); err != nil {
		t.Fatal(err)
	}
	return int64(len(bz)) - keep
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// waitLog waits until a log written after offset says want, and returns
// the CometBFT lines about the WAL's repair.
func waitLog(t *testing.T, path string, offset int64, want string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		bz, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(bz[offset:])
		if strings.Contains(text, want) {
			var said []string
			for _, line := range []string{"WAL file is corrupted; attempting repair", "Successfully repaired WAL file"} {
				if strings.Contains(text, line) {
					said = append(said, fmt.Sprintf("log: %q", line))
				}
			}
			return strings.Join(said, ", ")
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never said %q", path, want)
		}
		time.Sleep(100 * time.Millisecond) // polling the log
	}
}
