package checked

import (
	"math"
	"math/big"
	"testing"
)

// edges are the values where int64 arithmetic wraps, and ordinary ones.
var edges = []int64{math.MinInt64, math.MinInt64 + 1, -1 << 32, -3, -1, 0, 1, 2, 3, 1 << 31, 1 << 32, 3_037_000_499, 3_037_000_500,
	math.MaxInt64/2 + 1, math.MaxInt64 - 1, math.MaxInt64}

// exact reports whether a big result fits int64, and it.
func exact(r *big.Int) (int64, bool) { return r.Int64(), r.IsInt64() }

// TestAgainstBigInt checks Add, Sub and Mul against arbitrary-precision
// arithmetic for every pair of edge values: the flag says whether the true
// result fits, and when it does the result is it.
func TestAgainstBigInt(t *testing.T) {
	ops := []struct {
		name string
		fn   func(a, b int64) (int64, bool)
		ref  func(a, b *big.Int) *big.Int
	}{
		{"Add", Add, func(a, b *big.Int) *big.Int { return new(big.Int).Add(a, b) }},
		{"Sub", Sub, func(a, b *big.Int) *big.Int { return new(big.Int).Sub(a, b) }},
		{"Mul", Mul, func(a, b *big.Int) *big.Int { return new(big.Int).Mul(a, b) }},
	}
	for _, op := range ops {
		for _, a := range edges {
			for _, b := range edges {
				want, wantOK := exact(op.ref(big.NewInt(a), big.NewInt(b)))
				got, ok := op.fn(a, b)
				if ok != wantOK || (ok && got != want) {
					t.Errorf("%s(%d, %d) = %d, %v; want %d, %v", op.name, a, b, got, ok, want, wantOK)
				}
			}
		}
	}
}

func TestSum(t *testing.T) {
	cases := []struct {
		name   string
		values []int64
		want   int64
		ok     bool
	}{
		{"none", nil, 0, true},
		{"ordinary", []int64{1, 2, 3}, 6, true},
		{"up to the bound", []int64{math.MaxInt64 - 1, 1}, math.MaxInt64, true},
		{"past the bound", []int64{math.MaxInt64, 1}, 0, false},
		{"past and back", []int64{math.MaxInt64, 1, -1}, 0, false},
		{"below the bound", []int64{math.MinInt64, -1}, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Sum(c.values...)
			if ok != c.ok || (ok && got != c.want) {
				t.Errorf("Sum(%v) = %d, %v; want %d, %v", c.values, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestSaturating(t *testing.T) {
	cases := []struct {
		a, b, want int64
		ok         bool
	}{
		{1, 2, 3, true},
		{math.MaxInt64 - 1, 1, math.MaxInt64, true},
		{math.MaxInt64, 1, math.MaxInt64, false},
		{math.MaxInt64, math.MaxInt64, math.MaxInt64, false},
		{math.MinInt64, -1, math.MinInt64, false},
		{math.MaxInt64, -1, math.MaxInt64 - 1, true},
	}
	for _, c := range cases {
		if got, ok := Saturating(c.a, c.b); got != c.want || ok != c.ok {
			t.Errorf("Saturating(%d, %d) = %d, %v; want %d, %v", c.a, c.b, got, ok, c.want, c.ok)
		}
	}
}
