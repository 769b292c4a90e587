package types

import (
	"strings"

	"github.com/kpledger/kpledger/core/format"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// ValidateBasic checks what can be checked without state.
func (m *MsgIssue) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	if err := ValidateOrigin(m.Origin, m.MixedOrigins); err != nil {
		return err
	}
	if err := validateAddress("exporter", m.Exporter); err != nil {
		return err
	}
	if err := validateImporter(m.Importer, m.ImporterName, m.ImporterAddress); err != nil {
		return err
	}
	if participanttypes.ValidateParticipantCode(m.Destination) != nil {
		return ErrUnknownDestination.Wrapf("%q is not a participant code", m.Destination)
	}
	if len(m.Lines) > 0 { // the totals must be the lines' sums, never left zero (252)
		if err := m.validateLines(); err != nil {
			return err
		}
	}
	if m.Carats <= 0 || m.ValueUsd <= 0 || m.Parcels == 0 {
		return ErrNotPositive.Wrapf("carats %d, value %d, parcels %d", m.Carats, m.ValueUsd, m.Parcels)
	}
	if m.Carats > MaxCarats || m.ValueUsd > MaxValueUsd {
		return ErrAmountTooLarge.Wrapf("at most %d hundredths of a carat and %d US cents", MaxCarats, MaxValueUsd)
	}
	if len(m.Lines) == 0 { // the one-line form
		if err := ValidateHSCode(m.HsCode); err != nil {
			return err
		}
	}
	if m.ExpiresAt <= 0 {
		return ErrExpiryNotAfterIssue.Wrap("no expiry")
	}
	if err := validateText("seal", m.Seal, MaxTextLength, true); err != nil {
		return err
	}
	if err := validateText("port of export", m.PortOfExport, MaxTextLength, true); err != nil {
		return err
	}
	if len(m.Transit) > MaxTransit {
		return ErrInvalidTransit.Wrapf("%d transit participants, at most %d", len(m.Transit), MaxTransit)
	}
	seen := map[string]bool{}
	for _, t := range m.Transit {
		if participanttypes.ValidateParticipantCode(t) != nil || seen[t] || t == m.Destination {
			return ErrInvalidTransit.Wrapf("%q (a participant code, listed once, not the destination)", t)
		}
		seen[t] = true
	}
	if len(m.Parents) > MaxParents {
		return ErrInvalidParent.Wrapf("%d parents, at most %d", len(m.Parents), MaxParents)
	}
	parents := map[string]bool{}
	sum := m.OwnProductionCarats
	for _, p := range m.Parents {
		if err := ValidateNumber(p.Number); err != nil {
			return err
		}
		if p.Number == m.Number || parents[p.Number] {
			return ErrInvalidParent.Wrapf("%s listed twice or as its own parent", p.Number)
		}
		if p.Carats <= 0 || p.Carats > MaxCarats {
			return ErrNotPositive.Wrapf("carats drawn from %s: %d", p.Number, p.Carats)
		}
		parents[p.Number] = true
		sum += p.Carats
	}
	if len(m.StockDraws) > MaxStockDraws {
		return ErrStockOverdrawn.Wrapf("%d draws from stock, at most %d", len(m.StockDraws), MaxStockDraws)
	}
	stocks := map[string]bool{}
	for _, d := range m.StockDraws {
		if err := ValidateOriginSet(d.Origins); err != nil {
			return err
		}
		key := strings.Join(d.Origins, ",")
		if stocks[key] {
			return ErrInvalidOrigin.Wrapf("stock of %s drawn twice", key)
		}
		stocks[key] = true
		if d.Carats <= 0 || d.Carats > MaxCarats {
			return ErrNotPositive.Wrapf("carats drawn from the stock of %s: %d", key, d.Carats)
		}
		sum += d.Carats
	}
	if m.OwnProductionCarats < 0 || m.OwnProductionCarats > MaxCarats {
		return ErrNotPositive.Wrapf("own production %d", m.OwnProductionCarats)
	}
	if sum != m.Carats {
		return ErrCaratsUnaccounted.Wrapf("%s ct certified; its parents, stock draws and own production give %s ct", format.Hundredths(m.Carats), format.Hundredths(sum))
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgDeclareStock) ValidateBasic() error {
	if err := ValidateOriginSet(m.Origins); err != nil {
		return err
	}
	if m.Carats <= 0 || m.Carats > MaxStockCarats {
		return ErrInvalidStock.Wrapf("carats %d: above zero, at most %d", m.Carats, MaxStockCarats)
	}
	if err := validateText("reference", m.Reference, MaxNoteLength, false); err != nil {
		return ErrInvalidStock.Wrap(err.Error())
	}
	return nil
}

// ValidateBasic checks what can be checked without state.
func (m *MsgTransfer) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	if _, err := participanttypes.ParseAddress(m.To); err != nil {
		return ErrInvalidHolder.Wrap(err.Error())
	}
	if err := validateText("seal", m.Seal, MaxTextLength, true); err != nil {
		return err
	}
	return validateText("carrier", m.Carrier, MaxTextLength, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgAttest) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	return validateText("note", m.Note, MaxNoteLength, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgConfirm) ValidateBasic() error {
	return validateReceipt(m.Number, m.Parcels, m.Carats, m.ValueUsd, m.ReceivedAt, m.Reference, m.Note)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgRelease) ValidateBasic() error {
	return validateReceipt(m.Number, m.Parcels, m.Carats, m.ValueUsd, m.ReceivedAt, m.Reference, m.Note)
}

// validateReceipt checks the figures of a confirmation or a release.
func validateReceipt(number string, parcels uint32, carats, value, receivedAt int64, reference, note string) error {
	if err := ValidateNumber(number); err != nil {
		return err
	}
	if carats <= 0 || value <= 0 || parcels == 0 {
		return ErrNotPositive.Wrapf("received carats %d, value %d, parcels %d", carats, value, parcels)
	}
	if carats > MaxCarats || value > MaxValueUsd {
		return ErrAmountTooLarge.Wrapf("at most %d hundredths of a carat and %d US cents", MaxCarats, MaxValueUsd)
	}
	if receivedAt < 0 {
		return ErrReceiptDate.Wrapf("%d", receivedAt)
	}
	if err := validateText("reference", reference, MaxTextLength, true); err != nil {
		return err
	}
	return validateText("note", note, MaxNoteLength, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgReseal) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	if err := validateText("seal", m.Seal, MaxTextLength, false); err != nil {
		return err
	}
	return validateText("note", m.Note, MaxNoteLength, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgReject) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	if _, ok := RejectionReason_name[int32(m.Reason)]; !ok || m.Reason == RejectionReason_REJECTION_REASON_UNSPECIFIED {
		return ErrInvalidReason.Wrapf("rejection reason %d", m.Reason)
	}
	return validateText("note", m.Note, MaxNoteLength, true)
}

// ValidateBasic checks what can be checked without state.
func (m *MsgVoid) ValidateBasic() error {
	if err := ValidateNumber(m.Number); err != nil {
		return err
	}
	if _, ok := VoidReason_name[int32(m.Reason)]; !ok || m.Reason == VoidReason_VOID_REASON_UNSPECIFIED {
		return ErrInvalidReason.Wrapf("void reason %d", m.Reason)
	}
	if (m.Reason == VoidReason_VOID_REASON_REPLACED || m.Reason == VoidReason_VOID_REASON_REISSUED) && m.ReplacedBy == "" {
		return ErrInvalidReplacement.Wrapf("reason %s names the replacement", m.Reason.Name())
	}
	if m.ReplacedBy != "" {
		if err := ValidateNumber(m.ReplacedBy); err != nil {
			return ErrInvalidReplacement.Wrap(err.Error())
		}
		if m.ReplacedBy == m.Number {
			return ErrInvalidReplacement.Wrap("a certificate cannot replace itself")
		}
	}
	return validateText("note", m.Note, MaxNoteLength, true)
}

// validateImporter: a registered importer's key, or the name and address of
// one the destination has not registered — one or the other.
func validateImporter(key, name, address string) error {
	if key != "" {
		if name != "" || address != "" {
			return ErrInvalidField.Wrap("importer: a registered key, or a name and an address, not both")
		}
		return validateAddress("importer", key)
	}
	if err := validateText("importer name", name, MaxTextLength, false); err != nil {
		return err
	}
	return validateText("importer address", address, MaxNoteLength, false)
}
