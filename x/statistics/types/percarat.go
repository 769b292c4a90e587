package types

import (
	"math/big"

	"github.com/kpledger/kpledger/core/format"
)

// USDPerCarat shows a value (US cents) per carat (hundredths of a carat) in
// US$ with two decimals, as the KP's public tables do; "-" without carats.
func USDPerCarat(valueCents, caratHundredths int64) string {
	if caratHundredths <= 0 {
		return "-"
	}
	cents := new(big.Int).Div(new(big.Int).Mul(big.NewInt(valueCents), big.NewInt(100)), big.NewInt(caratHundredths))
	return format.Hundredths(cents.Int64())
}
