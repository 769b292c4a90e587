package keeper_test

import (
	"errors"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	iavldb "github.com/cosmos/iavl/db"

	"github.com/kpledger/kpledger/app/apptest"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/refusal"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/keeper"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// fakeRegistry is the participant registry as the certificate keeper sees it
// (types.ParticipantSource), edited by the test: it changes a participant's
// status between two handler calls of one block, which a plenary decision
// (executed at the end of a block) never does.
type fakeRegistry struct {
	participants map[string]participanttypes.Participant
	keys         map[string]participanttypes.RegisteredKey
}

func (r *fakeRegistry) Participant(_ store.KVStore, code string) (*participanttypes.Participant, bool) {
	p, ok := r.participants[code]
	return &p, ok
}

func (r *fakeRegistry) Key(_ store.KVStore, address []byte) (*participanttypes.RegisteredKey, bool) {
	k, ok := r.keys[envelope.AddressHex(address)]
	return &k, ok
}

func (r *fakeRegistry) setStatus(code string, s participanttypes.ParticipantStatus) {
	p := r.participants[code]
	p.Status = s
	r.participants[code] = p
}

// directKeeper is the certificate keeper over an in-memory tree, called
// without the app: no envelope, no block-time work unless the test runs it.
type directKeeper struct {
	t        *testing.T
	k        keeper.Keeper
	registry *fakeRegistry
	store    store.KVStore
	height   int64
}

func newDirectKeeper(t *testing.T) *directKeeper {
	r := &fakeRegistry{participants: map[string]participanttypes.Participant{}, keys: map[string]participanttypes.RegisteredKey{}}
	for _, code := range []string{"BW", "EU", "ZA"} {
		r.participants[code] = participanttypes.Participant{Code: code, Status: participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE}
		for _, role := range []struct {
			suffix string
			role   envelope.Role
		}{{"issuer", envelope.Role_ROLE_ISSUER}, {"customs", envelope.Role_ROLE_IMPORTER_AUTHORITY},
			{"exporter", envelope.Role_ROLE_EXPORTER}, {"importer", envelope.Role_ROLE_IMPORTER}, {"admin", envelope.Role_ROLE_ADMIN}} {
			name := apptest.KeyName(code, role.suffix)
			r.keys[fixtureAddress(name)] = participanttypes.RegisteredKey{Address: fixtureAddress(name), Role: role.role,
				Participant: code, Status: participanttypes.KeyStatus_KEY_STATUS_ACTIVE}
		}
	}
	tree := iavl.NewMutableTree(iavldb.NewWrapper(dbm.NewMemDB()), 1000, false, iavl.NewNopLogger())
	d := &directKeeper{t: t, k: keeper.New(r, nil), registry: r, store: store.NewTree(tree)}
	gen := d.ctx(1, "")
	if err := d.k.SetParams(gen.Store, types.DefaultParams()); err != nil {
		t.Fatal(err)
	}
	return d
}

func fixtureAddress(name string) string {
	return envelope.AddressHex(ed25519.GenPrivKeyFromSecret([]byte("kpledger fixture " + name)).PubKey().Address())
}

// ctx is a context at a time, signed by a fixture key name ("" for block
// work).
func (d *directKeeper) ctx(time int64, signer string) *module.Context {
	d.height++
	ctx := &module.Context{Store: d.store, Height: d.height, Time: time, TxHash: make([]byte, 32)}
	if signer != "" {
		k := d.registry.keys[fixtureAddress(signer)]
		ctx.Signer = &envelope.Signer{Address: k.Address, Role: k.Role, Participant: k.Participant}
	}
	return ctx
}

// run calls a handler the way the app does: in a write buffer applied only
// on success.
func (d *directKeeper) run(time int64, signer string, handler func(*module.Context) error) error {
	ctx := d.ctx(time, signer)
	buffer := store.NewBuffer(d.store)
	ctx.Store = buffer
	err := handler(ctx)
	if err == nil {
		buffer.Write()
	}
	return err
}

func (d *directKeeper) mustRun(time int64, signer string, handler func(*module.Context) error) {
	d.t.Helper()
	if err := d.run(time, signer, handler); err != nil {
		d.t.Fatalf("%s: %v", signer, err)
	}
}

func (d *directKeeper) wantRefusal(err error, want *refusal.Error) {
	d.t.Helper()
	if !errors.Is(err, want) || refusal.Of(err).Code() != want.Code() {
		d.t.Errorf("error %v, want %s (code %d)", err, want.Reason(), want.Code())
	}
}

func (d *directKeeper) status(number string) types.CertificateStatus {
	c, ok := d.k.Certificate(d.store, number)
	if !ok {
		d.t.Fatalf("no certificate %s", number)
	}
	return c.Status
}

const t0 int64 = 1131872400 // 2005-11-13T09:00:00Z

// issue has Botswana certify the standard shipment of an origin: its own
// production, or goods of its stock (declared first).
func (d *directKeeper) issue(number, o string, mixed ...string) {
	d.t.Helper()
	m := &types.MsgIssue{Number: number, Origin: o, MixedOrigins: mixed, Destination: "EU",
		Exporter: fixtureAddress("bw-exporter"), Importer: fixtureAddress("eu-importer"),
		Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Parcels: apptest.StdParcels, HsCode: "7102.31", ExpiresAt: t0 + 100}
	if o == "BW" {
		m.OwnProductionCarats = m.Carats
	} else {
		origins := types.OriginSet(o, mixed)
		d.mustRun(t0, "bw-admin", func(ctx *module.Context) error {
			return d.k.DeclareStock(ctx, &types.MsgDeclareStock{Origins: origins, Carats: m.Carats, Reference: "inventory of 12 November 2005"})
		})
		m.StockDraws = []types.StockDraw{{Origins: origins, Carats: m.Carats}}
	}
	d.mustRun(t0, "bw-issuer", func(ctx *module.Context) error { return d.k.Issue(ctx, m) })
}

func (d *directKeeper) confirm(time int64, number string) error {
	return d.run(time, "eu-importer", func(ctx *module.Context) error {
		return d.k.Confirm(ctx, &types.MsgConfirm{Number: number, Parcels: apptest.StdParcels, Carats: apptest.StdCarats, ValueUsd: apptest.StdValue})
	})
}

// TestConfirmRulesNoTransactionReaches checks, on the keeper directly, the
// confirmation rules that the app's order of work keeps transactions from
// reaching: block-time work expires a certificate before any transaction of
// the block could confirm it late, and suspensions and embargoes take effect
// at the end of a block, between transactions of no block. The keeper must
// still refuse.
func TestConfirmRulesNoTransactionReaches(t *testing.T) {
	t.Run("a confirmation a second past expiry, before the block-time work ran", func(t *testing.T) {
		d := newDirectKeeper(t)
		d.issue("BW-2005-1", "BW")
		d.wantRefusal(d.confirm(t0+101, "BW-2005-1"), types.ErrCertificateExpired)
		if s := d.status("BW-2005-1"); s != issued {
			t.Errorf("status %s after the refusal", s.Name())
		}
		if err := d.confirm(t0+100, "BW-2005-1"); err != nil {
			t.Errorf("a confirmation at the expiry: %v", err)
		}
	})
	t.Run("the European Community suspended after the certificate was issued", func(t *testing.T) {
		d := newDirectKeeper(t)
		d.issue("BW-2005-1", "BW")
		d.registry.setStatus("EU", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_SUSPENDED)
		d.wantRefusal(d.confirm(t0+10, "BW-2005-1"), types.ErrDestinationNotActive)
		d.registry.setStatus("EU", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_EXPELLED)
		d.wantRefusal(d.confirm(t0+10, "BW-2005-1"), types.ErrDestinationNotActive)
		d.registry.setStatus("EU", participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE)
		if err := d.confirm(t0+10, "BW-2005-1"); err != nil {
			t.Errorf("a confirmation after reinstatement: %v", err)
		}
	})
	t.Run("Congolese goods under embargo after the certificate was issued", func(t *testing.T) {
		d := newDirectKeeper(t)
		d.issue("BW-2005-1", "CD")
		d.issue("BW-2005-2", "MIXED", "BW", "CD")
		d.issue("BW-2005-3", "MIXED", "AO", "BW")
		d.mustRun(t0+5, "", func(ctx *module.Context) error {
			return d.k.ImposeEmbargo(ctx, types.OriginEmbargo, "CD", "plenary decision 7")
		})
		d.wantRefusal(d.confirm(t0+10, "BW-2005-1"), types.ErrEmbargoedOrigin)
		d.wantRefusal(d.confirm(t0+10, "BW-2005-2"), types.ErrEmbargoedOrigin)
		if err := d.confirm(t0+10, "BW-2005-3"); err != nil {
			t.Errorf("MIXED goods of Angola and Botswana: %v", err)
		}
		d.mustRun(t0+15, "", func(ctx *module.Context) error { return d.k.LiftEmbargo(ctx, types.OriginEmbargo, "CD") })
		if err := d.confirm(t0+20, "BW-2005-1"); err != nil {
			t.Errorf("a confirmation after the embargo was lifted: %v", err)
		}
	})
	t.Run("Botswana under an issuer embargo after it certified", func(t *testing.T) {
		d := newDirectKeeper(t)
		d.issue("BW-2005-1", "BW")
		d.mustRun(t0+5, "", func(ctx *module.Context) error {
			return d.k.ImposeEmbargo(ctx, types.IssuerEmbargo, "BW", "plenary decision 8")
		})
		d.wantRefusal(d.confirm(t0+10, "BW-2005-1"), types.ErrEmbargoedIssuer)
		d.mustRun(t0+15, "", func(ctx *module.Context) error { return d.k.LiftEmbargo(ctx, types.IssuerEmbargo, "BW") })
		if err := d.confirm(t0+20, "BW-2005-1"); err != nil {
			t.Errorf("a confirmation after the issuer embargo was lifted: %v", err)
		}
	})
}

// TestEmbargoRecords: imposing and lifting keep every record; the latest
// decides.
func TestEmbargoRecords(t *testing.T) {
	d := newDirectKeeper(t)
	impose := func(time int64, origin string) error {
		return d.run(time, "", func(ctx *module.Context) error {
			return d.k.ImposeEmbargo(ctx, types.OriginEmbargo, origin, "decision")
		})
	}
	lift := func(time int64, origin string) error {
		return d.run(time, "", func(ctx *module.Context) error { return d.k.LiftEmbargo(ctx, types.OriginEmbargo, origin) })
	}
	if err := impose(t0, "CI"); err != nil {
		t.Fatal(err)
	}
	d.wantRefusal(impose(t0+5, "CI"), types.ErrEmbargoedOrigin)
	d.wantRefusal(impose(t0+5, "ci"), types.ErrInvalidOrigin)
	d.wantRefusal(impose(t0+5, "MIXED"), types.ErrInvalidOrigin)
	d.wantRefusal(lift(t0+5, "LR"), types.ErrNotEmbargoed)
	if err := lift(t0+10, "CI"); err != nil {
		t.Fatal(err)
	}
	d.wantRefusal(lift(t0+15, "CI"), types.ErrNotEmbargoed)
	if err := d.run(t0+20, "bw-admin", func(ctx *module.Context) error {
		return d.k.DeclareStock(ctx, &types.MsgDeclareStock{Origins: []string{"CI"}, Carats: apptest.StdCarats, Reference: "held since 2004"})
	}); err != nil {
		t.Fatal(err)
	}
	if err := d.run(t0+20, "bw-issuer", func(ctx *module.Context) error {
		return d.k.Issue(ctx, &types.MsgIssue{Number: "BW-2005-1", Origin: "CI", Destination: "EU",
			Exporter: fixtureAddress("bw-exporter"), Importer: fixtureAddress("eu-importer"), StockDraws: []types.StockDraw{{Origins: []string{"CI"}, Carats: apptest.StdCarats}},
			Carats: apptest.StdCarats, ValueUsd: apptest.StdValue, Parcels: apptest.StdParcels, HsCode: "7102.31", ExpiresAt: t0 + 100})
	}); err != nil {
		t.Errorf("Ivorian goods after the embargo was lifted: %v", err)
	}
	if err := impose(t0+25, "CI"); err != nil {
		t.Fatal(err)
	}
	all := d.k.Embargoes(d.store)
	if len(all) != 2 || all[0].Active || all[0].LiftedAt != t0+10 || !all[1].Active || all[1].ImposedAt != t0+25 {
		t.Errorf("embargo records %+v", all)
	}
	if e, ok := d.k.Embargo(d.store, types.OriginEmbargo, "CI"); !ok || !e.Active || e.ImposedAt != t0+25 {
		t.Errorf("latest embargo %+v", e)
	}
	// An issuer embargo on Côte d'Ivoire is another record: the origin
	// embargo stays as it is.
	if err := d.run(t0+30, "", func(ctx *module.Context) error { return d.k.ImposeEmbargo(ctx, types.IssuerEmbargo, "CI", "UNSC 1643") }); err != nil {
		t.Fatal(err)
	}
	d.wantRefusal(d.run(t0+35, "", func(ctx *module.Context) error { return d.k.ImposeEmbargo(ctx, types.IssuerEmbargo, "CI", "again") }), types.ErrEmbargoedIssuer)
	if all := d.k.Embargoes(d.store); len(all) != 3 || all[2].Issuer != "CI" || all[2].Origin != "" || !all[2].Active {
		t.Errorf("embargo records %+v", all)
	}
}
