package keeper_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestDeadlineCohortSpreadsOverBlocks (reliability review D6): a cohort of
// certificates sharing one deadline is flagged overdue, then expired, at
// most types.MaxDuePerBlock in a block, the earliest first; the rest in the
// next block, each with the time of the block that did it.
func TestDeadlineCohortSpreadsOverBlocks(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	const cohort = types.MaxDuePerBlock + 10
	var txs [][]byte
	var msgs []envelope.Message
	for i := range cohort {
		msgs = append(msgs, apptest.Shipment(fmt.Sprintf("BW-D6-%05d", i), "BW", "EU", apptest.ValidFor(100))(c))
		if len(msgs) == envelope.MaxMessages || i == cohort-1 {
			txs = append(txs, c.Tx("bw-issuer", msgs...))
			msgs = nil
		}
	}
	for i, res := range c.Block(txs...).TxResults {
		if res.Code != 0 {
			t.Fatalf("issue tx %d: code %d %s", i, res.Code, res.Log)
		}
	}
	issuedAt := c.Time.Unix()
	// The whole cohort reaches the importer in one block: its confirmation
	// deadline counts from there.
	txs = nil
	for i := range cohort {
		msgs = append(msgs, apptest.Transfer(fmt.Sprintf("BW-D6-%05d", i), "eu-importer", "")(c))
		if len(msgs) == envelope.MaxMessages || i == cohort-1 {
			txs = append(txs, c.Tx("bw-exporter", msgs...))
			msgs = nil
		}
	}
	for i, res := range c.Block(txs...).TxResults {
		if res.Code != 0 {
			t.Fatalf("transfer tx %d: code %d %s", i, res.Code, res.Log)
		}
	}
	done := map[string][]int64{} // action → block times, one per certificate
	for c.Time.Unix() < issuedAt+200 {
		resp := c.Block()
		counts := map[string]int{}
		for _, a := range abciActions(resp.Events) {
			number, action, _ := strings.Cut(a, " ")
			if !strings.HasPrefix(number, "BW-D6-") {
				t.Fatalf("unexpected event %q", a)
			}
			counts[action]++
			done[action] = append(done[action], c.Time.Unix())
		}
		for action, n := range counts {
			if n > types.MaxDuePerBlock {
				t.Errorf("block at +%d s: %d certificates %s, at most %d", c.Time.Unix()-issuedAt, n, action, types.MaxDuePerBlock)
			}
		}
	}
	for _, action := range []string{"overdue", "expired"} {
		times := done[action]
		if len(times) != cohort {
			t.Fatalf("%d certificates %s, want %d", len(times), action, cohort)
		}
		first, last := times[0], times[len(times)-1]
		if times[types.MaxDuePerBlock-1] != first || times[types.MaxDuePerBlock] == first || last != times[types.MaxDuePerBlock] {
			t.Errorf("%s: the first %d at +%d s, the rest at +%d s; want two consecutive blocks", action, types.MaxDuePerBlock, first-issuedAt, last-issuedAt)
		}
	}
	// The carried-over certificates are the last by number, and each one's
	// history has its event at the later block's time.
	carried := c.Certificate(fmt.Sprintf("BW-D6-%05d", cohort-1))
	if carried.Status != expired || !carried.Overdue || carried.Events[3].Time != done["expired"][cohort-1] {
		t.Errorf("the last certificate: %s overdue=%v, events %+v", carried.Status.Name(), carried.Overdue, carried.Events)
	}
	if first := c.Certificate("BW-D6-00000"); first.Events[3].Time != done["expired"][0] {
		t.Errorf("the first certificate expired at %d, want %d", first.Events[3].Time, done["expired"][0])
	}
}
