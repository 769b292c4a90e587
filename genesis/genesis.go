package genesis

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/kpledger/kpledger/app"
	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/core/format"
	"github.com/kpledger/kpledger/core/module"
	certtypes "github.com/kpledger/kpledger/x/certificate/types"
	participanttypes "github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
	stattypes "github.com/kpledger/kpledger/x/statistics/types"
)

// Document is a genesis document being built or edited.
type Document struct {
	ChainID       string
	GenesisTime   time.Time
	InitialHeight int64
	// The modules' app_state sections, edited through their own types.
	Registry     participanttypes.GenesisState
	Certificates certtypes.GenesisState
	Statistics   stattypes.GenesisState
	Plenary      plenarytypes.GenesisState
	// Clock is a test network's ledger clock (nil: ledger time is block
	// time; core/module/clock.go).
	Clock *module.ClockGenesis
	// Other holds raw app_state sections, written as they are: those of
	// modules this package does not know, or one that replaces a module's
	// typed section (a test writing a section the module must refuse).
	Other map[string]json.RawMessage
	// Consensus carries CometBFT's consensus parameters through an edit.
	Consensus *cmttypes.ConsensusParams
}

// sections are the app_state sections the document edits, by module name.
func (g *Document) sections() map[string]proto.Message {
	return map[string]proto.Message{
		participanttypes.ModuleName: &g.Registry, certtypes.ModuleName: &g.Certificates,
		stattypes.ModuleName: &g.Statistics, plenarytypes.ModuleName: &g.Plenary,
	}
}

// New returns a genesis for a chain with every module's defaults and an
// empty registry.
func New(chainID string, genesisTime time.Time) *Document {
	return &Document{
		ChainID: chainID, GenesisTime: genesisTime.UTC().Truncate(time.Second), InitialHeight: 1,
		Registry: participanttypes.DefaultGenesis(), Certificates: certtypes.DefaultGenesis(),
		Statistics: stattypes.DefaultGenesis(), Plenary: plenarytypes.DefaultGenesis(),
		Other: map[string]json.RawMessage{},
	}
}

// Load reads genesis.json.
func Load(path string) (*Document, error) {
	doc, err := cmttypes.GenesisDocFromFile(path)
	if err != nil {
		return nil, err
	}
	return FromDoc(doc)
}

// FromDoc reads a CometBFT genesis document; a module's absent section keeps
// its defaults.
func FromDoc(doc *cmttypes.GenesisDoc) (*Document, error) {
	g := New(doc.ChainID, doc.GenesisTime)
	g.InitialHeight = doc.InitialHeight
	g.Consensus = doc.ConsensusParams
	raw := map[string]json.RawMessage{}
	if len(doc.AppState) > 0 {
		if err := json.Unmarshal(doc.AppState, &raw); err != nil {
			return nil, fmt.Errorf("app_state: %w", err)
		}
	}
	for name, section := range g.sections() {
		if bz, ok := raw[name]; ok {
			section.Reset()
			if err := format.UnmarshalJSON(bz, section); err != nil {
				return nil, fmt.Errorf("app_state.%s: %w", name, err)
			}
			delete(raw, name)
		}
	}
	if bz, ok := raw[module.ClockSection]; ok {
		clock, err := module.ParseClockGenesis(bz)
		if err != nil {
			return nil, err
		}
		g.Clock = clock
		delete(raw, module.ClockSection)
	}
	g.Other = raw
	return g, nil
}

// AppState renders app_state.
func (g *Document) AppState() (json.RawMessage, error) {
	rendered := map[string]json.RawMessage{}
	for name, section := range g.sections() {
		bz, err := format.MarshalGenesisJSON(section)
		if err != nil {
			return nil, fmt.Errorf("app_state.%s: %w", name, err)
		}
		rendered[name] = bz
	}
	if g.Clock != nil {
		bz, err := json.Marshal(g.Clock)
		if err != nil {
			return nil, err
		}
		rendered[module.ClockSection] = bz
	}
	for name, raw := range g.Other {
		rendered[name] = raw
	}
	return json.MarshalIndent(rendered, "", "  ")
}

// Doc renders the CometBFT genesis document, its validators taken from
// app_state.
func (g *Document) Doc() (*cmttypes.GenesisDoc, error) {
	if err := g.Registry.Validate(); err != nil {
		return nil, err
	}
	appState, err := g.AppState()
	if err != nil {
		return nil, err
	}
	consensus := g.Consensus
	if consensus == nil {
		params := cmttypes.DefaultConsensusParams()
		params.Version.App = app.AppVersion
		consensus = params
	}
	doc := &cmttypes.GenesisDoc{
		ChainID:         g.ChainID,
		GenesisTime:     g.GenesisTime,
		InitialHeight:   g.InitialHeight,
		ConsensusParams: consensus,
		AppState:        appState,
	}
	for _, v := range g.Registry.Validators {
		pub := ed25519.PubKey(v.PubKey)
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{
			Address: pub.Address(), PubKey: pub, Power: v.Power, Name: v.Participant,
		})
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, err
	}
	return doc, nil
}

// Save writes genesis.json.
func (g *Document) Save(path string) error {
	doc, err := g.Doc()
	if err != nil {
		return err
	}
	bz, err := cmtjson.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(bz, '\n'), 0o644)
}

// AddParticipant adds an active participant.
func (g *Document) AddParticipant(code, name string, kind participanttypes.ParticipantKind) error {
	for _, p := range g.Registry.Participants {
		if p.Code == code {
			return fmt.Errorf("participant %s is already in genesis", code)
		}
	}
	g.Registry.Participants = append(g.Registry.Participants, participanttypes.Participant{
		Code: code, Name: name, Kind: kind, Status: participanttypes.ParticipantStatus_PARTICIPANT_STATUS_ACTIVE,
	})
	return g.check()
}

// SetTimeZone sets a participant's time zone (an IANA name; empty: UTC).
func (g *Document) SetTimeZone(code, zone string) error {
	for i := range g.Registry.Participants {
		if g.Registry.Participants[i].Code == code {
			g.Registry.Participants[i].TimeZone = zone
			return g.check()
		}
	}
	return fmt.Errorf("participant %s is not in genesis", code)
}

// SetNonProducer registers a participant as one that mines no rough
// diamonds (it is not expected to report production), or as a producer.
func (g *Document) SetNonProducer(code string, nonProducer bool) error {
	for i := range g.Registry.Participants {
		if g.Registry.Participants[i].Code == code {
			g.Registry.Participants[i].NonProducer = nonProducer
			return nil
		}
	}
	return fmt.Errorf("participant %s is not in genesis", code)
}

// AddObserver adds an observer.
func (g *Document) AddObserver(code, name string, kind participanttypes.ObserverKind) error {
	g.Registry.Observers = append(g.Registry.Observers, participanttypes.Observer{Code: code, Name: name, Kind: kind})
	return g.check()
}

// AddKey registers a key: an officer's or operator's of participant holder, or
// an observer's (role observer, holder the observer's code).
func (g *Document) AddKey(pubKey []byte, role envelope.Role, holder, name string) error {
	rk := participanttypes.RegisteredKey{
		Address: envelope.AddressHex(envelope.AddressOf(pubKey)),
		PubKey:  pubKey, Role: role, Name: name, Status: participanttypes.KeyStatus_KEY_STATUS_ACTIVE,
	}
	if role == envelope.Role_ROLE_OBSERVER {
		rk.Observer = holder
	} else {
		rk.Participant = holder
	}
	g.Registry.Keys = append(g.Registry.Keys, rk)
	return g.check()
}

// AddValidator gives a voting participant its validator (equal power).
func (g *Document) AddValidator(code string, pubKey []byte) error {
	g.Registry.Validators = append(g.Registry.Validators, participanttypes.Validator{
		Participant: code, PubKey: pubKey, Power: participanttypes.ValidatorPower,
	})
	sort.Slice(g.Registry.Validators, func(i, j int) bool {
		return g.Registry.Validators[i].Participant < g.Registry.Validators[j].Participant
	})
	return g.check()
}

// SetChair records the KP Chair and Vice-Chair of a year.
func (g *Document) SetChair(year uint32, chair, viceChair string) error {
	term := plenarytypes.ChairTerm{Year: year, Chair: chair, ViceChair: viceChair}
	if err := term.Validate(); err != nil {
		return err
	}
	for i := range g.Plenary.Chairs {
		if g.Plenary.Chairs[i].Year == year {
			g.Plenary.Chairs[i] = term
			return nil
		}
	}
	g.Plenary.Chairs = append(g.Plenary.Chairs, term)
	return nil
}

// AddEmbargo puts an origin under embargo from genesis.
func (g *Document) AddEmbargo(origin, reference string) error {
	return g.addEmbargo(certtypes.Embargo{Origin: origin, Active: true, Reference: reference})
}

// AddIssuerEmbargo puts a participant under an issuer embargo from genesis:
// it certifies nothing, and its certificates are not confirmed.
func (g *Document) AddIssuerEmbargo(code, reference string) error {
	return g.addEmbargo(certtypes.Embargo{Issuer: code, Active: true, Reference: reference})
}

func (g *Document) addEmbargo(e certtypes.Embargo) error {
	if participanttypes.ValidateParticipantCode(e.Code()) != nil {
		return fmt.Errorf("%s embargo on %q: an ISO 3166-1 alpha-2 code", e.Kind().Name(), e.Code())
	}
	for _, other := range g.Certificates.Embargoes {
		if other.Kind() == e.Kind() && other.Code() == e.Code() {
			return fmt.Errorf("%s is already under an %s embargo", e.Code(), e.Kind().Name())
		}
	}
	g.Certificates.Embargoes = append(g.Certificates.Embargoes, e)
	return nil
}

// AddOpeningStock records that a participant holds, at genesis, a stock of
// goods of an origin set (sorted), with the reference of the inventory that
// says so.
func (g *Document) AddOpeningStock(code string, origins []string, carats int64, reference string) error {
	d := certtypes.StockDeclaration{Participant: code, Origins: origins, Carats: carats, Reference: reference}
	g.Certificates.OpeningStocks = append(g.Certificates.OpeningStocks, d)
	if err := g.Certificates.Validate(); err != nil {
		g.Certificates.OpeningStocks = g.Certificates.OpeningStocks[:len(g.Certificates.OpeningStocks)-1]
		return err
	}
	return nil
}

// check validates the registry after an edit and undoes nothing: callers
// discard a Document that failed.
func (g *Document) check() error { return g.Registry.Validate() }

// InitChainRequest is what CometBFT sends the app for a genesis document.
func InitChainRequest(doc *cmttypes.GenesisDoc) *abci.InitChainRequest {
	req := &abci.InitChainRequest{
		Time: doc.GenesisTime, ChainId: doc.ChainID, InitialHeight: doc.InitialHeight, AppStateBytes: doc.AppState,
	}
	for _, v := range doc.Validators {
		req.Validators = append(req.Validators, abci.ValidatorUpdate{PubKeyType: v.PubKey.Type(), PubKeyBytes: v.PubKey.Bytes(), Power: v.Power})
	}
	return req
}
