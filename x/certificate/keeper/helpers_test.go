package keeper_test

import (
	"fmt"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

const day = types.Day

// The figures of a standard shipment: 1,523.40 ct in 3 parcels worth
// US$182,500.00.
const (
	stdCarats  int64  = 152340
	stdValue   int64  = 18250000
	stdParcels uint32 = 3
)

const (
	issued   = types.CertificateStatus_CERTIFICATE_STATUS_ISSUED
	received = types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED
	rejected = types.CertificateStatus_CERTIFICATE_STATUS_REJECTED
	voided   = types.CertificateStatus_CERTIFICATE_STATUS_VOID
	expired  = types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED
)

// newChain starts the fixture network and commits an empty first block, so
// that queries read a saved state.
func newChain(t testing.TB, opts ...apptest.Option) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, opts...)
	c.Block()
	return c
}

// edit changes the fixture's genesis.
type edit func(g *genesis.Document)

// with applies genesis edits (apptest keeps only one WithGenesis option).
func with(edits ...edit) apptest.Option {
	return apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		for _, e := range edits {
			e(g)
		}
	})
}

// status gives a fixture participant another status. Genesis refuses
// validators of non-active participants: use it on India or Chinese Taipei.
func status(code string, s participanttypes.ParticipantStatus) edit {
	return func(g *genesis.Document) {
		for i := range g.Registry.Participants {
			if g.Registry.Participants[i].Code == code {
				g.Registry.Participants[i].Status = s
				return
			}
		}
		panic("status: no participant " + code)
	}
}

func suspended(code string) edit {
	return status(code, participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
}

// certificateGenesis writes app_state.certificate: the parameters and the
// origins under embargo at genesis.
func certificateGenesis(p types.Params, embargoed ...string) edit {
	return func(g *genesis.Document) {
		gs := types.GenesisState{Params: p}
		for _, o := range embargoed {
			gs.Embargoes = append(gs.Embargoes, types.Embargo{Origin: o, Reference: "KP plenary resolution on " + o + ", 2005"})
		}
		bz, err := format.MarshalGenesisJSON(&gs)
		if err != nil {
			panic(err)
		}
		g.Other[types.ModuleName] = bz
	}
}

// embargo puts origins under embargo at genesis, default parameters.
func embargo(origins ...string) edit { return certificateGenesis(types.DefaultParams(), origins...) }

// shortDeadlines are parameters a few blocks reach: 300 s of validity, 60 s to
// confirm (blocks are 5 s apart).
var shortDeadlines = types.Params{MaxValidity: 300, ConfirmationDeadline: 60}

// nextBlockTime is the time of the block the next Deliver makes.
func nextBlockTime(c *apptest.Chain) int64 { return c.Time.Add(apptest.BlockInterval).Unix() }

// message builds a message on a chain (keys, addresses and time are the
// chain's).
type message func(c *apptest.Chain) envelope.Message

// issue is the standard shipment from issuer to destination between the
// fixture's operators, valid 30 days from the block it goes in; changes edit
// it.
func issue(number, issuer, destination string, changes ...func(c *apptest.Chain, m *types.MsgIssue)) message {
	return func(c *apptest.Chain) envelope.Message {
		m := &types.MsgIssue{
			Number: number, Origin: issuer, Destination: destination,
			Exporter: c.Address(apptest.KeyName(issuer, "exporter")), Importer: c.Address(apptest.KeyName(destination, "importer")),
			Carats: stdCarats, ValueUsd: stdValue, Parcels: stdParcels, HsCode: "7102.31",
			ExpiresAt: nextBlockTime(c) + 30*day,
		}
		for _, change := range changes {
			change(c, m)
		}
		return m
	}
}

// Changes of an issue.
func origin(o string, mixed ...string) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.Origin, m.MixedOrigins = o, mixed }
}

func carats(n int64) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.Carats = n }
}

func seal(s string) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.Seal = s }
}

func transit(codes ...string) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.Transit = codes }
}

func parents(draws ...types.Draw) func(*apptest.Chain, *types.MsgIssue) {
	return func(_ *apptest.Chain, m *types.MsgIssue) { m.Parents = draws }
}

func draw(number string, carats int64) types.Draw { return types.Draw{Number: number, Carats: carats} }

// validFor sets the expiry seconds after the block the issue goes in.
func validFor(seconds int64) func(*apptest.Chain, *types.MsgIssue) {
	return func(c *apptest.Chain, m *types.MsgIssue) { m.ExpiresAt = nextBlockTime(c) + seconds }
}

func exporterKey(name string) func(*apptest.Chain, *types.MsgIssue) {
	return func(c *apptest.Chain, m *types.MsgIssue) { m.Exporter = c.Address(name) }
}

func importerKey(name string) func(*apptest.Chain, *types.MsgIssue) {
	return func(c *apptest.Chain, m *types.MsgIssue) { m.Importer = c.Address(name) }
}

func confirm(number string, parcels uint32, carats, value int64) message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgConfirm{Number: number, Parcels: parcels, Carats: carats, ValueUsd: value, Note: "counted at the diamond office"}
	}
}

// confirmStd confirms the standard shipment as it was certified.
func confirmStd(number string) message { return confirm(number, stdParcels, stdCarats, stdValue) }

func reject(number string, reason types.RejectionReason) message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgReject{Number: number, Reason: reason, Note: "shipment detained"}
	}
}

func void(number string, reason types.VoidReason, replacedBy string) message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgVoid{Number: number, Reason: reason, ReplacedBy: replacedBy}
	}
}

func transfer(number, toKey, seal string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &types.MsgTransfer{Number: number, To: c.Address(toKey), Seal: seal, Carrier: "Air Botswana Cargo"}
	}
}

func attest(number string) message {
	return func(*apptest.Chain) envelope.Message {
		return &types.MsgAttest{Number: number, Note: "arrived sealed, left unopened"}
	}
}

func addOperator(keyName string, role envelope.Role, name string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &participanttypes.MsgAddOperator{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

func revokeOperator(keyName string) message {
	return func(c *apptest.Chain) envelope.Message {
		return &participanttypes.MsgRevokeOperator{Address: c.Address(keyName)}
	}
}

// step is one accepted transaction of a case's setup.
type step struct {
	signer string
	msg    message
}

func by(signer string, msg message) step { return step{signer, msg} }

// given delivers each step in its own block and requires it to succeed.
func given(steps ...step) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		for _, s := range steps {
			deliverOK(t, c, s.signer, s.msg)
		}
	}
}

// deliverOK delivers one message in its own block and requires success.
func deliverOK(t testing.TB, c *apptest.Chain, signer string, msg message) *abci.ExecTxResult {
	t.Helper()
	m := msg(c)
	res := c.Deliver(c.Tx(signer, m))
	if res.Code != 0 {
		t.Fatalf("%s signing %s: code %d: %s", signer, apptest.MsgName(m), res.Code, res.Log)
	}
	return res
}

// then chains setups.
func then(setups ...func(*testing.T, *apptest.Chain)) func(*testing.T, *apptest.Chain) {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		for _, s := range setups {
			s(t, c)
		}
	}
}

// emptyBlocks commits n blocks without transactions.
func emptyBlocks(n int) func(*testing.T, *apptest.Chain) {
	return func(_ *testing.T, c *apptest.Chain) {
		for i := 0; i < n; i++ {
			c.Block()
		}
	}
}

// txCase is one transaction on a fresh fixture chain: accepted (want nil, then
// check) or refused with want, leaving the certificate module's state as it
// was and, for a refusal past the stateless checks, consuming the signer's
// sequence (and nothing else).
type txCase struct {
	name   string
	setup  func(t *testing.T, c *apptest.Chain)
	signer string
	msg    message
	want   *refusal.Error
	check  func(t *testing.T, c *apptest.Chain, res *abci.ExecTxResult)
}

func runTxCases(t *testing.T, cases []txCase, opts ...apptest.Option) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, opts...)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			msg := tc.msg(c)
			if tc.want == nil {
				res := c.Deliver(c.Tx(tc.signer, msg))
				if res.Code != 0 {
					t.Fatalf("refused: code %d (%s)", res.Code, res.Log)
				}
				if tc.check != nil {
					tc.check(t, c, res)
				}
				return
			}
			refused(t, c, tc.signer, msg, tc.want)
			if tc.check != nil {
				tc.check(t, c, nil)
			}
		})
	}
}

// refused delivers msg signed by signer, expects the refusal want, and checks
// that the certificate state is what it was and that the signer's sequence
// advanced by one (stateful refusal) or not at all (stateless refusal, which
// the envelope check stops before the sequence is consumed).
func refused(t testing.TB, c *apptest.Chain, signer string, msg envelope.Message, want *refusal.Error) {
	t.Helper()
	before, seq := ledgerState(t, c), committedSequence(t, c, signer)
	res := c.Deliver(c.Tx(signer, msg))
	wantRefusal(t, "FinalizeBlock", res.Code, res.Codespace, res.Log, want)
	if after := ledgerState(t, c); after != before {
		t.Errorf("a refused transaction changed the certificates:\nbefore: %s\nafter:  %s", before, after)
	}
	wantSeq := seq + 1
	if msg.(interface{ ValidateBasic() error }).ValidateBasic() != nil {
		wantSeq = seq
	}
	if got := committedSequence(t, c, signer); got != wantSeq {
		t.Errorf("%s's sequence %d after the refusal, want %d", signer, got, wantSeq)
	}
	c.SetSequence(signer, wantSeq)
}

// wantRefusal checks a result's code and codespace against a refusal.
func wantRefusal(t testing.TB, where string, code uint32, codespace, log string, want *refusal.Error) {
	t.Helper()
	if code != want.Code() || codespace != want.Codespace() {
		t.Errorf("%s: code %d %q (%s), want %d %q (%s)", where, code, codespace, log, want.Code(), want.Codespace(), want.Reason())
	}
}

// committedSequence is the next sequence the committed state expects of a key.
func committedSequence(t testing.TB, c *apptest.Chain, keyName string) uint64 {
	t.Helper()
	var resp envelope.QuerySequenceResponse
	q := c.Query(envelope.SequencePath, &envelope.QuerySequenceRequest{Signer: c.Key(keyName).PubKey().Address()}, &resp)
	if q.Code != 0 {
		t.Fatalf("sequence of %s: code %d (%s)", keyName, q.Code, q.Log)
	}
	return resp.Committed
}

// ledgerState renders the certificate module's state as queries and store
// keys show it: every certificate of every fixture participant with its
// history, whether it is in the destination, expiry and awaiting indexes,
// every embargo and the parameters. Two equal renderings are two equal
// states.
func ledgerState(t testing.TB, c *apptest.Chain) string {
	t.Helper()
	var b strings.Builder
	for _, cert := range allCertificates(t, c) {
		b.WriteString(proto.CompactTextString(&cert))
		fmt.Fprintf(&b, " indexes: destination %v expiry %v awaiting %v\n",
			hasKey(t, c, types.DestinationKey(cert.Destination, cert.Number)),
			hasKey(t, c, types.ExpiryKey(cert.ExpiresAt, cert.Number)),
			hasKey(t, c, types.AwaitingKey(cert.IssuedAt, cert.Number)))
	}
	var embargoes types.QueryEmbargoesResponse
	mustQuery(t, c, types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &embargoes)
	b.WriteString("embargoes " + proto.CompactTextString(&embargoes) + "\n")
	var params types.QueryParamsResponse
	mustQuery(t, c, types.QueryParams, &types.QueryParamsRequest{}, &params)
	b.WriteString("params " + proto.CompactTextString(&params) + "\n")
	return b.String()
}

// allCertificates lists every certificate, issuer by issuer, page by page.
func allCertificates(t testing.TB, c *apptest.Chain) []types.Certificate {
	t.Helper()
	var all []types.Certificate
	for _, p := range apptest.FixtureParticipants {
		req := &types.QueryCertificatesRequest{Issuer: p.Code, Limit: types.MaxPageSize}
		for {
			var resp types.QueryCertificatesResponse
			mustQuery(t, c, types.QueryCertificates, req, &resp)
			all = append(all, resp.Certificates...)
			if resp.NextKey == "" {
				break
			}
			req.PageKey = resp.NextKey
		}
	}
	return all
}

// hasKey reports whether a key of the certificate module is in the committed
// store (/store/key: absent is nil, an index entry is empty).
func hasKey(t testing.TB, c *apptest.Chain, key []byte) bool {
	t.Helper()
	full := append([]byte{types.StorePrefix}, key...)
	res, err := c.App.Query(t.Context(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: full})
	if err != nil || res.Code != 0 {
		t.Fatalf("/store/key %X: %v %d (%s)", full, err, res.GetCode(), res.GetLog())
	}
	return res.Value != nil
}

// request is a query's request message.
type request = interface{ Marshal() ([]byte, error) }

// mustQuery runs a certificate query that must be answered.
func mustQuery(t testing.TB, c *apptest.Chain, method string, req request, resp interface{ Unmarshal([]byte) error }) {
	t.Helper()
	if q := c.Query(method, req, resp); q.Code != 0 {
		t.Fatalf("%s: code %d (%s)", method, q.Code, q.Log)
	}
}

// certificate returns a certificate that must exist.
func certificate(t testing.TB, c *apptest.Chain, number string) types.Certificate {
	t.Helper()
	var resp types.QueryCertificateResponse
	mustQuery(t, c, types.QueryCertificate, &types.QueryCertificateRequest{Number: number}, &resp)
	return resp.Certificate
}

// unknown checks that no certificate has a number.
func unknown(t testing.TB, c *apptest.Chain, number string) {
	t.Helper()
	q := c.Query(types.QueryCertificate, &types.QueryCertificateRequest{Number: number}, nil)
	wantRefusal(t, "Certificate "+number, q.Code, q.Codespace, q.Log, types.ErrUnknownCertificate)
}

// statusIs checks a certificate's status.
func statusIs(t testing.TB, c *apptest.Chain, number string, want types.CertificateStatus) types.Certificate {
	t.Helper()
	got := certificate(t, c, number)
	if got.Status != want {
		t.Errorf("%s is %s, want %s", number, got.Status.Name(), want.Name())
	}
	return got
}

// eventsOf returns a certificate's history events of one kind.
func eventsOf(c types.Certificate, kind types.EventKind) []types.CertificateEvent {
	var out []types.CertificateEvent
	for _, ev := range c.Events {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// kinds lists the kinds of a certificate's history, in order.
func kinds(c types.Certificate) []string {
	out := make([]string, len(c.Events))
	for i, ev := range c.Events {
		out[i] = ev.Kind.Name()
	}
	return out
}

// abciActions lists the (number, action) pairs of the certificate module's
// ABCI events.
func abciActions(events []abci.Event) []string {
	var out []string
	for _, e := range events {
		if e.Type != types.ModuleName {
			continue
		}
		var number, action string
		for _, a := range e.Attributes {
			switch a.Key {
			case "number":
				number = a.Value
			case "action":
				action = a.Value
			}
		}
		out = append(out, number+" "+action)
	}
	return out
}

// indexed reports whether a certificate is in the expiry and awaiting indexes.
func indexed(t testing.TB, c *apptest.Chain, cert types.Certificate) (expiry, awaiting bool) {
	t.Helper()
	return hasKey(t, c, types.ExpiryKey(cert.ExpiresAt, cert.Number)), hasKey(t, c, types.AwaitingKey(cert.IssuedAt, cert.Number))
}
