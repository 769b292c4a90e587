package keeper

import (
	"bytes"

	"github.com/kpledger/kpledger/core/envelope"
	"github.com/kpledger/kpledger/x/participant/types"
	plenarytypes "github.com/kpledger/kpledger/x/plenary/types"
)

// MinValidators is the smallest validator set a decision may leave: below
// it, one fault stops the chain.
const MinValidators = 4

// checkValidatorSafety is the rule of DESIGN §3 for a decision that changes
// the validator set (one that leaves the set as it was — a participant
// admitted without a node, a non-validator suspended — cannot make it less
// safe, and passes whoever signed): CometBFT halts every node on an update
// that leaves the chain unable to commit, so the app refuses (the decision
// fails, recorded, changing nothing) when
//   - it would remove validators and leave fewer than MinValidators, or
//   - the validators that signed the previous block would hold two thirds or
//     less of the new total power (e.g. admitting a participant whose node is
//     not running while another validator is down).
func checkValidatorSafety(before, after []types.Validator, signedLastBlock map[string]bool) error {
	if sameSet(before, after) {
		return nil
	}
	if len(after) < len(before) && len(after) < MinValidators {
		return plenarytypes.ErrValidatorSafety.Wrapf("%d validators would remain, at least %d are needed", len(after), MinValidators)
	}
	var total, signed int64
	for _, v := range after {
		total += v.Power
		if signedLastBlock[string(envelope.AddressOf(v.PubKey))] {
			signed += v.Power
		}
	}
	if total == 0 {
		return plenarytypes.ErrValidatorSafety.Wrap("no validator would remain")
	}
	if 3*signed <= 2*total {
		return plenarytypes.ErrValidatorSafety.Wrapf("the validators that signed the previous block would hold %d of %d voting power, not more than two thirds", signed, total)
	}
	return nil
}

// sameSet reports whether two validator sets, in the registry's order, give
// CometBFT the same keys and powers.
func sameSet(a, b []types.Validator) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].PubKey, b[i].PubKey) || a[i].Power != b[i].Power {
			return false
		}
	}
	return true
}
