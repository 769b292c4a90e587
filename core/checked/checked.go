package checked

import "math"

// Add returns a+b and whether it is exact (false: the sum overflows int64).
func Add(a, b int64) (int64, bool) {
	s := a + b
	// Overflow happened iff a and b have the same sign and s has the other.
	return s, (a^s)&(b^s) >= 0
}

// Sub returns a-b and whether it is exact.
func Sub(a, b int64) (int64, bool) {
	d := a - b
	// Overflow happened iff a and b have different signs and d has b's.
	return d, (a^b)&(a^d) >= 0
}

// Mul returns a*b and whether it is exact.
func Mul(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) || p/b != a {
		return p, false
	}
	return p, true
}

// Sum returns the sum of values and whether it is exact: false as soon as a
// partial sum overflows, even if later values would bring it back.
func Sum(values ...int64) (int64, bool) {
	var s int64
	for _, v := range values {
		var ok bool
		if s, ok = Add(s, v); !ok {
			return s, false
		}
	}
	return s, true
}

// Saturating returns a+b, or the bound (math.MaxInt64 or math.MinInt64) the
// sum would cross, and whether it is exact. Block-time work that must never
// fail uses it for counts; the caller reports a saturated one.
func Saturating(a, b int64) (int64, bool) {
	if s, ok := Add(a, b); ok {
		return s, true
	}
	if b > 0 {
		return math.MaxInt64, false
	}
	return math.MinInt64, false
}
