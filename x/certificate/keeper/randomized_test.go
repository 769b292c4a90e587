package keeper_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// randomParams are deadlines a few blocks reach: valid at most 120 s (24
// blocks), 40 s to confirm (8 blocks), 20 s of grace for a late confirmation
// (4 blocks), 0.1% of re-weighing tolerance.
var randomParams = types.Params{MaxValidity: 120, ConfirmationDeadline: 40, LateConfirmationGrace: 20, ReweighToleranceBp: 10}

const (
	randomSeed   = 20051115 // the first day of the 2005 Moscow plenary
	randomBlocks = 450
)

// plannedTx is a transaction of the randomized test with the outcome the
// state before its block predicts: nil for accepted, else the refusal.
type plannedTx struct {
	what   string
	signer string
	msg    envelope.Message
	want   *refusal.Error
}

// lifecycles drives two chains of the fixture network with the same random
// blocks and checks them after every block.
type lifecycles struct {
	t      *testing.T
	rng    *rand.Rand
	a, b   *apptest.Chain
	keyOf  map[string]string // address → fixture key name
	keys   []string          // every participant key name, in order
	codes  []string          // participant codes, in order
	serial int
	finals map[string]types.CertificateStatus
	// outcomes counts results by message and code, to show what was covered.
	outcomes map[string]int

	// Per block: the certificates before it, projected to its time, the
	// certificates and keys a planned transaction already uses.
	now   int64
	certs []*types.Certificate
	byNum map[string]*types.Certificate
	// history is each certificate's history as the block began.
	history map[string][]types.CertificateEvent
	touched map[string]bool
	used    map[string]bool
	// stocks are each participant's stocks before the block (origin set →
	// carats); a participant whose stock a planned transaction changes is
	// stockTouched, so that predictions read what the block will.
	stocks       map[string]map[string]int64
	stockTouched map[string]bool
}

// TestRandomLifecycles drives many valid and invalid certificate lifecycles
// — issues (some re-exports drawing from received certificates), transfers,
// attestations, confirmations (some with wrong quantities), rejections, voids
// (some with replacements), and runs of empty blocks past the deadlines — with
// a fixed seed, on two fresh chains fed the same transaction bytes. After
// every block: each transaction's outcome is the one the state before the
// block predicts, the two app hashes are equal, no lineage is overdrawn, no
// final status changes, and the block-time work left nothing due.
func TestRandomLifecycles(t *testing.T) {
	opt := with(certificateGenesis(randomParams, "CI"))
	l := &lifecycles{
		t: t, rng: rand.New(rand.NewSource(randomSeed)),
		a: newChain(t, opt), b: newChain(t, opt),
		keyOf: map[string]string{}, finals: map[string]types.CertificateStatus{}, outcomes: map[string]int{},
	}
	for _, p := range apptest.FixtureParticipants {
		l.codes = append(l.codes, p.Code)
		for _, r := range apptest.ParticipantKeyRoles {
			name := apptest.KeyName(p.Code, r.Suffix)
			l.keys = append(l.keys, name)
			l.keyOf[l.a.Address(name)] = name
		}
	}
	l.keyOf[l.a.Address("wdc-observer")] = "wdc-observer"

	for blocks := 0; blocks < randomBlocks; {
		if l.rng.Intn(100) < 8 {
			for n := 3 + l.rng.Intn(12); n > 0 && blocks < randomBlocks; n-- {
				l.block(nil)
				blocks++
			}
			continue
		}
		l.block(l.plan())
		blocks++
	}
	if a, b := ledgerState(t, l.a), ledgerState(t, l.b); a != b {
		t.Errorf("the two chains' certificates differ")
	}
	l.reportCoverage()
}

// block delivers the planned transactions to both chains in one block and
// checks the outcome.
func (l *lifecycles) block(plan []plannedTx) {
	t := l.t
	t.Helper()
	txs := make([][]byte, len(plan))
	for i, p := range plan {
		txs[i] = l.a.TxAt(p.signer, l.a.CommittedSequence(p.signer), p.msg)
	}
	ra, rb := l.a.Block(txs...), l.b.Block(txs...)
	if !bytes.Equal(ra.AppHash, rb.AppHash) {
		t.Fatalf("height %d: app hashes differ: %X and %X", l.a.Height, ra.AppHash, rb.AppHash)
	}
	for i, p := range plan {
		res, other := ra.TxResults[i], rb.TxResults[i]
		if res.Code != other.Code || res.Log != other.Log {
			t.Errorf("height %d, %s: the chains disagree: %d (%s) and %d (%s)", l.a.Height, p.what, res.Code, res.Log, other.Code, other.Log)
		}
		l.outcomes[fmt.Sprintf("%s %d", apptest.MsgName(p.msg), res.Code)]++
		switch {
		case p.want == nil && res.Code != 0:
			t.Errorf("height %d, %s by %s: refused %d (%s), want accepted", l.a.Height, p.what, p.signer, res.Code, res.Log)
		case p.want != nil:
			apptest.WantRefusal(t, fmt.Sprintf("height %d, %s by %s", l.a.Height, p.what, p.signer), res.Code, res.Codespace, res.Log, p.want)
		}
	}
	l.checkInvariants()
	if t.Failed() {
		t.FailNow()
	}
}

// plan draws the transactions of the next block from the state before it.
func (l *lifecycles) plan() []plannedTx {
	l.now = l.a.NextBlockTime()
	l.certs, l.byNum, l.history = nil, map[string]*types.Certificate{}, map[string][]types.CertificateEvent{}
	for _, cv := range l.a.Certificates() {
		c := cv.Certificate
		if c.Status == issued && c.ExpiresAt < l.now {
			c.Status = expired // the block's block-time work comes first
		}
		l.certs = append(l.certs, &c)
		l.byNum[c.Number] = &c
		l.history[c.Number] = cv.Events
	}
	l.touched, l.used, l.stockTouched = map[string]bool{}, map[string]bool{}, map[string]bool{}
	l.stocks = map[string]map[string]int64{}
	for _, code := range l.codes {
		var resp types.QueryStockResponse
		l.a.MustQuery(types.QueryStock, &types.QueryStockRequest{Participant: code}, &resp)
		l.stocks[code] = map[string]int64{}
		for _, st := range resp.Stocks {
			l.stocks[code][strings.Join(st.Origins, ",")] = st.Carats
		}
	}
	var plan []plannedTx
	for n := 1 + l.rng.Intn(6); n > 0; n-- {
		var p *plannedTx
		for attempt := 0; attempt < 5 && p == nil; attempt++ {
			switch k := l.rng.Intn(100); {
			case k < 4:
				p = l.declare()
			case k < 35:
				p = l.issue()
			case k < 50:
				p = l.transfer()
			case k < 70:
				p = l.confirm()
			case k < 77:
				p = l.reject()
			case k < 90:
				p = l.void()
			default:
				p = l.attest()
			}
		}
		if p != nil {
			l.used[p.signer] = true
			plan = append(plan, *p)
		}
	}
	return plan
}

func (l *lifecycles) pickString(xs []string) string { return xs[l.rng.Intn(len(xs))] }

// free reports that no planned transaction of the block signs with key yet.
func (l *lifecycles) free(key string) bool { return !l.used[key] }

// certificate picks an untouched certificate matching ok, issued ones more
// often than others.
func (l *lifecycles) certificate(ok func(c *types.Certificate) bool) *types.Certificate {
	wantClosed := l.rng.Intn(100) < 25
	var pool []*types.Certificate
	for _, c := range l.certs {
		if !l.touched[c.Number] && (c.Status != issued) == wantClosed && ok(c) {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return nil
	}
	c := pool[l.rng.Intn(len(pool))]
	l.touched[c.Number] = true
	return c
}

func (l *lifecycles) otherCode(not ...string) string {
	var pool []string
	for _, c := range l.codes {
		if !slices.Contains(not, c) {
			pool = append(pool, c)
		}
	}
	return l.pickString(pool)
}

func (l *lifecycles) issue() *plannedTx {
	p := l.pickString(l.codes)
	signer := apptest.KeyName(p, "issuer")
	if !l.free(signer) || l.stockTouched[p] {
		return nil
	}
	l.stockTouched[p] = true
	q := l.otherCode(p)
	l.serial++
	m := &types.MsgIssue{
		Number: fmt.Sprintf("%s-R%05d", p, l.serial), Origin: p, Destination: q,
		Exporter: l.a.Address(apptest.KeyName(p, "exporter")), Importer: l.a.Address(apptest.KeyName(q, "importer")),
		Carats: 1 + l.rng.Int63n(500000), ValueUsd: 1 + l.rng.Int63n(1_000_000_000), Parcels: 1 + uint32(l.rng.Intn(9)),
		HsCode: types.HSCodes[l.rng.Intn(len(types.HSCodes))], ExpiresAt: l.now + 1 + l.rng.Int63n(randomParams.MaxValidity),
	}
	// Its own production, goods of its stock, or both blended.
	m.OwnProductionCarats = m.Carats
	switch l.rng.Intn(10) {
	case 6:
		l.fromStock(m, m.Carats, "AO")
	case 7:
		l.fromStock(m, m.Carats-m.Carats/3, "AO", "CD")
	case 8:
		l.fromStock(m, m.Carats, "AO", "CD")
	case 9:
		l.fromStock(m, m.Carats, "CD")
	}
	m.Origin, m.MixedOrigins = types.DeclareOrigins(carried(p, m, l.byNum))
	if l.rng.Intn(10) < 3 {
		m.Seal = fmt.Sprintf("%s-SEAL-%04d", p, l.serial)
	}
	if l.rng.Intn(10) < 2 {
		m.Transit = []string{l.otherCode(p, q)}
	}
	tx := &plannedTx{what: "issue " + m.Number, signer: signer, msg: m}
	switch v := l.rng.Intn(100); {
	case v < 40:
		l.reExport(p, m, tx)
	case v < 45:
		var own []string
		for _, c := range l.certs {
			if c.Issuer == p {
				own = append(own, c.Number)
			}
		}
		if len(own) > 0 {
			m.Number, tx.want = l.pickString(own), types.ErrNumberUsed
		}
	case v < 48:
		m.ExpiresAt, tx.want = l.now+randomParams.MaxValidity+1, types.ErrExpiryTooLate
	case v < 50:
		m.Origin, m.MixedOrigins, m.OwnProductionCarats = "CI", nil, 0
		m.StockDraws, tx.want = []types.StockDraw{{Origins: []string{"CI"}, Carats: m.Carats}}, types.ErrEmbargoedOrigin
	case v < 51:
		m.Origin, m.MixedOrigins, tx.want = types.OriginMixed, nil, types.ErrUnknownOrigins
	case v < 53:
		m.Carats, tx.want = 0, types.ErrNotPositive
	case v < 55:
		m.Number, tx.want = fmt.Sprintf("%s-X%05d", q, l.serial), types.ErrNumberPrefix
	case v < 57:
		m.Carats, tx.want = m.Carats+1, types.ErrCaratsUnaccounted // a carat from nowhere (review P2)
	case v < 59:
		// Imported goods declared as the issuer's own origin.
		if len(m.StockDraws) > 0 && m.OwnProductionCarats == 0 {
			m.Origin, m.MixedOrigins, tx.want = p, nil, types.ErrOriginMismatch
		}
	}
	if tx.want == nil {
		tx.want = l.stockShortfall(p, m)
	}
	return tx
}

// fromStock draws carats from the issuer's stock of origins instead of its
// own production.
func (l *lifecycles) fromStock(m *types.MsgIssue, carats int64, origins ...string) {
	m.OwnProductionCarats -= carats
	m.StockDraws = append(m.StockDraws, types.StockDraw{Origins: origins, Carats: carats})
}

// carried is the set of origins a certificate's goods carry: its parents',
// its stock draws', and its issuer's for its own production.
func carried(issuer string, m *types.MsgIssue, byNum map[string]*types.Certificate) []string {
	var origins []string
	for _, d := range m.Parents {
		if parent := byNum[d.Number]; parent != nil {
			origins = append(origins, types.OriginSet(parent.Origin, parent.MixedOrigins)...)
		}
	}
	for _, d := range m.StockDraws {
		origins = append(origins, d.Origins...)
	}
	if m.OwnProductionCarats > 0 {
		origins = append(origins, issuer)
	}
	return origins
}

// stockShortfall predicts ErrStockOverdrawn when the issuer's stock of an
// origin set does not cover what its parents and draws of that set take.
func (l *lifecycles) stockShortfall(p string, m *types.MsgIssue) *refusal.Error {
	need := map[string]int64{}
	for _, d := range m.Parents {
		parent := l.byNum[d.Number]
		need[strings.Join(types.OriginSet(parent.Origin, parent.MixedOrigins), ",")] += d.Carats
	}
	for _, d := range m.StockDraws {
		need[strings.Join(d.Origins, ",")] += d.Carats
	}
	for set, carats := range need {
		if carats > l.stocks[p][set] {
			return types.ErrStockOverdrawn
		}
	}
	return nil
}

// declare has a participant's admin declare an opening stock of Angolan,
// Congolese or mixed Angolan and Congolese goods; sometimes of nothing.
func (l *lifecycles) declare() *plannedTx {
	p := l.pickString(l.codes)
	signer := apptest.KeyName(p, "admin")
	if !l.free(signer) || l.stockTouched[p] {
		return nil
	}
	l.stockTouched[p] = true
	origins := [][]string{{"AO"}, {"CD"}, {"AO", "CD"}}[l.rng.Intn(3)]
	m := &types.MsgDeclareStock{Origins: origins, Carats: 1 + l.rng.Int63n(2_000_000), Reference: fmt.Sprintf("inventory %d", l.serial)}
	tx := &plannedTx{what: fmt.Sprintf("declare %s stock of %v", p, origins), signer: signer, msg: m}
	if l.rng.Intn(10) == 0 {
		m.Carats, tx.want = 0, types.ErrInvalidStock
	}
	return tx
}

// reExport turns an issue into a re-export drawing from one or two
// certificates p received, when it has any with carats left, sometimes
// blended with its own production: mostly a valid draw with the origin the
// goods carry, sometimes one hundredth of a carat too many, sometimes the
// wrong origin.
func (l *lifecycles) reExport(p string, m *types.MsgIssue, tx *plannedTx) {
	var pool []*types.Certificate
	for _, c := range l.certs {
		if c.Destination == p && c.Status == received && c.DrawnCarats < c.ReceivedCarats && !l.touched[c.Number] {
			pool = append(pool, c)
		}
	}
	if len(pool) == 0 {
		return
	}
	l.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pool = pool[:1+l.rng.Intn(min(2, len(pool)))]
	m.Parents, m.StockDraws, m.Carats, m.OwnProductionCarats = nil, nil, 0, 0
	overdrawn := false
	for _, parent := range pool {
		l.touched[parent.Number] = true
		left := parent.ReceivedCarats - parent.DrawnCarats
		amount := 1 + l.rng.Int63n(left)
		if l.rng.Intn(100) < 15 {
			amount, overdrawn = left+1, true
		}
		m.Parents = append(m.Parents, types.Draw{Number: parent.Number, Carats: amount})
		m.Carats += amount
	}
	if l.rng.Intn(4) == 0 {
		m.OwnProductionCarats = 1 + l.rng.Int63n(10000)
		m.Carats += m.OwnProductionCarats
	}
	m.Origin, m.MixedOrigins = types.DeclareOrigins(carried(p, m, l.byNum))
	wrongOrigin := l.rng.Intn(100) < 15
	if wrongOrigin {
		m.Origin, m.MixedOrigins = "ZZ", nil
	}
	tx.what = fmt.Sprintf("re-export %s from %v", m.Number, m.Parents)
	switch {
	case overdrawn:
		tx.want = types.ErrParentOverdrawn
	case wrongOrigin:
		tx.want = types.ErrOriginMismatch
	}
}

func (l *lifecycles) transfer() *plannedTx {
	c := l.certificate(func(c *types.Certificate) bool { return l.free(l.keyOf[c.Holder]) })
	if c == nil {
		return nil
	}
	holder := l.keyOf[c.Holder]
	var to []string
	for _, k := range l.keys {
		if k != holder {
			to = append(to, k)
		}
	}
	m := &types.MsgTransfer{Number: c.Number, To: l.a.Address(l.pickString(to)), Seal: c.Seal, Carrier: "Air Botswana Cargo"}
	tx := &plannedTx{what: "transfer " + c.Number, signer: holder, msg: m}
	if c.Status != issued {
		tx.want = types.ErrFinalState
		return tx
	}
	switch v := l.rng.Intn(100); {
	case v < 10:
		var others []string
		for _, k := range to {
			if l.free(k) {
				others = append(others, k)
			}
		}
		if len(others) > 0 {
			tx.signer, tx.want = l.pickString(others), types.ErrNotHolder
		}
	case v < 20:
		m.Seal, tx.want = c.Seal+"-BROKEN", types.ErrSealMismatch
	case v < 25:
		m.To, tx.want = l.a.Address("wdc-observer"), types.ErrInvalidHolder
	}
	return tx
}

func (l *lifecycles) confirm() *plannedTx {
	c := l.certificate(func(c *types.Certificate) bool {
		return l.free(l.keyOf[c.Importer]) && l.free(apptest.KeyName(c.Destination, "customs"))
	})
	if c == nil {
		return nil
	}
	signer := l.keyOf[c.Importer]
	if l.rng.Intn(2) == 0 {
		signer = apptest.KeyName(c.Destination, "customs")
	}
	l.stockTouched[c.Destination] = true // a receipt adds to its stock
	m := &types.MsgConfirm{Number: c.Number, Parcels: c.Parcels, Carats: c.Carats, ValueUsd: 1 + l.rng.Int63n(1_000_000_000)}
	tx := &plannedTx{what: "confirm " + c.Number, signer: signer, msg: m}
	if c.Status != issued && c.Status != expired {
		tx.want = types.ErrFinalState
		return tx
	}
	if c.Status == expired {
		// A late confirmation: goods received at the expiry, within the
		// grace; or received at the block time, too late.
		tx.what = "late confirm " + c.Number
		if l.rng.Intn(3) > 0 {
			m.ReceivedAt = c.ExpiresAt
		}
		if m.ReceivedAt == 0 || l.now > c.ExpiresAt+randomParams.LateConfirmationGrace {
			tx.want = types.ErrCertificateExpired
			return tx
		}
	}
	tolerance := c.Carats * int64(randomParams.ReweighToleranceBp) / 10000
	switch v := l.rng.Intn(100); {
	case v < 10:
		m.Carats, tx.want = c.Carats+tolerance+1, types.ErrQuantityMismatch
	case v < 15:
		m.Parcels, tx.want = c.Parcels+1, types.ErrQuantityMismatch
	case v < 22:
		other := apptest.KeyName(l.otherCode(c.Destination), "customs")
		if l.free(other) {
			tx.signer, tx.want = other, types.ErrNotImportingSide
		}
	case v < 32:
		m.Carats = c.Carats - tolerance // re-weighed: received with discrepancy
	case v < 37:
		m.ReceivedAt, tx.want = c.IssuedAt-1, types.ErrReceiptDate
	}
	return tx
}

func (l *lifecycles) reject() *plannedTx {
	c := l.certificate(func(c *types.Certificate) bool { return l.free(apptest.KeyName(c.Destination, "customs")) })
	if c == nil {
		return nil
	}
	m := &types.MsgReject{Number: c.Number, Reason: types.RejectionReason(1 + l.rng.Intn(5)), Note: "detained"}
	tx := &plannedTx{what: "reject " + c.Number, signer: apptest.KeyName(c.Destination, "customs"), msg: m}
	switch {
	case l.rng.Intn(100) < 8:
		m.Reason, tx.want = types.RejectionReason_REJECTION_REASON_UNSPECIFIED, types.ErrInvalidReason
	case c.Status != issued && c.Status != expired:
		tx.want = types.ErrFinalState
	case c.Status == expired && l.now > c.ExpiresAt+randomParams.LateConfirmationGrace:
		tx.want = types.ErrCertificateExpired
	}
	return tx
}

func (l *lifecycles) void() *plannedTx {
	c := l.certificate(func(c *types.Certificate) bool {
		for _, d := range c.Parents {
			if l.touched[d.Number] {
				return false
			}
		}
		return l.free(apptest.KeyName(c.Issuer, "issuer"))
	})
	if c == nil {
		return nil
	}
	for _, d := range c.Parents {
		l.touched[d.Number] = true // a void gives the carats back
	}
	l.stockTouched[c.Issuer] = true
	m := &types.MsgVoid{Number: c.Number, Reason: types.VoidReason(1 + l.rng.Intn(6))}
	switch c.Status {
	case rejected:
		if l.rng.Intn(3) > 0 {
			m.Reason = types.VoidReason_VOID_REASON_SHIPMENT_RETURNED
		}
	case expired:
		if l.rng.Intn(3) > 0 {
			m.Reason = types.VoidReason_VOID_REASON_SURRENDERED
		}
	}
	tx := &plannedTx{what: "void " + c.Number, signer: apptest.KeyName(c.Issuer, "issuer"), msg: m}
	if c.Status == received || c.Status == voided {
		tx.want = types.ErrFinalState
		return tx
	}
	v := l.rng.Intn(100)
	if v < 8 {
		other := apptest.KeyName(l.otherCode(c.Issuer), "issuer")
		if l.free(other) {
			tx.signer, tx.want = other, types.ErrNotIssuingAuthority
			return tx
		}
	}
	if v >= 8 && v < 15 {
		m.Reason, tx.want = types.VoidReason_VOID_REASON_REPLACED, types.ErrInvalidReplacement
		return tx
	}
	returned := m.Reason == types.VoidReason_VOID_REASON_SHIPMENT_RETURNED
	switch {
	case c.Status == rejected && !returned, c.Status == expired && m.Reason != types.VoidReason_VOID_REASON_SURRENDERED:
		tx.want = types.ErrVoidReasonForStatus
		return tx
	case c.Status == issued && !returned && l.heldBy(c) == c.Destination:
		tx.want = types.ErrCustodyAtDestination
		return tx
	}
	if v >= 45 {
		return tx
	}
	var pool []*types.Certificate
	for _, r := range l.certs {
		if r.Issuer == c.Issuer && r.Number != c.Number && !l.touched[r.Number] {
			pool = append(pool, r)
		}
	}
	if len(pool) == 0 {
		return tx
	}
	r := pool[l.rng.Intn(len(pool))]
	l.touched[r.Number] = true
	m.ReplacedBy = r.Number
	if c.Status == issued && l.rng.Intn(2) == 0 {
		m.Reason = types.VoidReason_VOID_REASON_REISSUED
	}
	sameShipment := r.Destination == c.Destination && r.Exporter == c.Exporter && r.Importer == c.Importer
	if (r.Status != issued && r.Status != received) || r.Replaces != "" || (m.Reason != types.VoidReason_VOID_REASON_REISSUED && !sameShipment) {
		tx.want = types.ErrInvalidReplacement
	}
	return tx
}

// heldBy is the participant whose key holds a certificate's shipment.
func (l *lifecycles) heldBy(c *types.Certificate) string {
	name := l.keyOf[c.Holder]
	for _, code := range l.codes {
		if strings.HasPrefix(name, apptest.KeyName(code, "")) {
			return code
		}
	}
	return ""
}

func (l *lifecycles) attest() *plannedTx {
	c := l.certificate(func(c *types.Certificate) bool {
		return len(c.Transit) > 0 && l.free(apptest.KeyName(c.Transit[0], "customs"))
	})
	if c == nil {
		return nil
	}
	transit := c.Transit[0]
	tx := &plannedTx{what: "attest " + c.Number, signer: apptest.KeyName(transit, "customs"), msg: &types.MsgAttest{Number: c.Number}}
	switch {
	case c.Status != issued:
		tx.want = types.ErrFinalState
	case l.rng.Intn(100) < 10:
		other := apptest.KeyName(l.otherCode(transit), "customs")
		if l.free(other) {
			tx.signer, tx.want = other, types.ErrNotTransitParticipant
		}
	default:
		for _, ev := range l.history[c.Number] {
			if ev.Kind == types.EventKind_EVENT_KIND_ATTESTED && ev.Participant == transit {
				tx.want = types.ErrAlreadyAttested
			}
		}
	}
	return tx
}

// checkInvariants reads every certificate after a block.
func (l *lifecycles) checkInvariants() {
	t, now := l.t, l.a.Time.Unix()
	all := l.a.Certificates()
	byNum := map[string]*types.Certificate{}
	for i := range all {
		byNum[all[i].Number] = &all[i].Certificate
	}
	l.checkStocks(all, byNum)
	for _, c := range all {
		where := fmt.Sprintf("height %d, %s", l.a.Height, c.Number)
		// (a) Lineage: drawn is what the non-void children drew, never more
		// than the parent certified; each draw is recorded on both sides.
		var sum int64
		for _, d := range c.Children {
			child, ok := byNum[d.Number]
			if !ok {
				t.Errorf("%s: child %s missing", where, d.Number)
				continue
			}
			if child.Status != voided {
				sum += d.Carats
			}
		}
		if c.DrawnCarats != sum || c.DrawnCarats > c.ReceivedCarats || c.DrawnCarats < 0 {
			t.Errorf("%s: drawn %d of %d received, non-void children drew %d", where, c.DrawnCarats, c.ReceivedCarats, sum)
		}
		for _, d := range c.Parents {
			if p, ok := byNum[d.Number]; !ok || !slices.Contains(p.Children, types.Draw{Number: c.Number, Carats: d.Carats}) {
				t.Errorf("%s: parent %s does not record the draw of %d", where, d.Number, d.Carats)
			}
		}
		// The record counts its history and its custody steps as they
		// are appended (schema 13).
		custody := len(eventsOf(c, types.EventKind_EVENT_KIND_TRANSFERRED)) + len(eventsOf(c, types.EventKind_EVENT_KIND_RESEALED))
		if c.HistoryLength != uint64(len(c.Events)) || int(c.CustodyEvents) != custody {
			t.Errorf("%s: the record counts %d events, %d custody steps; its history has %d, %d", where, c.HistoryLength, c.CustodyEvents, len(c.Events), custody)
		}
		// (b) A final status never changes.
		if s, ok := l.finals[c.Number]; ok && c.Status != s {
			t.Errorf("%s: was %s, now %s", where, s.Name(), c.Status.Name())
		} else if !ok && c.Status.Final() {
			l.finals[c.Number] = c.Status
		}
		// Block-time work left nothing due, flagged each certificate at most
		// once, in the first block past each deadline.
		overdue := eventsOf(c, types.EventKind_EVENT_KIND_OVERDUE)
		if len(overdue) > 1 || c.Overdue != (len(overdue) == 1) {
			t.Errorf("%s: overdue %v with %d overdue events", where, c.Overdue, len(overdue))
		}
		// The deadline counts from the arrival: the first transfer to a key
		// of the destination.
		if c.ArrivedAt != 0 && !slices.ContainsFunc(c.Events, func(ev types.CertificateEvent) bool {
			return ev.Kind == types.EventKind_EVENT_KIND_TRANSFERRED && ev.Time == c.ArrivedAt
		}) {
			t.Errorf("%s: arrived at %d without a transfer then", where, c.ArrivedAt)
		}
		for _, ev := range overdue {
			if late := ev.Time - c.ArrivedAt; c.ArrivedAt == 0 || late <= randomParams.ConfirmationDeadline || late-5 > randomParams.ConfirmationDeadline {
				t.Errorf("%s: flagged overdue %d s after its arrival at %d", where, late, c.ArrivedAt)
			}
		}
		if c.Status == issued {
			if c.ExpiresAt < now || (c.ArrivedAt != 0 && now-c.ArrivedAt > randomParams.ConfirmationDeadline) != c.Overdue {
				t.Errorf("%s: open at %d, expiry %d, arrived %d, overdue %v", where, now, c.ExpiresAt, c.ArrivedAt, c.Overdue)
			}
		}
		// An expired certificate has one expired event, and keeps it when it
		// is confirmed late, rejected or surrendered.
		expiredEvents := eventsOf(c, types.EventKind_EVENT_KIND_EXPIRED)
		if (c.Status == expired && len(expiredEvents) != 1) || len(expiredEvents) > 1 {
			t.Errorf("%s: %s with %d expired events", where, c.Status.Name(), len(expiredEvents))
		}
		for _, ev := range expiredEvents {
			if ev.Time <= c.ExpiresAt || ev.Time-5 > c.ExpiresAt || ev.Signer != "" || ev.TxHash != nil {
				t.Errorf("%s: expired event %+v, expiry %d", where, ev, c.ExpiresAt)
			}
		}
		// Carats are conserved: a certificate weighs what it draws from its
		// parents and its issuer's stock and what its issuer produced.
		sources := c.OwnProductionCarats
		for _, d := range c.Parents {
			sources += d.Carats
		}
		for _, d := range c.StockDraws {
			sources += d.Carats
		}
		if sources != c.Carats {
			t.Errorf("%s: %d hundredths certified, %d drawn and produced", where, c.Carats, sources)
		}
		// Replacements are linked both ways.
		if c.ReplacedBy != "" {
			if r, ok := byNum[c.ReplacedBy]; c.Status != voided || !ok || r.Replaces != c.Number {
				t.Errorf("%s: replaced by %s, which does not say it replaces it", where, c.ReplacedBy)
			}
		}
	}
}

// checkStocks: no participant's stock is ever negative, and each is what
// the certificates and declarations say — received by its certificates at
// the carats received, declared, and drawn by its non-void certificates'
// parents and stock draws of that origin set.
func (l *lifecycles) checkStocks(all []apptest.Certificate, byNum map[string]*types.Certificate) {
	t := l.t
	type sums struct{ received, declared, drawn int64 }
	want := map[string]*sums{}
	at := func(p string, origins []string) *sums {
		key := p + " " + strings.Join(origins, ",")
		if want[key] == nil {
			want[key] = &sums{}
		}
		return want[key]
	}
	for _, c := range all {
		if c.Status == received {
			at(c.Destination, types.OriginSet(c.Origin, c.MixedOrigins)).received += c.ReceivedCarats
		}
		if c.Status == voided {
			continue
		}
		for _, d := range c.Parents {
			parent := byNum[d.Number]
			at(c.Issuer, types.OriginSet(parent.Origin, parent.MixedOrigins)).drawn += d.Carats
		}
		for _, d := range c.StockDraws {
			at(c.Issuer, d.Origins).drawn += d.Carats
		}
	}
	for _, code := range l.codes {
		var resp types.QueryStockResponse
		l.a.MustQuery(types.QueryStock, &types.QueryStockRequest{Participant: code}, &resp)
		for _, d := range resp.Declarations {
			at(code, d.Origins).declared += d.Carats
		}
		for _, st := range resp.Stocks {
			w := at(code, st.Origins)
			if st.Carats < 0 || st.Carats != st.Received+st.Declared-st.Drawn ||
				st.Received != w.received || st.Declared != w.declared || st.Drawn != w.drawn {
				t.Errorf("height %d, %s's stock of %v: %+v; the certificates say received %d, declared %d, drawn %d",
					l.a.Height, code, st.Origins, st, w.received, w.declared, w.drawn)
			}
			delete(want, code+" "+strings.Join(st.Origins, ","))
		}
	}
	for key, w := range want {
		if *w != (sums{}) {
			t.Errorf("height %d, no stock of %s, yet the certificates say %+v", l.a.Height, key, *w)
		}
	}
}

func (l *lifecycles) reportCoverage() {
	keys := make([]string, 0, len(l.outcomes))
	for k := range l.outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l.t.Logf("%-12s %d", k, l.outcomes[k])
	}
	statuses := map[types.CertificateStatus]int{}
	overdue, drawn := 0, 0
	for _, c := range l.a.Certificates() {
		statuses[c.Status]++
		if c.Overdue {
			overdue++
		}
		if len(c.Parents) > 0 {
			drawn++
		}
	}
	l.t.Logf("certificates by status %v, overdue %d, re-exports %d, height %d", statuses, overdue, drawn, l.a.Height)
	// The run must have reached every outcome it plans for.
	for _, want := range []struct {
		msg  string
		code uint32
	}{
		{"MsgIssue", 0}, {"MsgTransfer", 0}, {"MsgConfirm", 0}, {"MsgReject", 0}, {"MsgVoid", 0}, {"MsgAttest", 0},
		{"MsgIssue", types.ErrParentOverdrawn.Code()}, {"MsgIssue", types.ErrOriginMismatch.Code()},
		{"MsgIssue", types.ErrCaratsUnaccounted.Code()}, {"MsgIssue", types.ErrStockOverdrawn.Code()}, {"MsgIssue", types.ErrUnknownOrigins.Code()},
		{"MsgDeclareStock", 0}, {"MsgDeclareStock", types.ErrInvalidStock.Code()},
		{"MsgIssue", types.ErrNumberUsed.Code()}, {"MsgIssue", types.ErrEmbargoedOrigin.Code()},
		{"MsgConfirm", types.ErrQuantityMismatch.Code()}, {"MsgConfirm", types.ErrFinalState.Code()},
		{"MsgConfirm", types.ErrCertificateExpired.Code()}, {"MsgConfirm", types.ErrReceiptDate.Code()},
		{"MsgVoid", types.ErrVoidReasonForStatus.Code()}, {"MsgVoid", types.ErrCustodyAtDestination.Code()},
		{"MsgTransfer", types.ErrNotHolder.Code()}, {"MsgVoid", types.ErrInvalidReplacement.Code()},
		{"MsgAttest", types.ErrAlreadyAttested.Code()},
	} {
		if l.outcomes[fmt.Sprintf("%s %d", want.msg, want.code)] == 0 {
			l.t.Errorf("the run never had %s end with code %d", want.msg, want.code)
		}
	}
	if statuses[expired] == 0 || statuses[received] == 0 || overdue == 0 || drawn == 0 {
		l.t.Errorf("the run never reached some lifecycle: %v, overdue %d, re-exports %d", statuses, overdue, drawn)
	}
}
