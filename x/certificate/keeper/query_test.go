package keeper_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// numbers lists the numbers of certificates.
func numbers(cs []types.Certificate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Number
	}
	return out
}

// TestQueryCertificates runs on a chain where Botswana issued five
// certificates to the European Community and South Africa, one block apart
// (BW-2005-2 received, BW-2005-3 void), and South Africa one to the European
// Community.
func TestQueryCertificates(t *testing.T) {
	c := newChain(t)
	issuedAt := map[string]int64{}
	for _, s := range []struct{ number, destination string }{
		{"BW-2005-1", "EU"}, {"BW-2005-2", "EU"}, {"BW-2005-3", "ZA"}, {"BW-2005-4", "EU"}, {"BW-2005-5", "EU"},
	} {
		c.DeliverOK("bw-issuer", apptest.Shipment(s.number, "BW", s.destination)(c))
		issuedAt[s.number] = c.Time.Unix()
	}
	apptest.Given(
		apptest.By("za-issuer", apptest.Shipment("ZA-2005-1", "ZA", "EU")),
		apptest.By("eu-importer", apptest.ConfirmAsCertified("BW-2005-2")),
		apptest.By("bw-issuer", apptest.Void("BW-2005-3", printerError, "")),
	)(t, c)

	list := func(req types.QueryCertificatesRequest) types.QueryCertificatesResponse {
		t.Helper()
		var resp types.QueryCertificatesResponse
		c.MustQuery(types.QueryCertificates, &req, &resp)
		return resp
	}
	for _, tc := range []struct {
		name string
		req  types.QueryCertificatesRequest
		want []string
		next string
	}{
		{"everything Botswana issued", types.QueryCertificatesRequest{Issuer: "BW"},
			[]string{"BW-2005-1", "BW-2005-2", "BW-2005-3", "BW-2005-4", "BW-2005-5"}, ""},
		{"everything shipped to the European Community", types.QueryCertificatesRequest{Destination: "EU"},
			[]string{"BW-2005-1", "BW-2005-2", "BW-2005-4", "BW-2005-5", "ZA-2005-1"}, ""},
		{"everything shipped to South Africa, void included", types.QueryCertificatesRequest{Destination: "ZA"},
			[]string{"BW-2005-3"}, ""},
		{"Botswana's certificates still awaiting confirmation", types.QueryCertificatesRequest{Issuer: "BW", Status: issued},
			[]string{"BW-2005-1", "BW-2005-4", "BW-2005-5"}, ""},
		{"the European Community's receipts", types.QueryCertificatesRequest{Destination: "EU", Status: received},
			[]string{"BW-2005-2"}, ""},
		{"Botswana's void certificates", types.QueryCertificatesRequest{Issuer: "BW", Status: voided},
			[]string{"BW-2005-3"}, ""},
		{"nothing of India's", types.QueryCertificatesRequest{Issuer: "IN"}, nil, ""},
		{"Botswana's issued from the second to before the fourth", types.QueryCertificatesRequest{Issuer: "BW",
			IssuedFrom: issuedAt["BW-2005-2"], IssuedTo: issuedAt["BW-2005-4"]}, []string{"BW-2005-2", "BW-2005-3"}, ""},
		{"Botswana's issued from the fourth on", types.QueryCertificatesRequest{Issuer: "BW", IssuedFrom: issuedAt["BW-2005-4"]},
			[]string{"BW-2005-4", "BW-2005-5"}, ""},
		{"to the European Community, issued before the second", types.QueryCertificatesRequest{Destination: "EU", IssuedTo: issuedAt["BW-2005-2"]},
			[]string{"BW-2005-1"}, ""},
		{"to the European Community, still awaiting, issued from the fourth on", types.QueryCertificatesRequest{Destination: "EU",
			Status: issued, IssuedFrom: issuedAt["BW-2005-4"]}, []string{"BW-2005-4", "BW-2005-5", "ZA-2005-1"}, ""},
		{"Botswana's, first page of two", types.QueryCertificatesRequest{Issuer: "BW", Limit: 2},
			[]string{"BW-2005-1", "BW-2005-2"}, "BW-2005-3"},
		{"Botswana's, second page of two", types.QueryCertificatesRequest{Issuer: "BW", Limit: 2, PageKey: "BW-2005-3"},
			[]string{"BW-2005-3", "BW-2005-4"}, "BW-2005-5"},
		{"Botswana's, last page", types.QueryCertificatesRequest{Issuer: "BW", Limit: 2, PageKey: "BW-2005-5"},
			[]string{"BW-2005-5"}, ""},
		{"Botswana's awaiting, a page of one: the next key skips what does not match",
			types.QueryCertificatesRequest{Issuer: "BW", Status: issued, Limit: 1, PageKey: "BW-2005-2"},
			[]string{"BW-2005-4"}, "BW-2005-5"},
		{"exactly a page: no next key", types.QueryCertificatesRequest{Issuer: "BW", Limit: 5},
			[]string{"BW-2005-1", "BW-2005-2", "BW-2005-3", "BW-2005-4", "BW-2005-5"}, ""},
		{"the largest page", types.QueryCertificatesRequest{Destination: "EU", Limit: types.MaxPageSize},
			[]string{"BW-2005-1", "BW-2005-2", "BW-2005-4", "BW-2005-5", "ZA-2005-1"}, ""},
		{"to the European Community, second page of three", types.QueryCertificatesRequest{Destination: "EU", Limit: 3, PageKey: "BW-2005-5"},
			[]string{"BW-2005-5", "ZA-2005-1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := list(tc.req)
			if got := numbers(resp.Certificates); !slices.Equal(got, tc.want) || resp.NextKey != tc.next {
				t.Errorf("%v next %q, want %v next %q", got, resp.NextKey, tc.want, tc.next)
			}
		})
	}

	t.Run("paging through the European Community's certificates two at a time", func(t *testing.T) {
		var all []string
		req := types.QueryCertificatesRequest{Destination: "EU", Limit: 2}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the listing does not end")
			}
			resp := list(req)
			all = append(all, numbers(resp.Certificates)...)
			if resp.NextKey == "" {
				break
			}
			req.PageKey = resp.NextKey
		}
		if want := []string{"BW-2005-1", "BW-2005-2", "BW-2005-4", "BW-2005-5", "ZA-2005-1"}; !slices.Equal(all, want) {
			t.Errorf("paged %v, want %v", all, want)
		}
	})

	t.Run("the listing carries whole records, without their histories", func(t *testing.T) {
		resp := list(types.QueryCertificatesRequest{Issuer: "BW", Status: received})
		want := c.Certificate("BW-2005-2").Certificate
		if len(resp.Certificates) != 1 || !proto.Equal(&resp.Certificates[0], &want) {
			t.Errorf("listed %+v, want %+v", resp.Certificates, want)
		}
	})

	for _, tc := range []struct {
		name string
		req  types.QueryCertificatesRequest
	}{
		{"a page of 101", types.QueryCertificatesRequest{Issuer: "BW", Limit: types.MaxPageSize + 1}},
		{"both an issuer and a destination", types.QueryCertificatesRequest{Issuer: "BW", Destination: "EU"}},
		{"neither an issuer nor a destination", types.QueryCertificatesRequest{}},
		{"an issuer in lower case", types.QueryCertificatesRequest{Issuer: "bw"}},
		{"a destination of three letters", types.QueryCertificatesRequest{Destination: "EUR"}},
		{"a page key of another issuer", types.QueryCertificatesRequest{Issuer: "ZA", PageKey: "BW"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := c.Query(types.QueryCertificates, &tc.req, nil)
			apptest.WantRefusal(t, "Certificates", q.Code, q.Codespace, q.Log, types.ErrInvalidQuery)
		})
	}

	t.Run("a certificate nobody issued", func(t *testing.T) { unknown(t, c, "BW-2005-9") })
}

// TestQueryTrace: South African and Russian goods received by Botswana,
// re-exported to the European Community (BW-2005-R1) and from there to India
// (EU-2005-R2); South African goods also re-exported directly to Chinese
// Taipei (BW-2005-R3).
func TestQueryTrace(t *testing.T) {
	c := newChain(t)
	receivedBy("ZA-2005-1", "ZA", "BW")(t, c)
	receivedBy("RU-2005-1", "RU", "BW")(t, c)
	receivedBy("BW-2005-R1", "BW", "EU", apptest.Origin("MIXED", "RU", "ZA"), apptest.Carats(3000),
		apptest.Parents(apptest.Draw("ZA-2005-1", 1000), apptest.Draw("RU-2005-1", 2000)))(t, c)
	c.DeliverOK("eu-issuer", apptest.Shipment("EU-2005-R2", "EU", "IN", apptest.Origin("MIXED", "RU", "ZA"), apptest.Carats(500),
		apptest.Parents(apptest.Draw("BW-2005-R1", 500)))(c))
	c.DeliverOK("bw-issuer", apptest.Shipment("BW-2005-R3", "BW", "TW", apptest.Origin("ZA"), apptest.Carats(700),
		apptest.Parents(apptest.Draw("ZA-2005-1", 700)))(c))

	type node struct {
		number string
		depth  int32
		via    string
		drawn  int64
	}
	nodes := func(ns []types.TraceNode) []node {
		out := make([]node, len(ns))
		for i, n := range ns {
			out[i] = node{n.Number, n.Depth, n.Via, n.DrawnCarats}
		}
		return out
	}
	for _, tc := range []struct {
		root                   string
		ancestors, descendants []node
	}{
		{"BW-2005-R1",
			[]node{{"ZA-2005-1", -1, "BW-2005-R1", 1000}, {"RU-2005-1", -1, "BW-2005-R1", 2000}},
			[]node{{"EU-2005-R2", 1, "BW-2005-R1", 500}}},
		{"EU-2005-R2",
			[]node{{"BW-2005-R1", -1, "EU-2005-R2", 500}, {"ZA-2005-1", -2, "BW-2005-R1", 1000}, {"RU-2005-1", -2, "BW-2005-R1", 2000}},
			nil},
		{"ZA-2005-1",
			nil,
			[]node{{"BW-2005-R1", 1, "ZA-2005-1", 1000}, {"BW-2005-R3", 1, "ZA-2005-1", 700}, {"EU-2005-R2", 2, "BW-2005-R1", 500}}},
	} {
		t.Run("trace of "+tc.root, func(t *testing.T) {
			var resp types.QueryTraceResponse
			c.MustQuery(types.QueryTrace, &types.QueryTraceRequest{Number: tc.root}, &resp)
			root := c.Certificate(tc.root)
			if resp.Root.Number != tc.root || resp.Root.Depth != 0 || resp.Root.Issuer != root.Issuer ||
				resp.Root.Destination != root.Destination || resp.Root.Carats != root.Carats || resp.Root.Status != root.Status ||
				resp.Root.Origin != root.Origin || !slices.Equal(resp.Root.MixedOrigins, root.MixedOrigins) {
				t.Errorf("root %+v", resp.Root)
			}
			if got := nodes(resp.Ancestors); !slices.Equal(got, tc.ancestors) {
				t.Errorf("ancestors %v, want %v", got, tc.ancestors)
			}
			if got := nodes(resp.Descendants); !slices.Equal(got, tc.descendants) {
				t.Errorf("descendants %v, want %v", got, tc.descendants)
			}
		})
	}
	t.Run("trace of a certificate nobody issued", func(t *testing.T) {
		q := c.Query(types.QueryTrace, &types.QueryTraceRequest{Number: "ZA-2005-9"}, nil)
		apptest.WantRefusal(t, "Trace", q.Code, q.Codespace, q.Log, types.ErrUnknownCertificate)
	})
}

func TestQueryEmbargoesAndParams(t *testing.T) {
	t.Run("the default network: no embargo, default parameters", func(t *testing.T) {
		c := newChain(t)
		var embargoes types.QueryEmbargoesResponse
		c.MustQuery(types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &embargoes)
		if len(embargoes.Embargoes) != 0 {
			t.Errorf("embargoes %+v", embargoes.Embargoes)
		}
		var params types.QueryParamsResponse
		c.MustQuery(types.QueryParams, &types.QueryParamsRequest{}, &params)
		if params.Params != types.DefaultParams() {
			t.Errorf("params %+v", params.Params)
		}
	})
	t.Run("Côte d'Ivoire and Liberia under embargo, short deadlines", func(t *testing.T) {
		c := newChain(t, with(certificateGenesis(shortDeadlines, "LR", "CI")))
		var embargoes types.QueryEmbargoesResponse
		c.MustQuery(types.QueryEmbargoes, &types.QueryEmbargoesRequest{}, &embargoes)
		genesisTime := apptest.GenesisTime.Unix()
		want := []types.Embargo{
			{Origin: "CI", Active: true, ImposedAt: genesisTime, ImposedHeight: 1, Reference: "KP plenary resolution on CI, 2005"},
			{Origin: "LR", Active: true, ImposedAt: genesisTime, ImposedHeight: 1, Reference: "KP plenary resolution on LR, 2005"},
		}
		if len(embargoes.Embargoes) != len(want) {
			t.Fatalf("embargoes %+v, want %+v", embargoes.Embargoes, want)
		}
		for i := range want {
			if !proto.Equal(&embargoes.Embargoes[i], &want[i]) {
				t.Errorf("embargo %d = %+v, want %+v", i, embargoes.Embargoes[i], want[i])
			}
		}
		var params types.QueryParamsResponse
		c.MustQuery(types.QueryParams, &types.QueryParamsRequest{}, &params)
		if params.Params != shortDeadlines {
			t.Errorf("params %+v, want %+v", params.Params, shortDeadlines)
		}
		c.Refused("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.Origin("LR"), apptest.ValidFor(300))(c), types.ErrEmbargoedOrigin)
		c.Refused("bw-issuer", apptest.Shipment("BW-2005-1", "BW", "EU", apptest.ValidFor(301))(c), types.ErrExpiryTooLate)
	})
}

// TestListingExaminesAtMostMaxScan reproduces D4 of the reliability review:
// a listing whose filter matches nothing walked the whole index in one call
// (0.47–1.14 s at 37,840 certificates). Each call now examines at most
// module.MaxScan certificates and hands back where to go on, even with an
// empty page; following the keys visits every certificate once.
func TestListingExaminesAtMostMaxScan(t *testing.T) {
	c := newChain(t)
	const n = 2*module.MaxScan + 5
	var all []string
	for issued := 0; issued < n; {
		var txs [][]byte
		for tx := 0; tx < 25 && issued < n; tx++ {
			var msgs []envelope.Message
			for m := 0; m < envelope.MaxMessages && issued < n; m++ {
				number := fmt.Sprintf("BW-2005-%05d", issued)
				msgs = append(msgs, apptest.Shipment(number, "BW", "EU")(c))
				all = append(all, number)
				issued++
			}
			txs = append(txs, c.Tx("bw-issuer", msgs...))
		}
		for _, res := range c.Block(txs...).TxResults {
			if res.Code != 0 {
				t.Fatalf("issue: code %d %s", res.Code, res.Log)
			}
		}
	}
	for _, req := range []types.QueryCertificatesRequest{
		{Destination: "EU", Status: voided},
		{Issuer: "BW", Status: voided},
		{Issuer: "BW", IssuedFrom: 1 << 40},
	} {
		var keys []string
		for call := 0; ; call++ {
			var resp types.QueryCertificatesResponse
			c.MustQuery(types.QueryCertificates, &req, &resp)
			if len(resp.Certificates) != 0 {
				t.Fatalf("%+v: %d certificates match nothing", req, len(resp.Certificates))
			}
			if resp.NextKey == "" {
				break
			}
			keys = append(keys, resp.NextKey)
			req.PageKey = resp.NextKey
		}
		if want := []string{all[module.MaxScan], all[2*module.MaxScan]}; !slices.Equal(keys, want) {
			t.Fatalf("%+v: continuation keys %v, want %v", req, keys, want)
		}
	}
	// A filter that matches everything fills its pages as before.
	var resp types.QueryCertificatesResponse
	c.MustQuery(types.QueryCertificates, &types.QueryCertificatesRequest{Destination: "EU", Limit: types.MaxPageSize, PageKey: all[1000]}, &resp)
	if len(resp.Certificates) != types.MaxPageSize || resp.NextKey != all[1100] {
		t.Fatalf("a full page: %d certificates, next %q", len(resp.Certificates), resp.NextKey)
	}
}
