package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/genesis"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// TestTestNetworkClock: a test network's clock in genesis derives each
// block's ledger time from its block time: a ledger time at genesis (here a
// year before the block times) and a speed-up (a minute of block time is a
// day of ledger time), so a week's written procedure closes in minutes.
func TestTestNetworkClock(t *testing.T) {
	ledgerStart := apptest.GenesisTime.AddDate(-1, 0, 0)
	c := apptest.New(t, apptest.WithGenesis(func(g *genesis.Document, _ func(string) ed25519.PrivKey) {
		g.Clock = &module.ClockGenesis{TestNetwork: true, LedgerTime: ledgerStart.Format(time.RFC3339), SpeedUp: 1440}
	}))
	c.Block()
	ledgerNow := func() int64 { return ledgerStart.Unix() + (c.Time.Unix()-apptest.GenesisTime.Unix())*1440 }
	c.DeliverOK("bw-admin", &plenarytypes.MsgPropose{Decision: plenarytypes.Decision{Content: &plenarytypes.Decision_ImposeEmbargo{
		ImposeEmbargo: &plenarytypes.OriginEmbargo{Origin: "AO"}}}})
	p, _ := c.Proposal(1)
	if p.SubmittedAt != ledgerNow() || p.VotingEndsAt != ledgerNow()+7*plenarytypes.Day {
		t.Fatalf("submitted at %d, deadline %d; ledger time %d", p.SubmittedAt, p.VotingEndsAt, ledgerNow())
	}
	c.Skip(7*time.Minute + time.Second)
	c.Block()
	if p, _ := c.Proposal(1); p.Status != plenarytypes.ProposalStatus_PROPOSAL_STATUS_PASSED || p.ClosedAt != ledgerNow() {
		t.Fatalf("%s closed at %d, ledger time %d", p.Status.Name(), p.ClosedAt, ledgerNow())
	}
	res, err := c.App.Query(context.Background(), &abci.QueryRequest{Path: module.StoreKeyPath, Data: module.ClockKey})
	if err != nil || res.Code != 0 {
		t.Fatalf("/store/key clock: %v %+v", err, res)
	}
	if got := module.DecodeClock(res.Value); got.LedgerStart != ledgerStart.Unix() || got.GenesisTime != apptest.GenesisTime.Unix() || got.SpeedUp != 1440 {
		t.Errorf("stored clock %+v", got)
	}
}

// TestClockOnlyOnTestNetworks: a ledger time or a speed-up in genesis is
// refused unless the network is marked as a test network.
func TestClockOnlyOnTestNetworks(t *testing.T) {
	for _, clock := range []module.ClockGenesis{
		{LedgerTime: "2005-11-15T09:00:00Z"},
		{SpeedUp: 60},
		{TestNetwork: true, SpeedUp: module.MaxSpeedUp + 1},
		{TestNetwork: true, LedgerTime: "15 November 2005"},
	} {
		g := apptest.Fixture(func(name string) ed25519.PrivKey { return ed25519.GenPrivKeyFromSecret([]byte(name)) })
		g.Clock = &clock
		req, err := apptest.InitChainRequest(g)
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.NewInMemory(app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.InitChain(context.Background(), req); err == nil || !strings.Contains(err.Error(), "clock") {
			t.Errorf("clock %+v: InitChain %v", clock, err)
		}
		_ = a.Close()
	}
}
