package keeper_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/refusal"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	"github.com/kpledger/kpledger/x/plenary/types"
)

// TestChairTermsInGenesis: the fixture's participants (BW, EU, ZA, RU, IN and
// the trading entity TW) under every chair rule.
func TestChairTermsInGenesis(t *testing.T) {
	cases := []struct {
		name  string
		terms []types.ChairTerm
		want  *refusal.Error // nil: accepted
	}{
		{"Russia chairs 2005 with Botswana as vice-chair", []types.ChairTerm{{Year: 2005, Chair: "RU", ViceChair: "BW"}}, nil},
		{"two years", []types.ChairTerm{{Year: 2006, Chair: "BW", ViceChair: "EU"}, {Year: 2005, Chair: "RU", ViceChair: "BW"}}, nil},
		{"two terms for one year", []types.ChairTerm{{Year: 2005, Chair: "RU", ViceChair: "BW"}, {Year: 2005, Chair: "BW", ViceChair: "EU"}}, types.ErrInvalidGenesis},
		{"chair is vice-chair", []types.ChairTerm{{Year: 2005, Chair: "RU", ViceChair: "RU"}}, types.ErrInvalidDecision},
		{"a trading entity chairs", []types.ChairTerm{{Year: 2005, Chair: "TW", ViceChair: "BW"}}, types.ErrNotVoting},
		{"a non-participant chairs", []types.ChairTerm{{Year: 2005, Chair: "NA", ViceChair: "BW"}}, participanttypes.ErrUnknownParticipant},
		{"lower-case code", []types.ChairTerm{{Year: 2005, Chair: "ru", ViceChair: "BW"}}, participanttypes.ErrInvalidCode},
		{"year 0", []types.ChairTerm{{Year: 0, Chair: "RU", ViceChair: "BW"}}, types.ErrInvalidYear},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := apptest.Fixture(func(name string) ed25519.PrivKey { return ed25519.GenPrivKeyFromSecret([]byte(name)) })
			g.Plenary.Chairs = tc.terms
			req, err := apptest.InitChainRequest(g)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := app.NewInMemory(app.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			_, err = fresh.InitChain(context.Background(), req)
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("got %v, want %s", err, tc.want.Reason())
			}
		})
	}
}
