package keeper_test

import (
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/participant/types"
)

// TestSetSettings: a participant's admin sets the time zone its officers
// type dates in; nobody else does, and a malformed name is refused.
func TestSetSettings(t *testing.T) {
	zoneIs := func(code, zone string) func(*testing.T, *apptest.Chain, *abci.ExecTxResult) {
		return func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
			if got := c.Participant(code).Participant.TimeZone; got != zone {
				t.Errorf("%s's time zone %q, want %q", code, got, zone)
			}
		}
	}
	settings := func(zone string) apptest.Message { return apptest.Fixed(&types.MsgSetSettings{TimeZone: zone}) }
	apptest.RunTxCases(t, newChain, []apptest.TxCase{
		{Name: "Guyana-style zone for Botswana's officers", Signer: "bw-admin", Msg: settings("America/Guyana"), Check: zoneIs("BW", "America/Guyana")},
		{Name: "back to UTC", Signer: "eu-admin", Msg: settings(""), Check: zoneIs("EU", "")},
		{Name: "the European Community's authority confirms alone", Signer: "eu-admin",
			Msg: apptest.Fixed(&types.MsgSetSettings{TimeZone: "Europe/Brussels", AuthorityConfirmsOnly: true}),
			Check: func(t *testing.T, c *apptest.Chain, _ *abci.ExecTxResult) {
				if p := c.Participant("EU").Participant; !p.AuthorityConfirmsOnly || p.TimeZone != "Europe/Brussels" {
					t.Errorf("settings %+v", p)
				}
			}},
		{Name: "a zone with a sign and digits", Signer: "ru-admin", Msg: settings("Etc/GMT+4"), Check: zoneIs("RU", "Etc/GMT+4")},

		{Name: "a zone with a space", Signer: "bw-admin", Msg: settings("Africa/ Gaborone"), Want: types.ErrInvalidTimeZone},
		{Name: "a zone with an empty segment", Signer: "bw-admin", Msg: settings("Africa//Gaborone"), Want: types.ErrInvalidTimeZone},
		{Name: "a zone climbing out of the database", Signer: "bw-admin", Msg: settings("../etc/passwd"), Want: types.ErrInvalidTimeZone},
		{Name: "a zone too long", Signer: "bw-admin", Msg: settings(strings.Repeat("A", types.MaxTimeZoneLength+1)), Want: types.ErrInvalidTimeZone},
		{Name: "an issuer officer may not", Signer: "bw-issuer", Msg: settings("Africa/Gaborone"), Want: envelope.ErrUnauthorized},
	})
	apptest.RunTxCases(t, chainWith(withStatus("IN", suspended)), []apptest.TxCase{
		{Name: "a suspended participant's admin still sets its own", Signer: "in-admin", Msg: settings("Asia/Calcutta"), Check: zoneIs("IN", "Asia/Calcutta")},
	})
	apptest.RunTxCases(t, chainWith(withStatus("IN", expelled)), []apptest.TxCase{
		{Name: "an expelled participant's admin may not", Signer: "in-admin", Msg: settings("Asia/Kolkata"), Want: types.ErrParticipantStatus},
	})
}
