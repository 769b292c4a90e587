package app_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// TestQueriesBesideBlocks: CometBFT calls Query and Info on a connection of
// their own, beside CheckTx, FinalizeBlock and Commit (node.ConcurrentQueries).
// Readers ask for the latest height, then read that height while blocks are
// executed and committed: each answer is exactly that height's state, and
// `go test -race` (make test runs this test so) finds no shared memory.
func TestQueriesBesideBlocks(t *testing.T) {
	db, err := dbm.NewGoLevelDB("application", t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db}))
	c.Block()
	const blocks, perBlock = 40, 6
	number := func(i int) string { return fmt.Sprintf("BW-2005-%04d", i) }
	// issuedBy[h] is how many certificates exist after height h, written
	// before the block is committed.
	var issuedBy sync.Map
	issuedBy.Store(c.Height, 0)
	issuer := c.Key("bw-issuer").PubKey().Address()

	ctx := context.Background()
	query := func(height int64, path string, req, resp interface {
		Marshal() ([]byte, error)
		Unmarshal([]byte) error
	}) (uint32, error) {
		data, err := req.Marshal()
		if err != nil {
			return 0, err
		}
		res, err := c.App.Query(ctx, &abci.QueryRequest{Path: path, Data: data, Height: height})
		if err != nil {
			return 0, err
		}
		if res.Code == 0 && res.Height != height {
			return 0, fmt.Errorf("%s: answered at height %d, asked %d", path, res.Height, height)
		}
		return res.Code, resp.Unmarshal(res.Value)
	}
	read := func() error {
		info, err := c.App.Info(ctx, &abci.InfoRequest{})
		if err != nil {
			return err
		}
		h := info.LastBlockHeight
		n, ok := issuedBy.Load(h)
		if !ok {
			return fmt.Errorf("Info names height %d, not committed", h)
		}
		issued := n.(int)
		var list certtypes.QueryCertificatesResponse
		if code, err := query(h, certtypes.QueryCertificates, &certtypes.QueryCertificatesRequest{Issuer: "BW", Limit: certtypes.MaxPageSize, PageKey: number(max(0, issued-certtypes.MaxPageSize))}, &list); err != nil || code != 0 {
			return fmt.Errorf("listing at %d: code %d %v", h, code, err)
		}
		if issued > 0 && (len(list.Certificates) == 0 || list.Certificates[len(list.Certificates)-1].Number != number(issued-1) || list.NextKey != "") {
			return fmt.Errorf("height %d: %d certificates issued, the listing ends at %d entries, next %q", h, issued, len(list.Certificates), list.NextKey)
		}
		var seq envelope.QuerySequenceResponse
		if code, err := query(h, envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: issuer}, &seq); err != nil || code != 0 {
			return fmt.Errorf("sequence at %d: code %d %v", h, code, err)
		}
		if want := uint64(issued / perBlock); seq.Committed != want {
			return fmt.Errorf("height %d: sequence committed %d, want %d", h, seq.Committed, want)
		}
		var one certtypes.QueryCertificateResponse
		if code, _ := query(h, certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number(issued)}, &one); code != certtypes.ErrUnknownCertificate.Code() {
			return fmt.Errorf("height %d: certificate %s, issued later, answered code %d", h, number(issued), code)
		}
		if code, _ := query(1, certtypes.QueryCertificate, &certtypes.QueryCertificateRequest{Number: number(0)}, &one); code != certtypes.ErrUnknownCertificate.Code() {
			return fmt.Errorf("height 1: certificate %s answered code %d", number(0), code)
		}
		return nil
	}

	stop := make(chan struct{})
	failed := make(chan error, 4)
	var reads atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := read(); err != nil {
					failed <- err
					return
				}
				reads.Add(1)
			}
		}()
	}
	issued := 0
	for b := 0; b < blocks; b++ {
		var msgs []envelope.Message
		for i := 0; i < perBlock; i++ {
			msgs = append(msgs, apptest.Shipment(number(issued+i), "BW", "EU")(c))
		}
		tx := c.Tx("bw-issuer", msgs...)
		if res := c.CheckTx(tx, false); res.Code != 0 {
			t.Fatalf("CheckTx: %d %s", res.Code, res.Log)
		}
		issued += perBlock
		issuedBy.Store(c.Height+1, issued)
		if res := c.Block(tx); res.TxResults[0].Code != 0 {
			t.Fatalf("issue: %d %s", res.TxResults[0].Code, res.TxResults[0].Log)
		}
		select {
		case err := <-failed:
			t.Fatal(err)
		default:
		}
	}
	close(stop)
	wg.Wait()
	close(failed)
	for err := range failed {
		t.Fatal(err)
	}
	if reads.Load() == 0 {
		t.Fatal("no query ran beside the blocks")
	}
	t.Logf("%d consistent reads beside %d blocks (a listing examines at most %d entries)", reads.Load(), blocks, module.MaxScan)
}
