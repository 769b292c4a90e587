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
