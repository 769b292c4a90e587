package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	dbm "github.com/cosmos/cosmos-db"
	ics23 "github.com/cosmos/ics23/go"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/genesis"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// TestDeterminism runs the same blocks on two fresh apps, one in memory and one
// on pebble, and compares the app hash at every height.
func TestDeterminism(t *testing.T) {
	memory := apptest.New(t)
	db, err := dbm.NewDB("state", dbm.PebbleDBBackend, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	disk := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db}))
	if !bytes.Equal(memory.AppHash, disk.AppHash) {
		t.Fatalf("genesis app hashes differ: %X vs %X", memory.AppHash, disk.AppHash)
	}
	for height := 1; height <= 20; height++ {
		var txs [][]byte
		for i := 0; i < height%4; i++ {
			op := fmt.Sprintf("op-%d-%d", height, i)
			txs = append(txs, memory.Tx("bw-admin", &participanttypes.MsgAddOperator{
				PubKey: memory.PubKey(op), Role: envelope.Role_ROLE_IMPORTER, Name: "Importer " + op}))
		}
		if height%5 == 0 { // a refused message still consumes the sequence
			txs = append(txs, memory.Tx("za-admin", &participanttypes.MsgRevokeOperator{Address: memory.Address("bw-exporter")}))
		}
		a, b := memory.Block(txs...), disk.Block(txs...)
		if !bytes.Equal(a.AppHash, b.AppHash) {
			t.Fatalf("height %d: app hashes differ: %X vs %X", height, a.AppHash, b.AppHash)
		}
		for i := range a.TxResults {
			if a.TxResults[i].Code != b.TxResults[i].Code {
				t.Fatalf("height %d tx %d: codes differ", height, i)
			}
		}
		if h, hash := disk.App.LastCommit(); h != int64(height) || !bytes.Equal(hash, a.AppHash) {
			t.Fatalf("height %d: saved version %d %X, want %X", height, h, hash, a.AppHash)
		}
	}
}

// TestTransactionIsAtomic: when the second message fails, the first is not
// applied; the sequence is consumed.
func TestTransactionIsAtomic(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	good := &participanttypes.MsgAddOperator{PubKey: c.PubKey("new-op"), Role: envelope.Role_ROLE_EXPORTER, Name: "Okavango Diamond Company"}
	bad := &participanttypes.MsgRevokeOperator{Address: c.Address("za-exporter")} // not BW's
	res := c.Deliver(c.Tx("bw-admin", good, bad))
	if res.Code != participanttypes.ErrNotYourKey.Code() {
		t.Fatalf("code %d (%s), want %d", res.Code, res.Log, participanttypes.ErrNotYourKey.Code())
	}
	var key participanttypes.QueryKeyResponse
	if q := c.Query(participanttypes.QueryKey, &participanttypes.QueryKeyRequest{Address: c.Address("new-op")}, &key); q.Code != participanttypes.ErrUnknownKey.Code() {
		t.Fatalf("first message applied: query code %d", q.Code)
	}
	var seq envelope.QuerySequenceResponse
	c.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key("bw-admin").PubKey().Address()}, &seq)
	if seq.Committed != 1 {
		t.Fatalf("sequence %d after a refused message, want 1", seq.Committed)
	}
	// The same signed bytes cannot be replayed.
	if res := c.Deliver(c.TxAt("bw-admin", 0, good)); res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("replay: code %d, want %d", res.Code, envelope.ErrSequenceReused.Code())
	}
}

// TestCheckTxCountsPendingTransactions: CheckTx accepts a signer's sequences
// in a row before any commit; RECHECK after a commit rebuilds the count
// without verifying signatures again.
func TestCheckTxCountsPendingTransactions(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	var txs [][]byte
	for i := 0; i < 3; i++ {
		txs = append(txs, c.Tx("eu-admin", &participanttypes.MsgAddOperator{
			PubKey: c.PubKey(fmt.Sprint("eu-op-", i)), Role: envelope.Role_ROLE_IMPORTER, Name: fmt.Sprint("Antwerp Importer ", i)}))
	}
	for i, tx := range txs {
		if res := c.CheckTx(tx, false); res.Code != 0 {
			t.Fatalf("tx %d: %s", i, res.Log)
		}
	}
	// The same transaction again passes (the mempool's cache refuses a
	// duplicate before the app; it reaches the app again only when the
	// mempool dropped it after CheckTx), another at a pending sequence is
	// refused.
	if res := c.CheckTx(txs[1], false); res.Code != 0 {
		t.Fatalf("resubmitted pending tx: code %d %s", res.Code, res.Log)
	}
	other := c.TxAt("eu-admin", 1, &participanttypes.MsgAddOperator{
		PubKey: c.PubKey("eu-op-other"), Role: envelope.Role_ROLE_IMPORTER, Name: "Another Antwerp Importer"})
	if res := c.CheckTx(other, false); res.Code != envelope.ErrSequenceReused.Code() {
		t.Fatalf("another tx at a pending sequence: code %d", res.Code)
	}
	var seq envelope.QuerySequenceResponse
	c.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key("eu-admin").PubKey().Address()}, &seq)
	if seq.Committed != 0 || seq.Next != 3 {
		t.Fatalf("sequence query = %+v, want committed 0 next 3", seq)
	}

	c.Block(txs[0]) // the proposer took the first
	// RECHECK of the rest, in mempool order; a forged signature is not looked
	// at again on RECHECK (it passed NEW CheckTx before).
	forged := append([]byte(nil), txs[1]...)
	forged[len(forged)-1] ^= 0xFF
	if res := c.CheckTx(forged, true); res.Code != 0 {
		t.Fatalf("recheck: %s", res.Log)
	}
	if res := c.CheckTx(txs[2], true); res.Code != 0 {
		t.Fatalf("recheck: %s", res.Log)
	}
	// FinalizeBlock verifies what this node's CheckTx never verified.
	resp := c.Block(forged, txs[2])
	if resp.TxResults[0].Code != envelope.ErrBadSignature.Code() {
		t.Fatalf("forged tx in a block: code %d", resp.TxResults[0].Code)
	}
	if resp.TxResults[1].Code != envelope.ErrSequenceSkipped.Code() {
		t.Fatalf("tx after the forged one: code %d", resp.TxResults[1].Code)
	}
}

// TestRestartResumesFromTree closes an app on disk and opens it again.
func TestRestartResumesFromTree(t *testing.T) {
	dir := t.TempDir()
	open := func() *app.App {
		db, err := dbm.NewDB("state", dbm.PebbleDBBackend, dir)
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.New(app.Options{DB: db})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	c := apptest.New(t, apptest.WithAppOptions(app.Options{DB: mustPebble(t, dir)}))
	c.Block()
	c.MustDeliver(c.Tx("bw-admin", addOperator(c, "op")))
	height, hash := c.App.LastCommit()
	if err := c.App.Close(); err != nil {
		t.Fatal(err)
	}

	reopened := open()
	defer reopened.Close()
	info, err := reopened.Info(context.Background(), &abci.InfoRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if info.LastBlockHeight != height || !bytes.Equal(info.LastBlockAppHash, hash) || info.AppVersion != app.AppVersion {
		t.Fatalf("Info after restart = %d %X v%d, want %d %X", info.LastBlockHeight, info.LastBlockAppHash, info.AppVersion, height, hash)
	}
	tx := c.Tx("bw-admin", addOperator(c, "op2"))
	if res, _ := reopened.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: tx}); res.Code != 0 {
		t.Fatalf("CheckTx after restart: %s", res.Log)
	}
}

func mustPebble(t *testing.T, dir string) dbm.DB {
	db, err := dbm.NewDB("state", dbm.PebbleDBBackend, dir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestQueryHeightsAndProofs: answers at a past height, refusals for a future
// one, and a /store/key value proven against the app hash.
func TestQueryHeightsAndProofs(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	before := c.Height
	c.MustDeliver(c.Tx("bw-admin", addOperator(c, "op")))
	req := &participanttypes.QueryKeyRequest{Address: c.Address("op")}

	if q := c.Query(participanttypes.QueryOperator, req, nil); q.Code != 0 || q.Height != c.Height {
		t.Fatalf("latest: code %d height %d", q.Code, q.Height)
	}
	if q := c.QueryAt(before, participanttypes.QueryOperator, req, nil); q.Code != participanttypes.ErrUnknownKey.Code() {
		t.Fatalf("at height %d the operator did not exist yet: code %d", before, q.Code)
	}
	if q := c.QueryAt(c.Height+1, participanttypes.QueryOperator, req, nil); q.Code != module.ErrHeightUnavailable.Code() {
		t.Fatalf("future height: code %d", q.Code)
	}
	if q := c.Query("/kpledger.participant.v1.Query/Crown", req, nil); q.Code != module.ErrUnknownQuery.Code() {
		t.Fatalf("unknown path: code %d", q.Code)
	}
	if q := c.Query(participanttypes.QueryOperator, rawBytes("\xff\xff"), nil); q.Code != module.ErrBadQueryRequest.Code() {
		t.Fatalf("garbage request: code %d", q.Code)
	}

	address, _ := participanttypes.ParseAddress(c.Address("op"))
	key := append([]byte{participanttypes.StorePrefix}, participanttypes.RegisteredKeyKey(address)...)
	res, err := c.App.Query(context.Background(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: key, Prove: true})
	if err != nil || res.Code != 0 || len(res.Value) == 0 || res.ProofOps == nil {
		t.Fatalf("/store/key: %v %+v", err, res)
	}
	var proof ics23.CommitmentProof
	if err := proof.Unmarshal(res.ProofOps.Ops[0].Data); err != nil {
		t.Fatal(err)
	}
	if !ics23.VerifyMembership(ics23.IavlSpec, c.AppHash, &proof, key, res.Value) {
		t.Fatal("proof does not verify against the app hash")
	}
}

type rawBytes string

func (r rawBytes) Marshal() ([]byte, error) { return []byte(r), nil }

// TestInitChainRefusesOtherValidators: genesis.json's validators must be
// app_state's.
func TestInitChainRefusesOtherValidators(t *testing.T) {
	c := apptest.New(t)
	req, err := apptest.InitChainRequest(c.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	req.Validators = req.Validators[1:]
	fresh, err := app.NewInMemory(app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.InitChain(context.Background(), req); err == nil {
		t.Fatal("InitChain accepted validators that differ from app_state")
	}
}

// TestSignerRevokedMidTransaction: a signer that revokes its own key in a
// message cannot act in the next one; the transaction applies not at all.
func TestSignerRevokedMidTransaction(t *testing.T) {
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, key func(string) ed25519.PrivKey) {
		if err := g.AddKey(key("bw-admin2").PubKey().Bytes(), envelope.Role_ROLE_ADMIN, "BW", "Second Admin"); err != nil {
			t.Fatal(err)
		}
	}))
	c.Block()
	res := c.Deliver(c.Tx("bw-admin",
		&participanttypes.MsgRevokeOfficer{Address: c.Address("bw-admin")},
		&participanttypes.MsgAddOfficer{PubKey: c.PubKey("bw-admin3"), Role: envelope.Role_ROLE_ADMIN, Name: "Third Admin"}))
	if res.Code != envelope.ErrRevokedSigner.Code() {
		t.Fatalf("code %d (%s), want %d", res.Code, res.Log, envelope.ErrRevokedSigner.Code())
	}
	var key participanttypes.QueryKeyResponse
	c.Query(participanttypes.QueryKey, &participanttypes.QueryKeyRequest{Address: c.Address("bw-admin")}, &key)
	if key.Key.Status != participanttypes.KeyStatus_KEY_STATUS_ACTIVE {
		t.Fatal("the first message of a refused transaction was applied")
	}
}

// TestFinalizeBlockAtWrongHeightHalts: a block the state does not expect is
// a broken invariant; the app reports it and halts.
func TestFinalizeBlockAtWrongHeightHalts(t *testing.T) {
	c := apptest.New(t)
	c.Block()
	_, err := c.App.FinalizeBlock(context.Background(), &abci.FinalizeBlockRequest{Height: 7, Time: apptest.GenesisTime})
	if err == nil {
		t.Fatal("FinalizeBlock accepted height 7 after height 1")
	}
	select {
	case <-c.App.Halted():
	default:
		t.Fatal("the app did not halt")
	}
}

// PreVerify (the audit replay's verification on every core) never lets a
// forged signature through, and the signature of a key registered earlier in
// the same block is verified by FinalizeBlock itself.
func TestPreVerifyKeepsEveryCheck(t *testing.T) {
	c := apptest.New(t)
	register := c.Tx("bw-admin", &participanttypes.MsgAddOperator{
		PubKey: c.PubKey("bw-new-exporter"), Role: envelope.Role_ROLE_EXPORTER, Name: "Jwaneng Rough Exports"})
	issue := c.Tx("bw-issuer", apptest.Shipment("BW-2005-PV1", "BW", "EU", apptest.ExporterKey("bw-new-exporter"))(c))
	transfer := func() []byte {
		return c.Tx("bw-new-exporter", &certtypes.MsgTransfer{Number: "BW-2005-PV1", To: c.Address("eu-importer"), Carrier: "Air Botswana Cargo"})
	}
	forgedTransfer := transfer()
	forgedTransfer[len(forgedTransfer)-1] ^= 0xFF
	c.SetSequence("bw-new-exporter", 0)
	forgedIssue := c.Tx("bw-issuer", apptest.Shipment("BW-2005-PV2", "BW", "EU")(c))
	forgedIssue[len(forgedIssue)-1] ^= 0xFF

	txs := [][]byte{register, issue, forgedTransfer, forgedIssue}
	c.App.PreVerify(txs, 2)
	resp := c.Block(txs...)
	for i, want := range []uint32{0, 0, envelope.ErrBadSignature.Code(), envelope.ErrBadSignature.Code()} {
		if got := resp.TxResults[i].Code; got != want {
			t.Fatalf("tx %d: code %d (%s), want %d", i, got, resp.TxResults[i].Log, want)
		}
	}
	// The genuine transfer by the new key goes through.
	c.SetSequence("bw-new-exporter", 0)
	if res := c.Deliver(transfer()); res.Code != 0 {
		t.Fatalf("transfer by the new key: %s", res.Log)
	}
}

// batchCountingDB counts the batches written to a database.
type batchCountingDB struct {
	dbm.DB
	writes int
}

func (d *batchCountingDB) NewBatch() dbm.Batch { return &countedBatch{d.DB.NewBatch(), d} }
func (d *batchCountingDB) NewBatchWithSize(n int) dbm.Batch {
	return &countedBatch{d.DB.NewBatchWithSize(n), d}
}

type countedBatch struct {
	dbm.Batch
	db *batchCountingDB
}

func (b *countedBatch) Write() error     { b.db.writes++; return b.Batch.Write() }
func (b *countedBatch) WriteSync() error { b.db.writes++; return b.Batch.WriteSync() }

// TestCommitWritesOneBatch: a block's version reaches the database in one
// batch however many nodes it writes (DESIGN §3), so a crash never leaves
// part of a version on disk.
func TestCommitWritesOneBatch(t *testing.T) {
	db := &batchCountingDB{DB: dbm.NewMemDB()}
	c := apptest.New(t, apptest.WithAppOptions(app.Options{DB: db}))
	var txs [][]byte
	for i := 0; i < 400; i++ {
		op := fmt.Sprint("op-", i)
		txs = append(txs, c.Tx("bw-admin", &participanttypes.MsgAddOperator{
			PubKey: c.PubKey(op), Role: envelope.Role_ROLE_EXPORTER, Name: "Exporter " + op}))
	}
	c.Finalize(txs...)
	before := db.writes
	c.Commit()
	if got := db.writes - before; got != 1 {
		t.Fatalf("the commit of %d transactions wrote %d batches, want 1", len(txs), got)
	}
}
