package types

import "sort"

// Add adds other times sign (+1 or -1) to the flow.
func (f *Flow) Add(other Flow, sign int64) {
	f.Carats += sign * other.Carats
	f.ValueUsd += sign * other.ValueUsd
	f.Certificates += sign * other.Certificates
}

// IsZero reports an empty flow.
func (f *Flow) IsZero() bool { return f.Carats == 0 && f.ValueUsd == 0 && f.Certificates == 0 }

// AddShare adds a flow times sign under a key of a dimension kept in key
// order; a share that falls to zero is dropped, so that the same trade always
// has the same record.
func AddShare(shares []Share, key string, flow Flow, sign int64) []Share {
	i := sort.Search(len(shares), func(i int) bool { return shares[i].Key >= key })
	if i == len(shares) || shares[i].Key != key {
		shares = append(shares, Share{})
		copy(shares[i+1:], shares[i:])
		shares[i] = Share{Key: key}
	}
	shares[i].Flow.Add(flow, sign)
	if shares[i].Flow.IsZero() {
		shares = append(shares[:i], shares[i+1:]...)
	}
	return shares
}
