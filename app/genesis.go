package app

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
)

// AppState is genesis.json's app_state: one section per module, by name.
type AppState map[string]json.RawMessage

// DefaultAppState is the app_state of a new chain: every module's default.
func (app *App) DefaultAppState() AppState {
	state := AppState{}
	for _, m := range app.modules {
		state[m.Name()] = m.DefaultGenesis()
	}
	return state
}

// ParseAppState reads app_state and checks every section — the modules' and
// the ledger's clock (core/module/clock.go); an unknown section is refused.
func (app *App) ParseAppState(raw []byte) (AppState, error) {
	state := AppState{}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &state); err != nil {
			return nil, fmt.Errorf("app_state: %w", err)
		}
	}
	known := map[string]bool{module.ClockSection: true}
	if _, err := module.ParseClockGenesis(state[module.ClockSection]); err != nil {
		return nil, err
	}
	for _, m := range app.modules {
		known[m.Name()] = true
		if err := m.ValidateGenesis(state[m.Name()]); err != nil {
			return nil, fmt.Errorf("app_state.%s: %w", m.Name(), err)
		}
	}
	names := make([]string, 0, len(state))
	for name := range state {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !known[name] {
			return nil, fmt.Errorf("app_state: unknown module %q", name)
		}
	}
	return state, nil
}

// InitChain is called once, when the chain starts from genesis: it writes every
// module's app_state section and refuses to start when genesis.json's
// validators are not app_state's (DESIGN §3: app_state is the source).
func (app *App) InitChain(_ context.Context, req *abci.InitChainRequest) (*abci.InitChainResponse, error) {
	state, err := app.ParseAppState(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	if req.InitialHeight > 1 {
		app.tree.SetInitialVersion(uint64(req.InitialHeight))
	}
	app.chainID = req.ChainId
	tree := store.NewTree(app.tree)
	buffer := store.NewBuffer(tree)
	buffer.Set(chainIDKey, []byte(req.ChainId))
	buffer.Set(schemaVersionKey, binary.BigEndian.AppendUint32(nil, SchemaVersion))
	clockGenesis, _ := module.ParseClockGenesis(state[module.ClockSection])
	app.clock = module.ClockOf(clockGenesis, req.Time.Unix())
	if !app.clock.Identity() {
		buffer.Set(module.ClockKey, app.clock.Encode())
	}
	ctx := module.Context{Store: buffer, ChainID: req.ChainId, Height: req.InitialHeight, Time: app.clock.At(req.Time.Unix())}
	for _, m := range app.modules {
		if err := m.InitGenesis(&ctx, state[m.Name()]); err != nil {
			return nil, fmt.Errorf("app_state.%s: %w", m.Name(), err)
		}
	}
	if app.options.AfterGenesis != nil {
		app.options.AfterGenesis(buffer)
	}
	buffer.Write()
	app.validators = app.registry.ActiveValidators(tree)
	if !sameValidators(req.Validators, app.validators) {
		return nil, fmt.Errorf("genesis.json validators (%d) differ from app_state.participant.validators (%d): "+
			"write both with `kpd genesis add-validator`", len(req.Validators), len(app.validators))
	}
	app.resetCheckState()
	return &abci.InitChainResponse{AppHash: app.tree.WorkingHash()}, nil
}
