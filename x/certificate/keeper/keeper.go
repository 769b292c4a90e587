package keeper

import (
	"slices"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// A Keeper is its module as the app knows it (app/modules.go).
var (
	_ module.Module       = Keeper{}
	_ module.BeginBlocker = Keeper{}
)

// Name is the module's name: codespace, app_state section, event type.
func (Keeper) Name() string { return types.ModuleName }

// StorePrefix is the one-byte prefix of every key the module writes.
func (Keeper) StorePrefix() byte { return types.StorePrefix }

// Keeper reads and writes the certificate module's part of a store.
type Keeper struct {
	participants types.ParticipantSource
	hooks        types.Hooks
}

// New returns a keeper reading participants and keys through ps, telling
// hooks (nil: nobody) of every transition.
func New(ps types.ParticipantSource, hooks types.Hooks) Keeper {
	if hooks == nil {
		hooks = noHooks{}
	}
	return Keeper{participants: ps, hooks: hooks}
}

type noHooks struct{}

func (noHooks) AfterIssued(*module.Context, *types.Certificate) error             { return nil }
func (noHooks) AfterVoided(*module.Context, *types.Certificate) error             { return nil }
func (noHooks) AfterReceived(*module.Context, *types.Certificate) error           { return nil }
func (noHooks) AfterRejected(*module.Context, *types.Certificate) error           { return nil }
func (noHooks) AfterReleased(*module.Context, *types.Certificate, int64) error    { return nil }
func (noHooks) AfterOverdue(*module.Context, *types.Certificate)                  {}
func (noHooks) AfterExpired(*module.Context, *types.Certificate)                  {}
func (noHooks) AfterStockDeclared(*module.Context, *types.StockDeclaration) error { return nil }

// Certificate returns a certificate by number.
func (Keeper) Certificate(s store.KVStore, number string) (*types.Certificate, bool) {
	var c types.Certificate
	return &c, store.Load(types.Store(s), types.CertificateKey(number), &c)
}

func (Keeper) saveCertificate(s store.KVStore, c *types.Certificate) {
	store.Save(types.Store(s), types.CertificateKey(c.Number), c)
}

// Params returns the parameters in force.
func (Keeper) Params(s store.KVStore) types.Params {
	return module.LoadParams(types.Store(s), types.ParamsKey(), types.DefaultParams())
}

// SetParams sets the parameters (genesis, plenary decisions).
func (Keeper) SetParams(s store.KVStore, p types.Params) error {
	return module.SaveParams(types.Store(s), types.ParamsKey(), &p)
}

// open indexes a certificate that awaits its fate: by destination (always)
// and by expiry. It awaits confirmation (the awaiting index) once custody
// reaches the destination's side (custody.go).
func open(s store.KVStore, c *types.Certificate) {
	ms := types.Store(s)
	ms.Set(types.DestinationKey(c.Destination, c.Number), store.Present)
	ms.Set(types.ExpiryKey(c.ExpiresAt, c.Number), store.Present)
}

// close removes a certificate that left "issued" from the time indexes.
func close(s store.KVStore, c *types.Certificate) {
	ms := types.Store(s)
	ms.Delete(types.ExpiryKey(c.ExpiresAt, c.Number))
	if c.ArrivedAt != 0 {
		ms.Delete(types.AwaitingKey(c.ArrivedAt, c.Number))
	}
}

// History returns a certificate's history, in order.
func (Keeper) History(s store.KVStore, number string) []types.CertificateEvent {
	return types.History(s, number)
}

// record appends an event to a certificate's history, stamped with the block
// and, for a transaction, its hash and signer: one new key after the last
// (types.HistoryKey, at c.HistoryLength); the earlier events are not
// rewritten. It counts the event in c (HistoryLength, CustodyEvents), which
// the caller saves with the step's other changes.
func record(ctx *module.Context, c *types.Certificate, ev types.CertificateEvent) {
	ev.Height, ev.Time = ctx.Height, ctx.Time
	if ctx.Signer != nil {
		ev.TxHash, ev.Signer, ev.SignerRole = ctx.TxHash, ctx.Signer.Address, ctx.Signer.Role
	}
	store.Save(types.Store(ctx.Store), types.HistoryKey(c.Number, c.HistoryLength), &ev)
	c.HistoryLength++
	if ev.Kind.IsCustody() {
		c.CustodyEvents++
	}
}

// emit reports a transition as an ABCI event; certificate.number is indexed.
func emit(ctx *module.Context, c *types.Certificate, kind types.EventKind) {
	ctx.EmitEvent(types.ModuleName,
		module.IndexedAttr(types.AttributeNumber, c.Number),
		module.Attr(module.AttributeAction, kind.Name()),
		module.Attr(types.AttributeIssuer, c.Issuer),
		module.Attr(types.AttributeDestination, c.Destination),
		module.Attr(types.AttributeStatus, c.Status.Name()),
	)
}

// load returns a certificate in one of the statuses a step may take it from
// (none given: issued); another status is ErrFinalState, named.
func (k Keeper) load(s store.KVStore, number string, from ...types.CertificateStatus) (*types.Certificate, error) {
	c, ok := k.Certificate(s, number)
	if !ok {
		return nil, types.ErrUnknownCertificate.Wrap(number)
	}
	if len(from) == 0 {
		from = []types.CertificateStatus{types.CertificateStatus_CERTIFICATE_STATUS_ISSUED}
	}
	if !slices.Contains(from, c.Status) {
		return nil, types.ErrFinalState.Wrapf("%s is %s", number, c.Status.Name())
	}
	return c, nil
}

// issuerMayShip reports whether a certificate's issuer may still have its
// goods confirmed: it is active, or its suspension or expulsion grandfathered
// the goods it had certified before.
func (k Keeper) issuerMayShip(s store.KVStore, c *types.Certificate) error {
	p, ok := k.participants.Participant(s, c.Issuer)
	switch {
	case !ok:
		return types.ErrIssuerNotActive.Wrap(c.Issuer)
	case p.Status == participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE:
		return nil
	case c.IssuedAt < p.GrandfatheredBefore:
		return nil
	}
	return types.ErrIssuerNotActive.Wrapf("%s is %s since %s issued it, and the decision grandfathered no goods certified before", c.Issuer, p.Status.Name(), c.Number)
}

// activeParticipant returns a participant that is active.
func (k Keeper) activeParticipant(s store.KVStore, code string) (*participanttypes.Participant, bool) {
	p, ok := k.participants.Participant(s, code)
	return p, ok && p.Status == participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE
}

// operator returns an active operator key of a participant with a role.
func (k Keeper) operator(s store.KVStore, addressHex, participant string, role envelope.Role) bool {
	address, err := participanttypes.ParseAddress(addressHex)
	if err != nil {
		return false
	}
	key, ok := k.participants.Key(s, address)
	return ok && key.Status == participanttypes.KeyStatus_KEY_STATUS_ACTIVE && key.Role == role && key.Participant == participant
}
