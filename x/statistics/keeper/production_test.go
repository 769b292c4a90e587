package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Botswana's 2005 second half: kimberlite mines only.
func botswanaH2(carats int64) *types.MsgReportProduction {
	return &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: carats, KimberliteValueUsd: carats * 85}}
}

func TestReportProduction(t *testing.T) {
	expelledIndia := apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		for i := range g.Registry.Participants {
			if g.Registry.Participants[i].Code == "IN" {
				g.Registry.Participants[i].Status = participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED
			}
		}
	})
	cases := []struct {
		name   string
		signer string
		msg    *types.MsgReportProduction
		want   *refusal.Error
	}{
		{"Botswana reports its second half of 2005", "bw-admin", botswanaH2(1588000000), nil},
		{"Chinese Taipei files a nil return", "tw-admin", &types.MsgReportProduction{Year: 2005, Half: 1}, nil},
		{"a third half-year", "bw-admin", &types.MsgReportProduction{Year: 2005, Half: 3}, types.ErrInvalidPeriod},
		{"a year before the ledger's range", "bw-admin", &types.MsgReportProduction{Year: 1999, Half: 1}, types.ErrInvalidPeriod},
		// The chain is in January 2006: the first half has begun, not ended
		// (review A8, probe P16).
		{"the half-year under way", "bw-admin", &types.MsgReportProduction{Year: 2006, Half: 1}, types.ErrPeriodNotEnded},
		{"a half-year that has not begun", "bw-admin", &types.MsgReportProduction{Year: 2006, Half: 2}, types.ErrPeriodNotEnded},
		{"negative carats", "bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{AlluvialCarats: -1}}, types.ErrProductionOutOfRange},
		{"a note with a line break", "bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Note: "first line\nsecond"}, types.ErrInvalidNote},
		{"an expelled participant", "in-admin", &types.MsgReportProduction{Year: 2005, Half: 2}, types.ErrParticipantStatus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := apptest.New(t, expelledIndia)
			c.Skip(50 * 24 * time.Hour) // January 2006: 2005's second half has ended
			c.Block()
			if tc.want == nil {
				c.DeliverOK(tc.signer, tc.msg)
			} else {
				c.Refused(tc.signer, tc.msg, tc.want)
			}
			var resp types.QueryProductionResponse
			c.MustQuery(types.QueryProduction, &types.QueryProductionRequest{Participant: strings.ToUpper(tc.signer[:2]), Year: 2005, History: true}, &resp)
			if tc.want == nil && (len(resp.Reports) != 1 || resp.Reports[0].Version != 1 || resp.Reports[0].Signer != c.Address(tc.signer)) {
				t.Fatalf("reports %+v", resp.Reports)
			}
			if tc.want != nil && len(resp.Reports) != 0 {
				t.Fatalf("a refused report was recorded: %+v", resp.Reports)
			}
		})
	}
}

// TestCorrectionKeepsTheEarlierVersion: the current report is the latest; the
// history keeps every version; the annual table uses the current one.
func TestCorrectionKeepsTheEarlierVersion(t *testing.T) {
	c := apptest.New(t)
	c.Skip(50 * 24 * time.Hour)
	c.Block()
	c.DeliverOK("bw-admin", botswanaH2(1500000000))
	c.DeliverOK("bw-admin", botswanaH2(1588000000))

	var current, history types.QueryProductionResponse
	c.MustQuery(types.QueryProduction, &types.QueryProductionRequest{Participant: "BW", Year: 2005}, &current)
	c.MustQuery(types.QueryProduction, &types.QueryProductionRequest{Participant: "BW", Year: 2005, History: true}, &history)
	if len(current.Reports) != 1 || current.Reports[0].Version != 2 || current.Reports[0].Production.KimberliteCarats != 1588000000 {
		t.Fatalf("current %+v", current.Reports)
	}
	if len(history.Reports) != 2 || history.Reports[0].Version != 1 || history.Reports[0].Production.KimberliteCarats != 1500000000 {
		t.Fatalf("history %+v", history.Reports)
	}
	var annual types.QueryAnnualResponse
	c.MustQuery(types.QueryAnnual, &types.QueryAnnualRequest{Year: 2005}, &annual)
	for _, row := range annual.Rows {
		if row.Participant == "BW" && (row.ProductionCarats != 1588000000 || row.ReportedHalves != 1) {
			t.Fatalf("annual row %+v", row)
		}
	}
	if annual.Total.ProductionCarats != 1588000000 || len(annual.Rows) != len(apptest.FixtureParticipants) {
		t.Fatalf("annual total %+v over %d rows", annual.Total, len(annual.Rows))
	}
}

// TestAnnualHalfYear: the half-year view of the annual table has the
// production reported for that half and the trade of its two quarters; a
// third half is refused; the client shows US$ per carat (review B12).
func TestAnnualHalfYear(t *testing.T) {
	c := apptest.New(t) // 2005-11-15: the fourth quarter, the second half
	c.Block()
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-H1", "BW", "EU", apptest.Carats(1000_00), apptest.Value(120_000_00))(c))
	c.Skip(50 * 24 * time.Hour) // 2006
	c.Block()
	c.DeliverOK("bw-admin", &types.MsgReportProduction{Year: 2005, Half: 1, Production: types.Production{KimberliteCarats: 100_00, KimberliteValueUsd: 10_000_00}})
	c.DeliverOK("bw-admin", &types.MsgReportProduction{Year: 2005, Half: 2, Production: types.Production{KimberliteCarats: 300_00, KimberliteValueUsd: 45_000_00}})
	row := func(half uint32) types.AnnualRow {
		var annual types.QueryAnnualResponse
		c.MustQuery(types.QueryAnnual, &types.QueryAnnualRequest{Year: 2005, Half: half}, &annual)
		if annual.Half != half {
			t.Fatalf("half %d answered as %d", half, annual.Half)
		}
		for _, r := range annual.Rows {
			if r.Participant == "BW" {
				return r
			}
		}
		t.Fatalf("no row for BW")
		return types.AnnualRow{}
	}
	if r := row(1); r.ProductionCarats != 100_00 || r.ReportedHalves != 1 || r.Exports.Carats != 0 {
		t.Errorf("2005 H1: %+v", r)
	}
	if r := row(2); r.ProductionCarats != 300_00 || r.Exports.Carats != 1000_00 || types.USDPerCarat(r.Exports.ValueUsd, r.Exports.Carats) != "120.00" ||
		types.USDPerCarat(r.ProductionValueUsd, r.ProductionCarats) != "150.00" {
		t.Errorf("2005 H2: %+v", r)
	}
	if r := row(0); r.ProductionCarats != 400_00 || r.ReportedHalves != 2 || r.Exports.Carats != 1000_00 {
		t.Errorf("2005: %+v", r)
	}
	c.QueryRefused(types.QueryAnnual, &types.QueryAnnualRequest{Year: 2005, Half: 3}, types.ErrInvalidQuery)
}
