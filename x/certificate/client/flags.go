package client

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kpledger/kpledger/client"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// parseAmount reads carats or US$ with at most two decimals, above zero.
func parseAmount(flag, s string) (int64, error) {
	n, err := format.ParseHundredths(s)
	if err != nil {
		return 0, fmt.Errorf("--%s %w", flag, err)
	}
	if n <= 0 {
		return 0, fmt.Errorf("--%s %s: must be greater than zero", flag, s)
	}
	return n, nil
}

// parseOrigin reads "BW", "MIXED" or "MIXED:AO,CD" (the list is sorted).
func parseOrigin(s string) (string, []string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	origin, list, hasList := strings.Cut(s, ":")
	var mixed []string
	if hasList {
		if origin != types.OriginMixed {
			return "", nil, fmt.Errorf("--origin %s: a list goes with MIXED only (MIXED:AO,CD)", s)
		}
		for _, o := range strings.Split(list, ",") {
			if o = strings.TrimSpace(o); o != "" {
				mixed = append(mixed, o)
			}
		}
		mixed = types.SortedUnique(mixed)
	}
	if err := types.ValidateOrigin(origin, mixed); err != nil {
		return "", nil, fmt.Errorf("--origin: %w", err)
	}
	return origin, mixed, nil
}

// parseExpiry reads an expiry: a validity such as 60d or 720h counted from
// the ledger's latest block time (the clock the ledger checks the maximum
// validity against), a date (valid to the end of that day in the issuing
// participant's time zone), or an RFC 3339 time.
func parseExpiry(s string, latestBlock time.Time, zone *time.Location) (int64, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && n > 0 && fmt.Sprint(n) == days {
			return latestBlock.Add(time.Duration(n) * 24 * time.Hour).Unix(), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return latestBlock.Add(d).Unix(), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, zone); err == nil {
		return t.AddDate(0, 0, 1).Unix() - 1, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("--expires %q: a date (2005-12-31), an RFC 3339 time, or a validity such as 30d", s)
}

// parseReceived reads a date of receipt: an RFC 3339 time, or a date — the
// start of that day in the destination's time zone, but not before the time
// of issue (goods certified and received the same day).
func parseReceived(s string, zone *time.Location, issuedAt int64) (int64, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, zone)
	if err != nil {
		return 0, fmt.Errorf("--received %q: a date (2005-12-10) or an RFC 3339 time", s)
	}
	return max(t.Unix(), issuedAt), nil
}

// parseDate reads a date or RFC 3339 time for a listing period (0 when empty).
func parseDate(flag, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Unix(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("--%s %q: a date (2005-11-15) or an RFC 3339 time", flag, s)
}

// parseParent reads NUMBER:CARATS.
func parseParent(s string) (types.Draw, error) {
	number, carats, ok := strings.Cut(s, ":")
	if !ok {
		return types.Draw{}, fmt.Errorf("--parent %q: NUMBER:CARATS", s)
	}
	n, err := parseAmount("parent", carats)
	if err != nil {
		return types.Draw{}, err
	}
	return types.Draw{Number: types.NormalizeNumber(number), Carats: n}, nil
}

// parseStockDraw reads ORIGIN[+ORIGIN...]:CARATS.
func parseStockDraw(s string) (types.StockDraw, error) {
	origins, carats, ok := strings.Cut(s, ":")
	if !ok {
		return types.StockDraw{}, fmt.Errorf("--stock %q: ORIGIN:CARATS or ORIGIN+ORIGIN:CARATS", s)
	}
	n, err := parseAmount("stock", carats)
	if err != nil {
		return types.StockDraw{}, err
	}
	var set []string
	for _, o := range strings.Split(origins, "+") {
		set = append(set, participanttypes.NormalizeCode(o))
	}
	set = types.SortedUnique(set)
	if err := types.ValidateOriginSet(set); err != nil {
		return types.StockDraw{}, fmt.Errorf("--stock %q: %w", s, err)
	}
	return types.StockDraw{Origins: set, Carats: n}, nil
}

// issuerOf is the issuer's code a certificate number starts with.
func issuerOf(number string) string { return number[:min(2, len(number))] }

// weighSources makes an issuance's carats the sum of its sources: with none
// named, the issuer's own production when the origin is its own; --carats,
// when given, must be that sum.
func weighSources(m *types.MsgIssue, issuer string, caratsGiven bool) error {
	if len(m.Parents) == 0 && len(m.StockDraws) == 0 && m.OwnProductionCarats == 0 {
		if m.Origin != issuer || !caratsGiven {
			return fmt.Errorf("say where the goods come from: --parent, --stock or --own-production (only goods of origin %s, your own, default to your own production of --carats)", issuer)
		}
		m.OwnProductionCarats = m.Carats
		return nil
	}
	sum := m.OwnProductionCarats
	for _, p := range m.Parents {
		sum += p.Carats
	}
	for _, d := range m.StockDraws {
		sum += d.Carats
	}
	if caratsGiven && sum != m.Carats {
		return fmt.Errorf("--carats %s, but the parents, stock and own production named give %s", format.Hundredths(m.Carats), format.Hundredths(sum))
	}
	m.Carats = sum
	return nil
}

// splitCodes reads a comma-separated list of participant codes (EC is the
// European Community, EU).
func splitCodes(s string) []string {
	var codes []string
	for _, c := range strings.Split(s, ",") {
		if c = participanttypes.NormalizeCode(c); c != "" {
			codes = append(codes, c)
		}
	}
	return codes
}

// participantZone is the time zone of a participant as the ledger records it
// (UTC when none is).
func participantZone(cmd *cobra.Command, c *client.Context, code string) (*time.Location, error) {
	var resp participanttypes.QueryParticipantResponse
	if _, err := c.Query(cmd.Context(), participanttypes.QueryParticipant, &participanttypes.QueryParticipantRequest{Code: code}, &resp); err != nil {
		return nil, err
	}
	zone, err := time.LoadLocation(resp.Participant.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("%s's time zone %q: %w", code, resp.Participant.TimeZone, err)
	}
	return zone, nil
}
