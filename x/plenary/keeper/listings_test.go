package keeper_test

import (
	"testing"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

func vigilance(code string, remove bool) types.Decision {
	return types.Decision{Content: &types.Decision_Vigilance{Vigilance: &types.Listing{Code: code, Remove: remove}}}
}

func illicitOperator(address string, remove bool) types.Decision {
	return types.Decision{Content: &types.Decision_IllicitOperator{IllicitOperator: &types.Listing{Code: address, Remove: remove}}}
}

func listings(c *apptest.Chain) certtypes.QueryListingsResponse {
	var resp certtypes.QueryListingsResponse
	c.MustQuery(certtypes.QueryListings, &certtypes.QueryListingsRequest{}, &resp)
	return resp
}

// TestHeightenedVigilance: the plenary puts India on the heightened-vigilance
// list (the Côte d'Ivoire resolution's neighbours); its certificates are
// still issued — monitoring lists them apart — and the record keeps its
// dates when India is taken off.
func TestHeightenedVigilance(t *testing.T) {
	c := newChain(t)
	enact(t, c, vigilance("IN", false))
	listed := c.Time.Unix()
	if got := listings(c).Vigilance; len(got) != 1 || got[0].Participant != "IN" || !got[0].Active || got[0].ListedAt != listed || got[0].Reference != "plenary proposal 1" {
		t.Fatalf("vigilance %+v", got)
	}
	c.DeliverOK("in-issuer", apptest.Shipment("IN-2005-1", "IN", "EU")(c))
	enact(t, c, vigilance("IN", true))
	if got := listings(c).Vigilance; len(got) != 1 || got[0].Active || got[0].ListedAt != listed || got[0].DelistedAt != c.Time.Unix() {
		t.Fatalf("vigilance after delisting %+v", got)
	}
}

// TestIllicitOperator: the plenary lists India's exporter as involved in
// illicit trade; no certificate may name it as exporter, nor Botswana's
// importer once listed, as importer; taken off the list, it may trade again.
func TestIllicitOperator(t *testing.T) {
	c := newChain(t)
	enact(t, c, illicitOperator(c.Address("in-exporter"), false))
	enact(t, c, illicitOperator(c.Address("bw-importer"), false))
	c.Refused("in-issuer", apptest.Shipment("IN-2005-1", "IN", "EU")(c), certtypes.ErrListedOperator)
	c.Refused("eu-issuer", apptest.Shipment("EU-2005-1", "EU", "BW")(c), certtypes.ErrListedOperator)
	ops := listings(c).Operators
	if len(ops) != 2 || ops[0].Name == "" || !ops[0].Active {
		t.Fatalf("operators %+v", ops)
	}
	enact(t, c, illicitOperator(c.Address("in-exporter"), true))
	c.DeliverOK("in-issuer", apptest.Shipment("IN-2005-1", "IN", "EU")(c))
}

// TestListingRefusals: what the lists take.
func TestListingRefusals(t *testing.T) {
	c := newChain(t)
	enact(t, c, vigilance("IN", false))
	for _, tc := range []struct {
		name     string
		decision func(*apptest.Chain) types.Decision
		want     *refusal.Error
	}{
		{"Namibia, no participant", fixed(vigilance("NA", false)), participanttypes.ErrUnknownParticipant},
		{"India, listed already", fixed(vigilance("IN", false)), certtypes.ErrListing},
		{"Botswana, never listed, taken off", fixed(vigilance("BW", true)), certtypes.ErrListing},
		{"an admin officer is no operator", func(c *apptest.Chain) types.Decision { return illicitOperator(c.Address("bw-admin"), false) }, certtypes.ErrListing},
		{"an operator never listed, taken off", func(c *apptest.Chain) types.Decision { return illicitOperator(c.Address("bw-exporter"), true) }, certtypes.ErrListing},
		{"not an address", fixed(illicitOperator("OKAVANGO", false)), participanttypes.ErrInvalidAddress},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.SetT(t)
			c.Refused("bw-admin", proposeMsg(tc.decision(c)), tc.want)
		})
	}
}
