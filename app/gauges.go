package app

import (
	"fmt"

	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
)

// StateGauges returns every module's gauges (module.Gauger) of the state at
// the last saved height, read like a query through the read-only tree: it
// may run beside the block work and never holds CometBFT's lock on the app.
// Height 0 (nothing committed yet) comes with no gauges.
func (app *App) StateGauges() (height int64, gauges []module.Gauge, err error) {
	if latest, _ := app.LastCommit(); latest == 0 {
		return 0, nil, nil
	}
	view, height, err := app.versionAt(0)
	if err != nil {
		return height, nil, err
	}
	defer func() {
		if r := recover(); r != nil { // a failing database
			err = fmt.Errorf("state gauges at height %d: %v", height, r)
		}
	}()
	s := store.NewVersion(view)
	for _, m := range app.modules {
		if g, ok := m.(module.Gauger); ok {
			gauges = append(gauges, g.Gauges(s)...)
		}
	}
	return height, gauges, nil
}
