package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/statistics/types"
)

// Gauges counts the overdue certificates still without an outcome and the
// value-discrepancy flags by rule (module.Gauger).
func (Keeper) Gauges(s store.KVStore) []module.Gauge {
	var overdue float64
	for _, o := range store.LoadAll[types.OverdueCertificate](types.Store(s), types.OverduePrefix()) {
		if o.Outcome == 0 {
			overdue++
		}
	}
	flags := map[types.Rule]float64{}
	for _, d := range store.LoadAll[types.Discrepancy](types.Store(s), types.DiscrepanciesPrefix()) {
		flags[d.Rule]++
	}
	gauges := []module.Gauge{{Name: "overdue_certificates", Help: "Certificates past the confirmation deadline, outcome not yet known.", Value: overdue}}
	for _, rule := range []types.Rule{types.Rule_RULE_MIRROR, types.Rule_RULE_PRICE} {
		gauges = append(gauges, module.Gauge{Name: "discrepancy_flags", Help: "Value discrepancies flagged, by rule.",
			Label: "rule", LabelValue: rule.Name(), Value: flags[rule]})
	}
	return gauges
}
