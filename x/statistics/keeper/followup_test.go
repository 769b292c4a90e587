package keeper_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// flagged is a chain with a flag of each kind: a mirror discrepancy on
// BW-2005-F1 (received at US$10,000 against US$100,000), BW-2005-F2 expired
// never confirmed by the European Community, and the European Community's
// mass balance of its own goods exceeded (100 ct it produces none of).
func flagged(t testing.TB) *apptest.Chain {
	c := apptest.New(t)
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-F1", "BW", "EU", apptest.Carats(100_00), apptest.Value(100_000_00))(c))
	c.DeliverOK("eu-importer", apptest.Confirm("BW-2005-F1", apptest.StdParcels, 100_00, 10_000_00)(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-F2", "BW", "EU", apptest.ValidFor(certtypes.Day))(c))
	c.DeliverOK("eu-issuer", apptest.Shipment("EU-2005-F3", "EU", "RU", apptest.OwnProduction(100_00))(c))
	c.Skip(2 * 24 * time.Hour)
	c.Block()
	return c
}

func followUp(kind types.FlagKind, number string, status types.FlagStatus, note string) apptest.Message {
	return apptest.Fixed(&types.MsgFollowUpFlag{Kind: kind, Number: number, Rule: types.Rule_RULE_MIRROR, Status: status, Note: note})
}

func massBalanceFollowUp(status types.FlagStatus, note string, origins ...string) apptest.Message {
	return apptest.Fixed(&types.MsgFollowUpFlag{Kind: types.FlagKind_FLAG_KIND_MASS_BALANCE, Year: 2005, Origins: origins, Status: status, Note: note})
}

const (
	discrepancy  = types.FlagKind_FLAG_KIND_DISCREPANCY
	overdue      = types.FlagKind_FLAG_KIND_OVERDUE
	acknowledged = types.FlagStatus_FLAG_STATUS_ACKNOWLEDGED
	explained    = types.FlagStatus_FLAG_STATUS_EXPLAINED
	closed       = types.FlagStatus_FLAG_STATUS_CLOSED
)

// TestFollowUpFlag: an admin officer of a flagged participant acknowledges,
// explains and closes a flag; each step is kept; a closed flag is final
// (review B5). Every refusal leaves the flag as it was.
func TestFollowUpFlag(t *testing.T) {
	steps := func(get func(c *apptest.Chain) types.FollowUp, want ...types.FlagStatus) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
			fu := get(c)
			if fu.Status != want[len(want)-1] || len(fu.Steps) != len(want) {
				t.Fatalf("follow-up %+v, want steps %v", fu, want)
			}
			last := fu.Steps[len(fu.Steps)-1]
			if last.Height != c.Height || last.Time != c.Time.Unix() || last.Signer == "" || last.Participant == "" {
				t.Errorf("step %+v", last)
			}
		}
	}
	mirror := func(c *apptest.Chain) types.FollowUp {
		var resp types.QueryDiscrepanciesResponse
		c.MustQuery(types.QueryDiscrepancies, &types.QueryDiscrepanciesRequest{Rule: types.Rule_RULE_MIRROR}, &resp)
		return resp.Discrepancies[0].FollowUp
	}
	listing := func(c *apptest.Chain) types.FollowUp {
		var resp types.QueryOverdueResponse
		c.MustQuery(types.QueryOverdue, &types.QueryOverdueRequest{All: true}, &resp)
		for _, o := range resp.Certificates {
			if o.Number == "BW-2005-F2" {
				return o.FollowUp
			}
		}
		return types.FollowUp{}
	}
	balance := func(c *apptest.Chain) types.FollowUp {
		var resp types.QueryMassBalanceResponse
		c.MustQuery(types.QueryMassBalance, &types.QueryMassBalanceRequest{Year: 2005, Participant: "EU", Flagged: true}, &resp)
		if len(resp.Balances) != 1 {
			return types.FollowUp{}
		}
		return resp.Balances[0].FollowUp
	}
	closedMirror := apptest.Given(apptest.By("bw-admin", followUp(discrepancy, "BW-2005-F1", closed, "value confirmed with the exporter: a typing error")))
	apptest.RunTxCases(t, func(t testing.TB) *apptest.Chain { return flagged(t) }, []apptest.TxCase{
		{Name: "the issuer acknowledges a mirror discrepancy", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F1", acknowledged, ""),
			Check: steps(mirror, acknowledged)},
		{Name: "the destination explains it", Signer: "eu-admin", Msg: followUp(discrepancy, "BW-2005-F1", explained, "re-valued by the diamond office"),
			Check: steps(mirror, explained)},
		{Name: "the issuer closes it", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F1", closed, "value confirmed with the exporter: a typing error"),
			Check: steps(mirror, closed)},
		{Name: "the destination explains its listing of an expired certificate", Signer: "eu-admin", Msg: followUp(overdue, "BW-2005-F2", explained, "the buyer never shipped"),
			Check: steps(listing, explained)},
		{Name: "the European Community explains its mass balance", Signer: "eu-admin", Msg: massBalanceFollowUp(explained, "mis-keyed: the goods came from stock", "EU"),
			Check: steps(balance, explained)},
		{Name: "a participant not flagged", Signer: "ru-admin", Msg: followUp(discrepancy, "BW-2005-F1", acknowledged, ""), Want: types.ErrNotFlagged},
		{Name: "the issuer of an overdue listing: the destination is flagged", Signer: "bw-admin", Msg: followUp(overdue, "BW-2005-F2", acknowledged, ""), Want: types.ErrNotFlagged},
		{Name: "a certificate never flagged", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F2", acknowledged, ""), Want: types.ErrFlagNotFound},
		{Name: "a mass balance never exceeded", Signer: "bw-admin", Msg: massBalanceFollowUp(acknowledged, "", "BW"), Want: types.ErrFlagNotFound},
		{Name: "an explanation without a note", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F1", explained, ""), Want: types.ErrInvalidFollowUp},
		{Name: "a step back to open", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F1", types.FlagStatus_FLAG_STATUS_OPEN, ""), Want: types.ErrInvalidFollowUp},
		{Name: "no kind", Signer: "bw-admin", Msg: followUp(types.FlagKind_FLAG_KIND_UNSPECIFIED, "BW-2005-F1", acknowledged, ""), Want: types.ErrInvalidFollowUp},
		{Name: "a note with a line break", Signer: "bw-admin", Msg: followUp(discrepancy, "BW-2005-F1", explained, "first\nsecond"), Want: types.ErrInvalidNote},
		{Name: "acknowledged twice", Setup: apptest.Given(apptest.By("bw-admin", followUp(discrepancy, "BW-2005-F1", acknowledged, ""))),
			Signer: "eu-admin", Msg: followUp(discrepancy, "BW-2005-F1", acknowledged, ""), Want: types.ErrInvalidFollowUp},
		{Name: "explained after it was closed", Setup: closedMirror,
			Signer: "eu-admin", Msg: followUp(discrepancy, "BW-2005-F1", explained, "late"), Want: types.ErrFlagClosed},
	})
}

// TestFollowUpByAdminOnly: an issuer officer may not follow a flag up.
func TestFollowUpByAdminOnly(t *testing.T) {
	c := flagged(t)
	res := c.Deliver(c.Tx("bw-issuer", followUp(discrepancy, "BW-2005-F1", acknowledged, "")(c)))
	if res.Code == 0 {
		t.Fatal("an issuer officer followed a flag up")
	}
	if fu := discrepancies(t, c, types.Rule_RULE_MIRROR)["BW-2005-F1"].FollowUp; len(fu.Steps) != 0 {
		t.Fatalf("follow-up %+v", fu)
	}
}

// TestClosedOverdueLeavesTheDefaultListing: the destination closes the
// listing of a certificate that expired unconfirmed, with its reason; the
// default listing drops it, the full one keeps it with its history.
func TestClosedOverdueLeavesTheDefaultListing(t *testing.T) {
	c := flagged(t)
	list := func(all bool) []types.OverdueCertificate {
		var resp types.QueryOverdueResponse
		c.MustQuery(types.QueryOverdue, &types.QueryOverdueRequest{All: all}, &resp)
		return resp.Certificates
	}
	if got := list(false); len(got) != 1 || got[0].Number != "BW-2005-F2" {
		t.Fatalf("before: %+v", got)
	}
	c.DeliverOK("eu-admin", followUp(overdue, "BW-2005-F2", closed, "the shipment never left Gaborone")(c))
	if got := list(false); len(got) != 0 {
		t.Fatalf("after closing: %+v", got)
	}
	if got := list(true); len(got) != 1 || got[0].FollowUp.Status != closed || got[0].FollowUp.Steps[0].Note != "the shipment never left Gaborone" {
		t.Fatalf("all: %+v", got)
	}
}
