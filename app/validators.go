package app

import (
	"bytes"
	"sort"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"

	participanttypes "github.com/kpledger/kpledger/x/participant/types"
)

// validatorUpdates is the difference between two validator sets as CometBFT
// wants it: at most one update per key, power 0 for a key that left, sorted by
// key so that every node sends the same list.
func validatorUpdates(before, after []participanttypes.Validator) []abci.ValidatorUpdate {
	power := func(set []participanttypes.Validator) map[string]int64 {
		m := make(map[string]int64, len(set))
		for _, v := range set {
			m[string(v.PubKey)] = v.Power
		}
		return m
	}
	old, now := power(before), power(after)
	var updates []abci.ValidatorUpdate
	for key, p := range now {
		if old[key] != p {
			updates = append(updates, abci.ValidatorUpdate{PubKeyType: ed25519.KeyType, PubKeyBytes: []byte(key), Power: p})
		}
	}
	for key := range old {
		if _, stays := now[key]; !stays {
			updates = append(updates, abci.ValidatorUpdate{PubKeyType: ed25519.KeyType, PubKeyBytes: []byte(key), Power: 0})
		}
	}
	sort.Slice(updates, func(i, j int) bool { return bytes.Compare(updates[i].PubKeyBytes, updates[j].PubKeyBytes) < 0 })
	return updates
}

// sameValidators reports whether genesis.json's validators are app_state's.
func sameValidators(genesis []abci.ValidatorUpdate, state []participanttypes.Validator) bool {
	if len(genesis) != len(state) {
		return false
	}
	want := make(map[string]int64, len(state))
	for _, v := range state {
		want[string(v.PubKey)] = v.Power
	}
	for _, v := range genesis {
		p, ok := want[string(v.PubKeyBytes)]
		if !ok || p != v.Power || v.PubKeyType != ed25519.KeyType {
			return false
		}
		delete(want, string(v.PubKeyBytes))
	}
	return len(want) == 0
}
