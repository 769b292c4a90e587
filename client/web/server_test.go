package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/light/provider"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/client/proof"
	"github.com/kpledger/kpledger/client/web"
	"github.com/kpledger/kpledger/testutil/lightchain"
)

// world is the chain of testdata/world.txt, served by a node.
func world(t *testing.T) *lightchain.Chain {
	t.Helper()
	c := lightchain.New(t)
	apptest.RunScript(t, c.Chain, "testdata/world.txt", nil)
	return c
}

// serve is a server reading the chain through node and primary (honest
// ones when nil), with witnesses.
func serve(t *testing.T, c *lightchain.Chain, node *lightchain.Node, primary provider.Provider, witnesses ...provider.Provider) *web.Server {
	t.Helper()
	if node == nil {
		node = c.Node()
	}
	if primary == nil {
		primary = c.Provider(nil, nil)
	}
	s, err := web.New(web.Config{Verifier: c.Verifier(node, primary, witnesses...), Blocks: node, Poll: 20 * time.Millisecond, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get asks the server for a path, with headers as "Name: value" strings.
func get(t *testing.T, s http.Handler, path string, headers ...string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		r.Header.Set(name, value)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(body)
}

// answer is the JSON of an API answer.
type answer struct {
	Proof    web.Proof       `json:"proof"`
	NotFound bool            `json:"not_found"`
	Error    string          `json:"error"`
	Data     json.RawMessage `json:"data"`
}

func getJSON(t *testing.T, s http.Handler, path string, into any) (int, answer) {
	t.Helper()
	code, body := get(t, s, path)
	var a answer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, body)
	}
	if into != nil && a.Data != nil {
		if err := json.Unmarshal(a.Data, into); err != nil {
			t.Fatalf("%s: data: %v\n%s", path, err, a.Data)
		}
	}
	return code, a
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: no %q in\n%s", what, w, body)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s: %q shown in\n%s", what, u, body)
		}
	}
}

var _ = proof.ErrProof
