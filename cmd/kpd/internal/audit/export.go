package audit

import (
	"fmt"
	"strings"

	"github.com/kpledger/kpledger/core/format"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
)

// EventRow is one certificate event, flattened for a spreadsheet.
type EventRow struct {
	Number      string `json:"number"`
	Event       string `json:"event"`
	Height      int64  `json:"height"`
	Time        string `json:"time"`
	TxHash      string `json:"tx_hash"`
	Signer      string `json:"signer"`
	Issuer      string `json:"issuer"`
	Destination string `json:"destination"`
	Origin      string `json:"origin"`
	HsCode      string `json:"hs_code"`
	Carats      string `json:"carats"`
	ValueUsd    string `json:"value_usd"`
	Parcels     uint32 `json:"parcels"`
	Status      string `json:"status"`
	Detail      string `json:"detail"`
}

// EventColumns are the CSV header of EventRow.
var EventColumns = []string{"number", "event", "height", "time", "tx_hash", "signer", "issuer", "destination",
	"origin", "hs_code", "carats", "value_usd", "parcels", "status", "detail"}

// CSV returns the row's cells in EventColumns order.
func (e EventRow) CSV() []string {
	return []string{e.Number, e.Event, fmt.Sprint(e.Height), e.Time, e.TxHash, e.Signer, e.Issuer, e.Destination,
		e.Origin, e.HsCode, e.Carats, e.ValueUsd, fmt.Sprint(e.Parcels), e.Status, e.Detail}
}

// EventRows lists every certificate event, certificate by certificate, in
// the order of each history. Figures of an event (a confirmation's, a draw's)
// replace the certificate's where it has them.
func EventRows(certs []certtypes.QueryCertificateResponse) []EventRow {
	var rows []EventRow
	for _, one := range certs {
		c := one.Certificate
		origin := c.Origin
		if len(c.MixedOrigins) > 0 {
			origin += ":" + strings.Join(c.MixedOrigins, ",")
		}
		for _, ev := range one.Events {
			row := EventRow{
				Number: c.Number, Event: ev.Kind.Name(), Height: ev.Height, Time: format.Time(ev.Time),
				TxHash: fmt.Sprintf("%X", ev.TxHash), Signer: ev.Signer, Issuer: c.Issuer, Destination: c.Destination,
				Origin: origin, HsCode: certtypes.HSCodeText(&c), Carats: format.Hundredths(c.Carats), ValueUsd: format.Hundredths(c.ValueUsd),
				Parcels: c.Parcels, Status: c.Status.Name(), Detail: detail(&ev),
			}
			if ev.Carats != 0 {
				row.Carats = format.Hundredths(ev.Carats)
			}
			if ev.ValueUsd != 0 {
				row.ValueUsd = format.Hundredths(ev.ValueUsd)
			}
			if ev.Parcels != 0 {
				row.Parcels = ev.Parcels
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func detail(ev *certtypes.CertificateEvent) string {
	var parts []string
	switch ev.Kind {
	case certtypes.EventKind_EVENT_KIND_TRANSFERRED, certtypes.EventKind_EVENT_KIND_ISSUED:
		parts = append(parts, "holder "+ev.Holder)
		if ev.Carrier != "" {
			parts = append(parts, "carrier "+ev.Carrier)
		}
	case certtypes.EventKind_EVENT_KIND_ATTESTED:
		parts = append(parts, "transit "+ev.Participant)
	case certtypes.EventKind_EVENT_KIND_REJECTED:
		parts = append(parts, "reason "+ev.RejectionReason.Name())
	case certtypes.EventKind_EVENT_KIND_VOIDED:
		parts = append(parts, "reason "+ev.VoidReason.Name())
	}
	if ev.Related != "" {
		parts = append(parts, "related "+ev.Related)
	}
	if ev.Note != "" {
		parts = append(parts, "note "+ev.Note)
	}
	return strings.Join(parts, "; ")
}
