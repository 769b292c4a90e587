package keeper_test

import (
	"slices"
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// TestOverdueThenExpired: with 60 s to confirm and a certificate valid 100 s
// handed to the importer at issue, the first block more than 60 s after its
// arrival flags it overdue, once; the first
// block past its expiry expires it. Both are block-time events: no
// transaction, no signer.
func TestOverdueThenExpired(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(100))(c))
	issuedAt := c.Time.Unix()
	c.DeliverOK("bw-exporter", apptest.Transfer("BW-2005-1", "eu-importer", "")(c))
	arrivedAt := c.Time.Unix()
	if got := c.Certificate("BW-2005-1").ArrivedAt; got != arrivedAt {
		t.Fatalf("arrived at %d, want %d: custody reached the importer", got, arrivedAt)
	}
	var overdueAt, expiredAt []int64
	for c.Time.Unix() < issuedAt+200 {
		resp := c.Block()
		now := c.Time.Unix()
		for _, a := range abciActions(resp.Events) {
			switch a {
			case "BW-2005-1 overdue":
				overdueAt = append(overdueAt, now)
			case "BW-2005-1 expired":
				expiredAt = append(expiredAt, now)
			default:
				t.Errorf("block at +%d s: unexpected event %q", now-issuedAt, a)
			}
		}
		got := c.Certificate("BW-2005-1")
		if wantOverdue := now-arrivedAt > 60; got.Overdue != wantOverdue {
			t.Errorf("at +%d s overdue = %v, want %v", now-arrivedAt, got.Overdue, wantOverdue)
		}
		if wantExpired := now > got.ExpiresAt; (got.Status == expired) != wantExpired {
			t.Errorf("at +%d s status %s (expiry +%d s)", now-issuedAt, got.Status.Name(), got.ExpiresAt-issuedAt)
		}
	}
	if !slices.Equal(overdueAt, []int64{arrivedAt + 65}) || !slices.Equal(expiredAt, []int64{issuedAt + 105}) {
		t.Errorf("overdue at %v, expired at %v; want 65 s after the arrival %d and 105 s after issue %d", overdueAt, expiredAt, arrivedAt, issuedAt)
	}
	got := c.Certificate("BW-2005-1")
	if !slices.Equal(kinds(got), []string{"issued", "transferred", "overdue", "expired"}) {
		t.Fatalf("history %v", kinds(got))
	}
	for _, ev := range got.Events[2:] {
		if ev.TxHash != nil || ev.Signer != "" || ev.Height == 0 || ev.Time == 0 {
			t.Errorf("block-time event %+v: want a height and time, no transaction and no signer", ev)
		}
	}
	if got.Events[2].Time != arrivedAt+65 || got.Events[3].Time != issuedAt+105 {
		t.Errorf("events at %d and %d", got.Events[2].Time, got.Events[3].Time)
	}
	if expiry, awaiting := indexed(t, c, got); expiry || awaiting {
		t.Errorf("still indexed: expiry %v awaiting %v", expiry, awaiting)
	}
}

// TestOverdueThenConfirmed: an overdue certificate can still be confirmed
// before expiry; the flag stays as a monitoring record and is not raised
// again.
func TestOverdueThenConfirmed(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(200))(c))
	c.DeliverOK("bw-exporter", apptest.Transfer("BW-2005-1", "eu-importer", "")(c))
	apptest.EmptyBlocks(13)(t, c)
	if !c.Certificate("BW-2005-1").Overdue {
		t.Fatal("not overdue 65 s after its arrival")
	}
	c.DeliverOK("eu-importer", apptest.ConfirmAsCertified("BW-2005-1")(c))
	apptest.EmptyBlocks(50)(t, c)
	got := statusIs(t, c, "BW-2005-1", received)
	if !got.Overdue || !slices.Equal(kinds(got), []string{"issued", "transferred", "overdue", "received"}) {
		t.Errorf("overdue %v, history %v", got.Overdue, kinds(got))
	}
}

// TestSettledCertificatesAreNeverFlagged: received, rejected and void
// certificates leave the time indexes; only the one left waiting is flagged
// and expired. Certificates due in one block are handled in number order.
func TestSettledCertificatesAreNeverFlagged(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	var batch []byte
	{
		var msgs []types.MsgIssue
		for _, n := range []string{"BW-2005-5", "BW-2005-4", "BW-2005-3", "BW-2005-2", "BW-2005-1"} {
			msgs = append(msgs, *apptest.Shipment(n, "BW", "EU", apptest.ValidFor(100))(c).(*types.MsgIssue))
		}
		batch = c.Tx("bw-issuer", &msgs[0], &msgs[1], &msgs[2], &msgs[3], &msgs[4])
	}
	if res := c.Deliver(batch); res.Code != 0 {
		t.Fatalf("issue: code %d (%s)", res.Code, res.Log)
	}
	apptest.Given(
		apptest.By("bw-exporter", apptest.Transfer("BW-2005-1", "eu-importer", "")),
		apptest.By("bw-exporter", apptest.Transfer("BW-2005-5", "eu-customs", "")),
		apptest.By("eu-importer", apptest.ConfirmAsCertified("BW-2005-2")),
		apptest.By("eu-customs", apptest.Reject("BW-2005-3", types.RejectionReason_REJECTION_REASON_SEAL_BROKEN)),
		apptest.By("bw-issuer", apptest.Void("BW-2005-4", printerError, "")),
	)(t, c)
	var actions []string
	for i := 0; i < 60; i++ {
		actions = append(actions, abciActions(c.Block().Events)...)
	}
	want := []string{"BW-2005-1 overdue", "BW-2005-5 overdue", "BW-2005-1 expired", "BW-2005-5 expired"}
	if !slices.Equal(actions, want) {
		t.Errorf("block-time events %v, want %v", actions, want)
	}
	for n, s := range map[string]types.CertificateStatus{"BW-2005-2": received, "BW-2005-3": rejected, "BW-2005-4": voided} {
		if got := statusIs(t, c, n, s); got.Overdue || len(eventsOf(got, types.EventKind_EVENT_KIND_OVERDUE)) != 0 {
			t.Errorf("%s (%s) flagged overdue", n, s.Name())
		}
	}
}

// TestOverdueCountsFromArrival: the confirmation deadline counts from custody
// reaching a key of the destination, not from issue (review A6, probe P7): a
// shipment still on its way is never overdue, and one whose custody stays on
// the exporter's side is only expired at its expiry.
func TestOverdueCountsFromArrival(t *testing.T) {
	c := newChain(t, with(certificateGenesis(shortDeadlines)))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(200))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-2", "BW", "EU", apptest.ValidFor(100))(c))
	issuedAt := c.Time.Unix()
	apptest.EmptyBlocks(16)(t, c) // +80 s: past the deadline counted from issue
	c.DeliverOK("bw-exporter", apptest.Transfer("BW-2005-1", "bw-customs", "")(c))
	if got := c.Certificate("BW-2005-1"); got.Overdue || got.ArrivedAt != 0 {
		t.Fatalf("in the exporter's customs: overdue %v, arrived at %d", got.Overdue, got.ArrivedAt)
	}
	c.DeliverOK("bw-customs", apptest.Transfer("BW-2005-1", "eu-customs", "")(c))
	arrivedAt := c.Time.Unix()
	if got := c.Certificate("BW-2005-1").ArrivedAt; got != arrivedAt {
		t.Fatalf("arrived at %d, want %d", got, arrivedAt)
	}
	c.DeliverOK("eu-customs", apptest.Transfer("BW-2005-1", "eu-importer", "")(c))
	if got := c.Certificate("BW-2005-1").ArrivedAt; got != arrivedAt {
		t.Fatalf("a second transfer on the destination's side moved the arrival to %d", got)
	}
	var overdueAt []int64
	for c.Time.Unix() < issuedAt+200 {
		for _, a := range abciActions(c.Block().Events) {
			if a == "BW-2005-1 overdue" {
				overdueAt = append(overdueAt, c.Time.Unix())
			}
			if a == "BW-2005-2 overdue" {
				t.Errorf("BW-2005-2 flagged overdue: it never reached the importer")
			}
		}
	}
	if len(overdueAt) != 1 || overdueAt[0] <= arrivedAt+60 || overdueAt[0] > arrivedAt+65 {
		t.Errorf("BW-2005-1 overdue at %v, want once in the first block more than 60 s after %d", overdueAt, arrivedAt)
	}
	if got := statusIs(t, c, "BW-2005-2", expired); got.Overdue {
		t.Errorf("BW-2005-2 overdue")
	}
}

// TestDefaultDeadlines: with the default parameters (15 days to confirm, at
// most 60 days of validity) nothing is flagged within the first minutes.
func TestDefaultDeadlines(t *testing.T) {
	c := newChain(t)
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(60*day))(c))
	for i := 0; i < 20; i++ {
		if a := abciActions(c.Block().Events); len(a) != 0 {
			t.Fatalf("block-time events %v", a)
		}
	}
	var params types.QueryParamsResponse
	c.MustQuery(types.QueryParams, &types.QueryParamsRequest{}, &params)
	if params.Params != types.DefaultParams() || params.Params.ConfirmationDeadline != 15*day || params.Params.MaxValidity != 60*day {
		t.Errorf("params %+v", params.Params)
	}
}
