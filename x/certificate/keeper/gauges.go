package keeper

import (
	"github.com/kpledger/kpledger/core/module"
	"github.com/kpledger/kpledger/core/store"
	"github.com/kpledger/kpledger/x/certificate/types"
)

// gaugedStatuses are the statuses the gauges report, in this order, zeros
// included (a dashboard's series must not vanish).
var gaugedStatuses = []types.CertificateStatus{
	types.CertificateStatus_CERTIFICATE_STATUS_ISSUED,
	types.CertificateStatus_CERTIFICATE_STATUS_RECEIVED,
	types.CertificateStatus_CERTIFICATE_STATUS_REJECTED,
	types.CertificateStatus_CERTIFICATE_STATUS_VOID,
	types.CertificateStatus_CERTIFICATE_STATUS_EXPIRED,
}

// Gauges counts the certificates by status (module.Gauger).
func (Keeper) Gauges(s store.KVStore) []module.Gauge {
	counts := map[types.CertificateStatus]float64{}
	prefix := types.CertificatesPrefix("")
	it := types.Store(s).Iterator(prefix, store.PrefixEnd(prefix))
	defer it.Close()
	for ; it.Valid(); it.Next() {
		var c types.Certificate
		if err := c.Unmarshal(it.Value()); err != nil {
			panic(store.Failure{Err: err})
		}
		counts[c.Status]++
	}
	gauges := make([]module.Gauge, 0, len(gaugedStatuses))
	for _, status := range gaugedStatuses {
		gauges = append(gauges, module.Gauge{Name: "certificates", Help: "Certificates on the ledger by status.",
			Label: "status", LabelValue: status.Name(), Value: counts[status]})
	}
	return gauges
}
