package tpchgen

import "math/bits"

// rng is a counter-based pseudo-random stream (SplitMix64). Every column of
// every row gets its own stream, derived from (table seed, column stream,
// row number), so any row can be generated without generating the rows
// before it. That is what makes parallel generation deterministic.
type rng struct{ s uint64 }

const golden = 0x9E3779B97F4A7C15

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// newRNG returns the stream for one (seed, stream, row) triple.
func newRNG(seed, stream uint64, row int64) rng {
	return rng{s: mix64(seed ^ mix64(stream*0xD1B54A32D192ED03+uint64(row)*golden))}
}

func (r *rng) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// intn returns a uniformly distributed integer in [lo, hi].
func (r *rng) intn(lo, hi int64) int64 {
	h, _ := bits.Mul64(r.next(), uint64(hi-lo+1))
	return lo + int64(h)
}

// idx returns a uniformly distributed index in [0, n).
func (r *rng) idx(n int) int {
	h, _ := bits.Mul64(r.next(), uint64(n))
	return int(h)
}

// float returns a uniformly distributed float64 in [0, 1).
func (r *rng) float() float64 {
	return float64(r.next()>>11) / (1 << 53)
}
