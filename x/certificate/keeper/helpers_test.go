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
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

const day = types.Day

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

// chainsWith is RunTxCases' newChain: each case on a chain of its own, started
// by newChain with opts.
func chainsWith(opts ...apptest.Option) func(t testing.TB) *apptest.Chain {
	return func(t testing.TB) *apptest.Chain { return newChain(t, opts...) }
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
		g.Certificates = gs
	}
}

// embargo puts origins under embargo at genesis, default parameters.
func embargo(origins ...string) edit { return certificateGenesis(types.DefaultParams(), origins...) }

// openingStock gives a participant a stock of goods of an origin set in
// genesis (after certificateGenesis or embargo, when both are used).
func openingStock(code string, carats int64, origins ...string) edit {
	return func(g *genesis.Document) {
		if err := g.AddOpeningStock(code, origins, carats, "inventory at the start of the ledger"); err != nil {
			panic(err)
		}
	}
}

// declared is a participant's admin declaring an opening stock of goods of
// an origin set.
func declared(code string, carats int64, origins ...string) apptest.Setup {
	return apptest.Given(apptest.By(apptest.KeyName(code, "admin"),
		apptest.Fixed(&types.MsgDeclareStock{Origins: origins, Carats: carats, Reference: "inventory of 14 November 2005"})))
}

// issuerEmbargo puts participants under an issuer embargo from genesis (after
// certificateGenesis or embargo, when both are used).
func issuerEmbargo(codes ...string) edit {
	return func(g *genesis.Document) {
		for _, code := range codes {
			if err := g.AddIssuerEmbargo(code, "UNSC resolution 1643 (2005)"); err != nil {
				panic(err)
			}
		}
	}
}

// shortDeadlines are parameters a few blocks reach: 300 s of validity, 60 s to
// confirm, 30 s of grace for a late confirmation (blocks are 5 s apart), the
// default re-weighing tolerance (0.1%).
var shortDeadlines = types.Params{MaxValidity: 300, ConfirmationDeadline: 60, LateConfirmationGrace: 30, ReweighToleranceBp: 10}

// addOperator is a participant admin's licence of an operator key.
func addOperator(keyName string, role envelope.Role, name string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &participanttypes.MsgAddOperator{PubKey: c.PubKey(keyName), Role: role, Name: name}
	}
}

// revokeOperator is a participant admin's revocation of an operator's key.
func revokeOperator(keyName string) apptest.Message {
	return func(c *apptest.Chain) envelope.Message {
		return &participanttypes.MsgRevokeOperator{Address: c.Address(keyName)}
	}
}

// ledgerState renders the certificate module's state as queries and store
// keys show it: every certificate of every fixture participant with its
// history, whether it is in the destination, expiry and awaiting indexes,
// every embargo and the parameters. Two equal renderings are two equal
// states: TestIssueIsAtomic compares a chain before and after,
// TestRandomLifecycles two chains fed the same blocks.
func ledgerState(t testing.TB, c *apptest.Chain) string {
	t.Helper()
	var b strings.Builder
	for _, cert := range c.Certificates() {
		b.WriteString(proto.CompactTextString(&cert.Certificate))
		for i := range cert.Events {
			b.WriteString(" event: " + proto.CompactTextString(&cert.Events[i]))
		}
		fmt.Fprintf(&b, " indexes: destination %v expiry %v awaiting %v\n",
			hasKey(t, c, types.DestinationKey(cert.Destination, cert.Number)),
			hasKey(t, c, types.ExpiryKey(cert.ExpiresAt, cert.Number)),
			hasKey(t, c, types.AwaitingKey(cert.IssuedAt, cert.Number)))
	}
	var embargoes types.QueryEmbargoesResponse
	c.MustQuery(types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &embargoes)
	b.WriteString("embargoes " + proto.CompactTextString(&embargoes) + "\n")
	var params types.QueryParamsResponse
	c.MustQuery(types.QueryParams, &types.QueryParamsRequest{}, &params)
	b.WriteString("params " + proto.CompactTextString(&params) + "\n")
	return b.String()
}

// hasKey reports whether a key of the certificate module is in the committed
// store (/store/key: absent is nil, an index entry holds store.Present).
func hasKey(t testing.TB, c *apptest.Chain, key []byte) bool {
	t.Helper()
	return storeValue(t, c, key) != nil
}

// storeValue reads the bytes of a key of the certificate module's store (nil:
// absent) as /store/key answers them.
func storeValue(t testing.TB, c *apptest.Chain, key []byte) []byte {
	t.Helper()
	full := append([]byte{types.StorePrefix}, key...)
	res, err := c.App.Query(t.Context(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: full})
	if err != nil || res.Code != 0 {
		t.Fatalf("/store/key %X: %v %d (%s)", full, err, res.GetCode(), res.GetLog())
	}
	return res.Value
}

// unknown checks that no certificate has a number.
func unknown(t testing.TB, c *apptest.Chain, number string) {
	t.Helper()
	q := c.Query(types.QueryCertificate, &types.QueryCertificateRequest{Number: number}, nil)
	apptest.WantRefusal(t, "Certificate "+number, q.Code, q.Codespace, q.Log, types.ErrUnknownCertificate)
}

// statusIs checks a certificate's status.
func statusIs(t testing.TB, c *apptest.Chain, number string, want types.CertificateStatus) apptest.Certificate {
	t.Helper()
	got := c.Certificate(number)
	if got.Status != want {
		t.Errorf("%s is %s, want %s", number, got.Status.Name(), want.Name())
	}
	return got
}

// eventsOf returns a certificate's history events of one kind.
func eventsOf(c apptest.Certificate, kind types.EventKind) []types.CertificateEvent {
	var out []types.CertificateEvent
	for _, ev := range c.Events {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// kinds lists the kinds of a certificate's history, in order.
func kinds(c apptest.Certificate) []string {
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
func indexed(t testing.TB, c *apptest.Chain, cert apptest.Certificate) (expiry, awaiting bool) {
	t.Helper()
	return hasKey(t, c, types.ExpiryKey(cert.ExpiresAt, cert.Number)), cert.ArrivedAt != 0 && hasKey(t, c, types.AwaitingKey(cert.ArrivedAt, cert.Number))
}

// plenaryDecides has the plenary take a decision at once: bw-admin (za-admin
// when the decision is about Botswana) proposes, every active voting
// participant of the fixture (the subject too: KP consensus) joins the
// consensus in the next block, and the decision executes at its end.
func plenaryDecides(decision plenarytypes.Decision) apptest.Setup {
	return func(t *testing.T, c *apptest.Chain) {
		t.Helper()
		subject := decision.Subject()
		proposer := "bw-admin"
		if subject == "BW" {
			proposer = "za-admin"
		}
		c.DeliverOK(proposer, &plenarytypes.MsgPropose{Decision: decision, Rationale: "Recommended by the Participation Committee."})
		var resp plenarytypes.QueryProposalsResponse
		c.MustQuery(plenarytypes.QueryProposals, &plenarytypes.QueryProposalsRequest{}, &resp)
		id := resp.Proposals[len(resp.Proposals)-1].Id
		var txs [][]byte
		for _, p := range apptest.FixtureParticipants {
			if p.Kind == participanttypes.ParticipantKind_PARTICIPANT_KIND_TRADING_ENTITY ||
				c.Participant(p.Code).Participant.Status != participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE {
				continue
			}
			txs = append(txs, c.Tx(apptest.KeyName(p.Code, "admin"), &plenarytypes.MsgVote{ProposalId: id, Option: plenarytypes.VoteOption_VOTE_OPTION_JOIN}))
		}
		for _, res := range c.Block(txs...).TxResults {
			if res.Code != 0 {
				t.Fatalf("vote refused: %s", res.Log)
			}
		}
		if p, _ := c.Proposal(id); p.Status != plenarytypes.ProposalStatus_PROPOSAL_STATUS_PASSED {
			t.Fatalf("proposal %d %s: %s", id, p.Status.Name(), p.Outcome)
		}
	}
}

// suspension is the plenary's suspension of a participant, grandfathering
// the goods it certified before when grandfather is set.
func suspension(code string, grandfather bool) plenarytypes.Decision {
	return plenarytypes.Decision{Content: &plenarytypes.Decision_Suspend{Suspend: &plenarytypes.ParticipantAction{Code: code, GrandfatherCertified: grandfather}}}
}
