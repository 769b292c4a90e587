package types

import "strings"

// Name is the rule as people write it ("mirror").
func (r Rule) Name() string {
	switch r {
	case Rule_RULE_MIRROR:
		return "mirror"
	case Rule_RULE_PRICE:
		return "price"
	case Rule_RULE_WEIGHT:
		return "weight"
	}
	return "unspecified"
}

// ParseRule reads a rule name.
func ParseRule(s string) (Rule, bool) {
	switch strings.ToLower(s) {
	case "mirror":
		return Rule_RULE_MIRROR, true
	case "price":
		return Rule_RULE_PRICE, true
	case "weight":
		return Rule_RULE_WEIGHT, true
	}
	return 0, false
}

// Name is the kind of flag as people write it ("mass-balance").
func (k FlagKind) Name() string {
	switch k {
	case FlagKind_FLAG_KIND_DISCREPANCY:
		return "discrepancy"
	case FlagKind_FLAG_KIND_OVERDUE:
		return "overdue"
	case FlagKind_FLAG_KIND_MASS_BALANCE:
		return "mass-balance"
	}
	return "unspecified"
}

// ParseFlagKind reads a kind of flag.
func ParseFlagKind(s string) (FlagKind, bool) {
	for _, k := range []FlagKind{FlagKind_FLAG_KIND_DISCREPANCY, FlagKind_FLAG_KIND_OVERDUE, FlagKind_FLAG_KIND_MASS_BALANCE} {
		if strings.EqualFold(s, k.Name()) {
			return k, true
		}
	}
	return 0, false
}

// Name is where a follow-up stands ("explained").
func (s FlagStatus) Name() string {
	switch s {
	case FlagStatus_FLAG_STATUS_OPEN:
		return "open"
	case FlagStatus_FLAG_STATUS_ACKNOWLEDGED:
		return "acknowledged"
	case FlagStatus_FLAG_STATUS_EXPLAINED:
		return "explained"
	case FlagStatus_FLAG_STATUS_CLOSED:
		return "closed"
	}
	return "unspecified"
}
