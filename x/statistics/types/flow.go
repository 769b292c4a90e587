package types

import (
	"sort"

	"github.com/kpledger/kpledger/core/checked"
	"github.com/kpledger/kpledger/core/format"
)

// Add adds other times sign (+1 or -1) to the flow. A sum that would
// overflow is ErrSumOverflow, and the flow is left as it was (reliability
// review D9): one shipment's figures are bounded, a quarter's count of them
// is not.
func (f *Flow) Add(other Flow, sign int64) error {
	op := checked.Add
	if sign < 0 {
		op = checked.Sub
	}
	carats, okCarats := op(f.Carats, other.Carats)
	value, okValue := op(f.ValueUsd, other.ValueUsd)
	certificates, okCertificates := op(f.Certificates, other.Certificates)
	if !okCarats || !okValue || !okCertificates {
		return ErrSumOverflow.Wrapf("%s ct, US$ %s, %d certificates %s %s ct, US$ %s, %d certificates",
			format.Hundredths(f.Carats), format.Hundredths(f.ValueUsd), f.Certificates, signWord(sign),
			format.Hundredths(other.Carats), format.Hundredths(other.ValueUsd), other.Certificates)
	}
	f.Carats, f.ValueUsd, f.Certificates = carats, value, certificates
	return nil
}

func signWord(sign int64) string {
	if sign < 0 {
		return "less"
	}
	return "plus"
}

// IsZero reports an empty flow.
func (f *Flow) IsZero() bool { return f.Carats == 0 && f.ValueUsd == 0 && f.Certificates == 0 }

// AddShare adds a flow times sign under a key of a dimension kept in key
// order; a share that falls to zero is dropped, so that the same trade always
// has the same record. A sum that would overflow is ErrSumOverflow, and the
// shares are returned as they were.
func AddShare(shares []Share, key string, flow Flow, sign int64) ([]Share, error) {
	i := sort.Search(len(shares), func(i int) bool { return shares[i].Key >= key })
	if i == len(shares) || shares[i].Key != key {
		var share Share
		if err := share.Flow.Add(flow, sign); err != nil {
			return shares, err
		}
		if share.Flow.IsZero() {
			return shares, nil
		}
		share.Key = key
		shares = append(shares, Share{})
		copy(shares[i+1:], shares[i:])
		shares[i] = share
		return shares, nil
	}
	if err := shares[i].Flow.Add(flow, sign); err != nil {
		return shares, err
	}
	if shares[i].Flow.IsZero() {
		shares = append(shares[:i], shares[i+1:]...)
	}
	return shares, nil
}
