package bench

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// A year of the KP's load: 171,000 transactions, one every ~3.07 minutes,
// each in its own block, and the empty blocks of idle gaps longer than the
// interval; each part is the measured bytes times its count.
func TestDiskPerYear(t *testing.T) {
	s := Storage{LiveBytesPerLifecycle: 700, HistoryBytesPerLifecycle: 26_000, BlockStoreBytesPerTx: 250, StateBytesPerTx: 50, TxIndexBytesPerTx: 100,
		BlockStoreBytesPerEmptyBlock: 19_000, StateBytesPerEmptyBlock: 1_000, AppBytesPerEmptyBlock: 300, EmptyBlockValidators: 45}
	y := DiskPerYear(s, KPCertificatesPerYear, 5*time.Minute)
	if y.Txs != 171_000 || y.TxBlocks != 171_000 {
		t.Fatalf("transactions %d in %v blocks, want 171000 each", y.Txs, y.TxBlocks)
	}
	gap := 365 * 24 * 3600.0 / 171_000 // seconds
	q := math.Exp(-300 / gap)
	if want := 171_000 * q / (1 - q); math.Abs(y.EmptyBlocks-want) > 1 || y.EmptyBlocks < 30_000 || y.EmptyBlocks > 50_000 {
		t.Fatalf("empty blocks %v, want %v", y.EmptyBlocks, want)
	}
	if want := 57_000*26_000 + y.EmptyBlocks*300; math.Abs(y.AppHistoryBytes-want) > 1 {
		t.Errorf("app history %v, want %v", y.AppHistoryBytes, want)
	}
	if y.AppLiveBytes != 57_000*700 || y.TxBytes != 171_000*400 {
		t.Errorf("live %v, transactions %v", y.AppLiveBytes, y.TxBytes)
	}
	if want := (171_000 + y.EmptyBlocks) * 20_000; math.Abs(y.BlockBytes-want) > 1 {
		t.Errorf("blocks %v, want %v", y.BlockBytes, want)
	}
	if y.Total != y.AppHistoryBytes+y.TxBytes+y.BlockBytes {
		t.Errorf("total %v is not the sum of its parts", y.Total)
	}
	if none := DiskPerYear(s, KPCertificatesPerYear, 0); none.EmptyBlocks != 0 {
		t.Errorf("no empty-block interval: %v empty blocks", none.EmptyBlocks)
	}
}

// The figures a user asks about are printed beside the targets, FIGURE when
// measured and NOT MEASURED otherwise, and in the Markdown with their
// derivation.
func TestUserFigures(t *testing.T) {
	y := DiskPerYear(Storage{HistoryBytesPerLifecycle: 26_000, BlockStoreBytesPerEmptyBlock: 19_000}, KPCertificatesPerYear, 5*time.Minute)
	r := &Report{Measurements: []Measurement{
		{App: Kpledger, Scenario: "4 validators", Saturation: 1000, SaturationStep: &Step{Committed: 1000, RSSBytes: []int64{400 << 20, 410 << 20, 390 << 20, 395 << 20}},
			At50: &Step{Offered: 500}, Verify: &VerifyMeasure{Latency: Latency{Samples: 40, P50: 180, P99: 420, Max: 450}, LoadTxS: 500}},
		{App: Kvstore, Scenario: "4 validators", Saturation: 2500, SaturationStep: &Step{Committed: 2500, RSSBytes: []int64{100 << 20}}},
	}, Storage: Storage{Lifecycles: 10, Year: &y}}
	r.Targets = Evaluate(r)
	got := map[string]Target{}
	for _, target := range r.Targets {
		got[target.Name] = target
	}
	verify := got["4 validators: a customs officer's proved verification (kpd query certificate verify, end to end) beside 50% load"]
	if verify.Result != "FIGURE" || !strings.HasPrefix(verify.Got, "180 ms / 420 ms (40 verifications beside 500 tx/s") {
		t.Errorf("verification: %+v", verify)
	}
	if rss := got["resident memory per node at saturation"]; rss.Result != "FIGURE" || !strings.Contains(rss.Got, "4 validators kpledger 410 MiB") || !strings.Contains(rss.Got, "kvstore 100 MiB") {
		t.Errorf("memory: %+v", rss)
	}
	if growth := got["with 1,000,000 certificates in state: resident memory, and kpd start opening the state"]; growth.Result != "NOT MEASURED" {
		t.Errorf("no growth measured: %+v", growth)
	}
	if disk := got["disk per year of the KP's load (57000 certificates issued, handed over, confirmed)"]; disk.Result != "FIGURE" || !strings.Contains(disk.Got, "GB (archive node") {
		t.Errorf("disk: %+v", disk)
	}
	md := string(r.Markdown())
	for _, want := range []string{"### Figures a user asks about", "p50 180 ms, p99 420 ms", "400, 410, 390, 395 MiB", "57000 certificates a year", "empty blocks a year"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

func TestRSSBytes(t *testing.T) {
	if rss := rssBytes(os.Getpid()); rss < 1<<20 {
		t.Fatalf("this process's VmRSS = %d bytes", rss)
	}
	if rssBytes(-1) != 0 {
		t.Fatal("an unreadable process must give 0")
	}
}
