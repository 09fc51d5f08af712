package engine

import (
	"math"

	"github.com/lhsql/lhsql/vector"
)

// Statistical aggregates over DOUBLE: covariance, correlation, the regr_*
// family, skewness, kurtosis, geometric mean and Kahan-summed sum/avg. Each
// group keeps running power sums, which merge by addition.

// momentKind selects the statistic computed from a moments state.
type momentKind uint8

const (
	mCovarPop momentKind = iota
	mCovarSamp
	mCorr
	mRegrAvgX
	mRegrAvgY
	mRegrCount
	mRegrSlope
	mRegrIntercept
	mRegrR2
	mRegrSXX
	mRegrSYY
	mRegrSXY
	mSkewness
	mKurtosis
	mKurtosisPop
	mGeoMean
	mFSum
	mFAvg
)

func init() {
	two := func(k momentKind, names ...string) {
		rt := vector.Double
		if k == mRegrCount {
			rt = vector.UInteger
		}
		registerAgg(extAgg{
			result: func(args []vector.Type) (vector.Type, bool) {
				if len(args) != 2 || !numericOrNull(args[0]) || !numericOrNull(args[1]) {
					return vector.Type{}, false
				}
				return rt, true
			},
			state: func(*AggExpr) (aggState, error) { return &momentState{kind: k, pair: true}, nil },
		}, names...)
	}
	one := func(k momentKind, names ...string) {
		registerAgg(extAgg{
			result: func(args []vector.Type) (vector.Type, bool) {
				if len(args) != 1 || !numericOrNull(args[0]) {
					return vector.Type{}, false
				}
				return vector.Double, true
			},
			state: func(*AggExpr) (aggState, error) { return &momentState{kind: k}, nil },
		}, names...)
	}
	two(mCovarPop, "covar_pop")
	two(mCovarSamp, "covar_samp")
	two(mCorr, "corr")
	two(mRegrAvgX, "regr_avgx")
	two(mRegrAvgY, "regr_avgy")
	two(mRegrCount, "regr_count")
	two(mRegrSlope, "regr_slope")
	two(mRegrIntercept, "regr_intercept")
	two(mRegrR2, "regr_r2")
	two(mRegrSXX, "regr_sxx")
	two(mRegrSYY, "regr_syy")
	two(mRegrSXY, "regr_sxy")
	one(mSkewness, "skewness")
	one(mKurtosis, "kurtosis")
	one(mKurtosisPop, "kurtosis_pop")
	one(mGeoMean, "geomean", "geometric_mean")
	one(mFSum, "fsum", "sumkahan", "kahan_sum")
	one(mFAvg, "favg")
}

// moments holds the running state of one group. For two-argument
// aggregates y is the first argument and x the second, as in SQL's
// covar_pop(y, x); rows where either is NULL are skipped, and means and
// co-moments are kept in Welford's form for numerical stability.
// One-argument statistics keep power sums.
type moments struct {
	n                 float64
	meanX, meanY      float64
	m2x, m2y, cxy     float64
	sx, sxx, sx3, sx4 float64
	comp              float64 // Kahan compensation for sx (fsum/favg)
	logSum            float64 // geomean
}

type momentState struct {
	kind momentKind
	pair bool
	m    []moments
}

func (s *momentState) grow(n int) { s.m = growTo(s.m, n) }

func (s *momentState) update(args []*vector.Vector, gids []uint32, n int) error {
	if s.pair {
		ya, xa := args[0], args[1]
		for i, g := range gids[:n] {
			if ya.IsNull(i) || xa.IsNull(i) {
				continue
			}
			y, x := f64At(ya, i), f64At(xa, i)
			m := &s.m[g]
			m.n++
			dx := x - m.meanX
			m.meanX += dx / m.n
			dy := y - m.meanY
			m.meanY += dy / m.n
			m.cxy += dx * (y - m.meanY)
			m.m2x += dx * (x - m.meanX)
			m.m2y += dy * (y - m.meanY)
		}
		return nil
	}
	a := args[0]
	for i, g := range gids[:n] {
		if a.IsNull(i) {
			continue
		}
		x := f64At(a, i)
		m := &s.m[g]
		m.n++
		switch s.kind {
		case mFSum, mFAvg:
			yk := x - m.comp
			t := m.sx + yk
			m.comp = (t - m.sx) - yk
			m.sx = t
		case mGeoMean:
			m.logSum += math.Log(x)
		default:
			m.sx += x
			m.sxx += x * x
			m.sx3 += x * x * x
			m.sx4 += x * x * x * x
		}
	}
	return nil
}

func (s *momentState) merge(src aggState, srcG, dstG []uint32) error {
	o := src.(*momentState)
	for k, g := range srcG {
		a, b := &s.m[dstG[k]], &o.m[g]
		if b.n == 0 {
			continue
		}
		if s.pair && a.n > 0 {
			n := a.n + b.n
			dx, dy := b.meanX-a.meanX, b.meanY-a.meanY
			w := a.n * b.n / n
			a.m2x += b.m2x + dx*dx*w
			a.m2y += b.m2y + dy*dy*w
			a.cxy += b.cxy + dx*dy*w
			a.meanX += dx * b.n / n
			a.meanY += dy * b.n / n
		} else if s.pair {
			*a = *b
			continue
		}
		a.n += b.n
		a.sx += b.sx
		a.sxx += b.sxx
		a.sx3 += b.sx3
		a.sx4 += b.sx4
		a.comp += b.comp
		a.logSum += b.logSum
	}
	return nil
}

func (s *momentState) final(out *vector.Vector, lo, hi int) error {
	n := hi - lo
	for k := 0; k < n; k++ {
		v, ok, err := s.kind.compute(&s.m[lo+k])
		if err != nil {
			return err
		}
		if !ok {
			out.SetNull(k, n)
			continue
		}
		if out.Typ.Phys() == vector.PhysInt64 {
			out.I64[k] = int64(v)
		} else {
			out.F64[k] = v
		}
	}
	return nil
}

// compute evaluates the statistic; ok is false for a NULL result.
func (k momentKind) compute(m *moments) (float64, bool, error) {
	n := m.n
	if k == mRegrCount {
		return n, true, nil
	}
	if n == 0 {
		return 0, false, nil
	}
	covPop := m.cxy / n
	varX := m.m2x / n
	varY := m.m2y / n
	switch k {
	case mCovarPop:
		return covPop, true, nil
	case mCovarSamp:
		if n < 2 {
			return 0, false, nil
		}
		return m.cxy / (n - 1), true, nil
	case mCorr:
		sx, sy := math.Sqrt(varX), math.Sqrt(varY)
		if math.IsInf(sx, 0) || math.IsNaN(sx) {
			return 0, false, errorf("Out of Range", "STDDEV_POP for X is out of range!")
		}
		if math.IsInf(sy, 0) || math.IsNaN(sy) {
			return 0, false, errorf("Out of Range", "STDDEV_POP for Y is out of range!")
		}
		if sx*sy == 0 {
			return math.NaN(), true, nil
		}
		return covPop / (sx * sy), true, nil
	case mRegrAvgX:
		return m.meanX, true, nil
	case mRegrAvgY:
		return m.meanY, true, nil
	case mRegrSlope:
		return covPop / varX, true, nil // 0/0 gives NaN, as in DuckDB
	case mRegrIntercept:
		if varX == 0 {
			return 0, false, nil
		}
		return m.meanY - covPop/varX*m.meanX, true, nil
	case mRegrR2:
		if varX == 0 {
			return 0, false, nil
		}
		if varY == 0 {
			return 1, true, nil
		}
		r := covPop / math.Sqrt(varX*varY)
		return r * r, true, nil
	case mRegrSXX:
		return varX * n, true, nil
	case mRegrSYY:
		return varY * n, true, nil
	case mRegrSXY:
		return covPop * n, true, nil
	case mSkewness:
		if n <= 2 {
			return 0, false, nil
		}
		t := 1 / n
		p := math.Pow(t*(m.sxx-m.sx*m.sx*t), 3)
		if p < 0 {
			return 0, false, nil
		}
		div := math.Sqrt(p)
		if div == 0 {
			return 0, false, nil
		}
		t1 := math.Sqrt(n*(n-1)) / (n - 2)
		r := t1 * t * (m.sx3 - 3*m.sxx*m.sx*t + 2*math.Pow(m.sx, 3)*t*t) / div
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return 0, false, errorf("Out of Range", "SKEW is out of range!")
		}
		return r, true, nil
	case mKurtosis, mKurtosisPop:
		if n <= 3 && k == mKurtosis || n < 1 {
			return 0, false, nil
		}
		t := 1 / n
		m4 := t * (m.sx4 - 4*m.sx3*m.sx*t + 6*m.sxx*m.sx*m.sx*t*t - 3*math.Pow(m.sx, 4)*t*t*t)
		m2 := t * (m.sxx - m.sx*m.sx*t)
		if m2 <= 0 {
			return 0, false, nil
		}
		var r float64
		if k == mKurtosisPop {
			r = m4/(m2*m2) - 3
		} else {
			r = (n - 1) * ((n+1)*m4/(m2*m2) - 3*(n-1)) / ((n - 2) * (n - 3))
		}
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return 0, false, errorf("Out of Range", "Kurtosis is out of range!")
		}
		return r, true, nil
	case mGeoMean:
		return math.Exp(m.logSum / n), true, nil
	case mFSum:
		return m.sx, true, nil
	case mFAvg:
		return m.sx / n, true, nil
	}
	return 0, false, nil
}
