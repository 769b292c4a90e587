package keeper_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/genesis"
	"github.com/kpledger/kpledger/x/certificate/keeper"
	"github.com/kpledger/kpledger/x/certificate/types"
)

func TestParseGenesis(t *testing.T) {
	cases := []struct {
		name    string
		section string
		want    *refusal.Error
		params  types.Params
		origins []string
	}{
		{name: "no section: the defaults", section: "", params: types.DefaultParams()},
		{name: "a null section: the defaults", section: "null", params: types.DefaultParams()},
		{name: "a blank section: the defaults", section: " \n\t", params: types.DefaultParams()},
		{name: "the default section", section: string(keeper.Keeper{}.DefaultGenesis()), params: types.DefaultParams()},
		{name: "short deadlines and the 2005 embargo on Côte d'Ivoire",
			section: `{"params":{"max_validity":"300","confirmation_deadline":"60","late_confirmation_grace":"30","reweigh_tolerance_bp":10},"embargoes":[{"origin":"CI","reference":"KP plenary 2005"}]}`,
			params:  shortDeadlines, origins: []string{"CI"}},
		{name: "durations as JSON numbers",
			section: `{"params":{"max_validity":5184000,"confirmation_deadline":1296000,"late_confirmation_grace":2592000,"reweigh_tolerance_bp":10}}`, params: types.DefaultParams()},
		{name: "no grace and no re-weighing tolerance (parameters left out are zero)",
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"}}`,
			params:  types.Params{MaxValidity: 60 * day, ConfirmationDeadline: 15 * day}},
		{name: "a validity of ten years exactly",
			section: `{"params":{"max_validity":"315360000","confirmation_deadline":"1"}}`,
			params:  types.Params{MaxValidity: 3650 * day, ConfirmationDeadline: 1}},
		{name: "two embargoes",
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"LR"},{"origin":"CI"}]}`,
			params:  types.Params{MaxValidity: 60 * day, ConfirmationDeadline: 15 * day}, origins: []string{"LR", "CI"}},
		{name: "an opening stock of Angolan goods in Antwerp",
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"opening_stocks":[{"participant":"EU","origins":["AO"],"carats":"25000000","reference":"inventory"}]}`,
			params:  types.Params{MaxValidity: 60 * day, ConfirmationDeadline: 15 * day}},
		{name: "an opening stock without a reference", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"opening_stocks":[{"participant":"EU","origins":["AO"],"carats":"25000000"}]}`},
		{name: "an opening stock of a lower-case participant", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"opening_stocks":[{"participant":"eu","origins":["AO"],"carats":"100","reference":"inventory"}]}`},
		{name: "an opening stock with an id", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"opening_stocks":[{"id":"7","participant":"EU","origins":["AO"],"carats":"100","reference":"inventory"}]}`},
		{name: "a re-weighing tolerance above 100%", want: types.ErrInvalidParams,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000","reweigh_tolerance_bp":10001}}`},
		{name: "a negative grace", want: types.ErrInvalidParams,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000","late_confirmation_grace":"-1"}}`},

		{name: "a validity of zero", want: types.ErrInvalidParams,
			section: `{"params":{"max_validity":"0","confirmation_deadline":"1296000"}}`},
		{name: "a negative confirmation deadline", want: types.ErrInvalidParams,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"-1"}}`},
		{name: "a validity a second over ten years", want: types.ErrInvalidParams,
			section: `{"params":{"max_validity":"315360001","confirmation_deadline":"1296000"}}`},
		{name: "a section without parameters (a present section states them)", want: types.ErrInvalidParams,
			section: `{"embargoes":[{"origin":"CI"}]}`},
		{name: "an empty object", want: types.ErrInvalidParams, section: `{}`},

		{name: "Côte d'Ivoire under embargo twice", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"CI"},{"origin":"CI","reference":"again"}]}`},
		{name: "an embargo on a lower-case origin", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"ci"}]}`},
		{name: "an embargo on MIXED", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"MIXED"}]}`},
		{name: "an embargo on a three-letter code", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"CIV"}]}`},
		{name: "an embargo without an origin", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"reference":"KP plenary 2005"}]}`},
		{name: "an unknown field", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"certificates":[]}`},
		{name: "an unknown parameter", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000","grace":"10"}}`},
		{name: "an unknown embargo field", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"CI","country":"CI"}]}`},
		{name: "a validity that is not a number", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"sixty days","confirmation_deadline":"1296000"}}`},
		{name: "truncated JSON", want: types.ErrInvalidGenesis,
			section: `{"params":{"max_validity":"5184000"`},
		{name: "a list instead of an object", want: types.ErrInvalidGenesis, section: `[]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs, err := keeper.ParseGenesis(json.RawMessage(tc.section))
			if moduleErr := (keeper.Keeper{}).ValidateGenesis(json.RawMessage(tc.section)); (moduleErr == nil) != (err == nil) {
				t.Errorf("the keeper's ValidateGenesis says %v, ParseGenesis %v", moduleErr, err)
			}
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Errorf("error %v, want %s (code %d)", err, tc.want.Reason(), tc.want.Code())
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if gs.Params != tc.params {
				t.Errorf("params %+v, want %+v", gs.Params, tc.params)
			}
			var origins []string
			for _, e := range gs.Embargoes {
				origins = append(origins, e.Origin)
			}
			if !slices.Equal(origins, tc.origins) {
				t.Errorf("embargoes on %v, want %v", origins, tc.origins)
			}
		})
	}
}

// TestInitChainRefusesBadSection: a chain does not start from a genesis whose
// certificate section is refused.
func TestInitChainRefusesBadSection(t *testing.T) {
	g := apptest.Fixture(func(name string) ed25519.PrivKey {
		return ed25519.GenPrivKeyFromSecret([]byte("kpledger fixture " + name))
	})
	g.Other[types.ModuleName] = json.RawMessage(`{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},"embargoes":[{"origin":"CI"},{"origin":"CI"}]}`)
	a, err := app.NewInMemory(app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	req, err := apptest.InitChainRequest(g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.InitChain(context.Background(), req); !errors.Is(err, types.ErrInvalidGenesis) {
		t.Errorf("InitChain: %v, want %s", err, types.ErrInvalidGenesis.Reason())
	}
}

// TestGenesisEmbargoIsInForce: an embargo in genesis is active from the
// genesis height, whatever else its record says.
func TestGenesisEmbargoIsInForce(t *testing.T) {
	c := newChain(t, with(func(g *genesis.Document) {
		g.Other[types.ModuleName] = json.RawMessage(`{"params":{"max_validity":"5184000","confirmation_deadline":"1296000"},` +
			`"embargoes":[{"origin":"CI","active":false,"imposed_height":"99","lifted_height":"100","reference":"Resolution 1643 (2005)"}]}`)
	}))
	var resp types.QueryEmbargoesResponse
	c.MustQuery(types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &resp)
	want := types.Embargo{Origin: "CI", Active: true, ImposedAt: apptest.GenesisTime.Unix(), ImposedHeight: 1, Reference: "Resolution 1643 (2005)"}
	if len(resp.Embargoes) != 1 || !proto.Equal(&resp.Embargoes[0], &want) {
		t.Errorf("embargoes %+v, want %+v", resp.Embargoes, want)
	}
	c.Refused("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("CI"))(c), types.ErrEmbargoedOrigin)
}
