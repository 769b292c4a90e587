package web

import (
	"context"
	"strings"

	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// monitoringView is the monitoring flags: overdue confirmations, value
// discrepancies and missed reporting deadlines, for one participant (as
// issuer or destination) or all; All shows closed flags too.
type monitoringView struct {
	Participant   string            `json:"participant,omitempty"`
	All           bool              `json:"all"`
	Overdue       []overdueRow      `json:"overdue"`
	Discrepancies []discrepancyRow  `json:"discrepancies"`
	NonSubmitters []nonSubmitterRow `json:"non_submitters"`
	MassBalances  []massBalanceRow  `json:"mass_balances"`
	More          bool              `json:"more,omitempty"`
}

// massBalanceRow is a participant's mass balance of an origin set in a year
// that exceeded: exports beyond production, imports and opening stock.
type massBalanceRow struct {
	Participant string `json:"participant"`
	Year        uint32 `json:"year"`
	Origins     string `json:"origins"`
	CheckedHalf uint32 `json:"checked_half"`
	Exported    string `json:"exported_carats"`
	Available   string `json:"available_carats"`
	Production  string `json:"production_carats"`
	Exceeded    bool   `json:"exceeded"`
	FlaggedAt   string `json:"flagged_at"`
	FollowUp    string `json:"follow_up"`
	Note        string `json:"note,omitempty"`
}

type overdueRow struct {
	Number      string `json:"number"`
	Issuer      string `json:"issuer"`
	Destination string `json:"destination"`
	IssuedAt    string `json:"issued_at"`
	FlaggedAt   string `json:"flagged_at"`
	// Outcome is the certificate's status once it left "issued"; empty
	// while it awaits confirmation.
	Outcome  string `json:"outcome,omitempty"`
	ClosedAt string `json:"closed_at,omitempty"`
	// FollowUp is where the destination's follow-up stands (open,
	// acknowledged, explained, closed), with its last note.
	FollowUp string `json:"follow_up"`
	Note     string `json:"note,omitempty"`
}

type discrepancyRow struct {
	Number           string `json:"number"`
	Rule             string `json:"rule"`
	FlaggedAt        string `json:"flagged_at"`
	Issuer           string `json:"issuer"`
	Destination      string `json:"destination"`
	Origin           string `json:"origin"`
	HSCode           string `json:"hs_code"`
	Carats           string `json:"carats"`
	ValueUSD         string `json:"value_usd"`
	ReceivedValueUSD string `json:"received_value_usd,omitempty"`
	DeviationPercent string `json:"deviation_percent,omitempty"`
	Explanation      string `json:"explanation"`
	FollowUp         string `json:"follow_up"`
	Note             string `json:"note,omitempty"`
}

// followUp is where a flag's follow-up stands and its last note.
func followUp(fu stattypes.FollowUp) (string, string) {
	if len(fu.Steps) == 0 {
		return fu.Status.Name(), ""
	}
	return fu.Status.Name(), fu.Steps[len(fu.Steps)-1].Note
}

type nonSubmitterRow struct {
	Participant string `json:"participant"`
	Year        uint32 `json:"year"`
	Half        uint32 `json:"half"`
	Deadline    string `json:"deadline"`
	ReportedAt  string `json:"reported_at,omitempty"`
}

func statisticsPrefixed(key []byte) []byte { return append([]byte{stattypes.StorePrefix}, key...) }

// readMonitoring proves the three listings of flags.
func readMonitoring(ctx context.Context, s *proof.Session, participant string, all bool) (*monitoringView, error) {
	view := &monitoringView{Participant: participant, All: all}
	concerns := func(issuer, destination string) bool {
		return participant == "" || participant == issuer || participant == destination
	}
	more, err := scan(ctx, s, statisticsPrefixed(stattypes.OverduePrefix()), maxListing, func(_, value []byte) error {
		var o stattypes.OverdueCertificate
		if err := o.Unmarshal(value); err != nil {
			return err
		}
		if (all || o.Open()) && concerns(o.Issuer, o.Destination) {
			row := overdueRow{Number: o.Number, Issuer: o.Issuer, Destination: o.Destination, IssuedAt: format.Time(o.IssuedAt),
				FlaggedAt: format.Time(o.FlaggedAt)}
			row.FollowUp, row.Note = followUp(o.FollowUp)
			if o.Outcome != certtypes.CertificateStatus_CERTIFICATE_STATUS_UNSPECIFIED {
				row.Outcome, row.ClosedAt = o.Outcome.Name(), format.Time(o.ClosedAt)
			}
			view.Overdue = append(view.Overdue, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	view.More = more
	more, err = scan(ctx, s, statisticsPrefixed(stattypes.DiscrepanciesPrefix()), maxListing, func(_, value []byte) error {
		var d stattypes.Discrepancy
		if err := d.Unmarshal(value); err != nil {
			return err
		}
		if !concerns(d.Issuer, d.Destination) {
			return nil
		}
		row := discrepancyRow{Number: d.Number, Rule: d.Rule.Name(), FlaggedAt: format.Time(d.FlaggedAt), Issuer: d.Issuer,
			Destination: d.Destination, Origin: d.Origin, HSCode: d.HsCode, Carats: format.Hundredths(d.Carats),
			ValueUSD: format.Hundredths(d.ValueUsd), Explanation: d.Explanation}
		row.FollowUp, row.Note = followUp(d.FollowUp)
		if d.Rule == stattypes.Rule_RULE_MIRROR {
			row.ReceivedValueUSD = format.Hundredths(d.ReceivedValueUsd)
			row.DeviationPercent = format.Hundredths(d.DeviationBp) // basis points are hundredths of a percent
		}
		view.Discrepancies = append(view.Discrepancies, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	view.More = view.More || more
	more, err = scan(ctx, s, statisticsPrefixed(stattypes.NonSubmittersPrefix()), maxListing, func(_, value []byte) error {
		var n stattypes.NonSubmitter
		if err := n.Unmarshal(value); err != nil {
			return err
		}
		if (all || n.ReportedAt == 0) && (participant == "" || participant == n.Participant) {
			row := nonSubmitterRow{Participant: n.Participant, Year: n.Year, Half: n.Half, Deadline: format.Time(n.DeadlineAt)}
			if n.ReportedAt != 0 {
				row.ReportedAt = format.Time(n.ReportedAt)
			}
			view.NonSubmitters = append(view.NonSubmitters, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	view.More = view.More || more
	more, err = scan(ctx, s, statisticsPrefixed(stattypes.MassBalancesPrefix()), maxListing, func(_, value []byte) error {
		var b stattypes.MassBalance
		if err := b.Unmarshal(value); err != nil {
			return err
		}
		if b.FlaggedAt == 0 || (participant != "" && participant != b.Participant) ||
			(!all && b.FollowUp.Status == stattypes.FlagStatus_FLAG_STATUS_CLOSED) {
			return nil
		}
		row := massBalanceRow{Participant: b.Participant, Year: b.Year, Origins: strings.Join(b.Origins, ","), CheckedHalf: b.CheckedHalf,
			Exported: format.Hundredths(b.Exported), Available: format.Hundredths(b.Available), Production: format.Hundredths(b.Production),
			Exceeded: b.Exceeded, FlaggedAt: format.Time(b.FlaggedAt)}
		row.FollowUp, row.Note = followUp(b.FollowUp)
		view.MassBalances = append(view.MassBalances, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	view.More = view.More || more
	return view, nil
}
