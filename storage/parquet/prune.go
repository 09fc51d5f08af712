package parquet

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	"github.com/parquet-go/parquet-go/format"
)

// pruneRowGroup reports whether the row group's statistics prove that some
// filter fails for every row. It keeps the row group whenever in doubt.
func pruneRowGroup(fl *file, rg *format.RowGroup, filters []storage.Filter) bool {
	for i := range filters {
		f := &filters[i]
		if f.Col < 0 || f.Col >= len(fl.cols) {
			continue
		}
		c := &fl.cols[f.Col]
		if c.unsupported != "" || c.leaf < 0 || c.leaf >= len(rg.Columns) {
			continue
		}
		if pruneColumn(c, &rg.Columns[c.leaf].MetaData, f) {
			return true
		}
	}
	return false
}

func pruneColumn(c *colInfo, md *format.ColumnMetaData, f *storage.Filter) bool {
	st := &md.Statistics
	hasMinMax := st.MinValue != nil || st.Min != nil
	allNull := md.NumValues > 0 && st.NullCount == md.NumValues
	switch f.Op {
	case storage.OpIsNull:
		// A REQUIRED column has no NULLs. For OPTIONAL ones a zero null
		// count is only trusted when the writer also wrote min/max, since
		// an absent null count also reads as zero.
		return c.maxDef == 0 || (st.NullCount == 0 && hasMinMax)
	case storage.OpIsNotNull:
		return allNull
	}
	if allNull {
		return true // comparisons with NULL are never true
	}
	lo, hi, ok := bounds(c, st)
	if !ok {
		return false
	}
	float := c.typ.Phys() == vector.PhysFloat64
	usable := func(v *vector.Value) bool {
		if v.Null || !sameDomain(v.Typ, c.typ) {
			return false
		}
		return !float || !math.IsNaN(v.F64)
	}
	switch f.Op {
	case storage.OpEq:
		return usable(&f.Value) && (cmp(&f.Value, &lo) < 0 || cmp(&f.Value, &hi) > 0)
	case storage.OpNe:
		// NaN rows (left out of statistics) differ from any value.
		return !float && usable(&f.Value) && cmp(&lo, &hi) == 0 && cmp(&lo, &f.Value) == 0
	case storage.OpLt:
		return usable(&f.Value) && cmp(&lo, &f.Value) >= 0
	case storage.OpLe:
		return usable(&f.Value) && cmp(&lo, &f.Value) > 0
	case storage.OpGt:
		// NaN sorts above every number, so float columns cannot be pruned.
		return !float && usable(&f.Value) && cmp(&hi, &f.Value) <= 0
	case storage.OpGe:
		return !float && usable(&f.Value) && cmp(&hi, &f.Value) < 0
	case storage.OpIn:
		for j := range f.Values {
			v := &f.Values[j]
			if v.Null {
				continue // x IN (NULL, ...) is never true because of the NULL
			}
			if !usable(v) || (cmp(v, &lo) >= 0 && cmp(v, &hi) <= 0) {
				return false
			}
		}
		return true
	}
	return false
}

// bounds decodes the min/max statistics of a column chunk into values of
// the column's type.
func bounds(c *colInfo, st *format.Statistics) (lo, hi vector.Value, ok bool) {
	var rawLo, rawHi []byte
	switch {
	case c.stats == statsNew || c.stats == statsNewOrOld:
		rawLo, rawHi = st.MinValue, st.MaxValue
		if (rawLo == nil || rawHi == nil) && c.stats == statsNewOrOld {
			rawLo, rawHi = st.Min, st.Max
		}
	default:
		return lo, hi, false
	}
	if rawLo == nil || rawHi == nil {
		return lo, hi, false
	}
	lo, ok1 := statValue(c, rawLo)
	hi, ok2 := statValue(c, rawHi)
	if !ok1 || !ok2 || cmp(&lo, &hi) > 0 {
		return lo, hi, false
	}
	return lo, hi, true
}

// statValue decodes one PLAIN-encoded statistics value.
func statValue(c *colInfo, b []byte) (vector.Value, bool) {
	v := vector.Value{Typ: c.typ}
	switch c.conv {
	case cvBool:
		if len(b) != 1 {
			return v, false
		}
		v.Bool = b[0] != 0
	case cvInt32:
		if len(b) != 4 {
			return v, false
		}
		v.I64 = int64(int32(binary.LittleEndian.Uint32(b))) * c.mul
	case cvInt64:
		if len(b) != 8 {
			return v, false
		}
		x := int64(binary.LittleEndian.Uint64(b))
		if c.div != 1 {
			x /= c.div
		} else {
			x *= c.mul
		}
		v.I64 = x
	case cvFloat:
		if len(b) != 4 {
			return v, false
		}
		v.F64 = float64(math.Float32frombits(binary.LittleEndian.Uint32(b)))
	case cvDouble:
		if len(b) != 8 {
			return v, false
		}
		v.F64 = math.Float64frombits(binary.LittleEndian.Uint64(b))
	case cvBytes, cvFixed:
		v.Str = string(b)
	case cvUUID:
		if len(b) != 16 {
			return v, false
		}
		buf := make([]byte, 36)
		formatUUID(buf, b)
		v.Str = string(buf)
	case cvDecBytes, cvDecFixed:
		x, err := decodeBigEndian(b)
		if err != nil {
			return v, false
		}
		v.I64 = x
	default:
		return v, false
	}
	if c.typ.Phys() == vector.PhysFloat64 && math.IsNaN(v.F64) {
		return v, false
	}
	return v, true
}

// cmp orders two non-NULL values of the same physical type.
func cmp(a, b *vector.Value) int {
	switch a.Typ.Phys() {
	case vector.PhysBool:
		switch {
		case a.Bool == b.Bool:
			return 0
		case !a.Bool:
			return -1
		}
		return 1
	case vector.PhysInt64:
		switch {
		case a.I64 < b.I64:
			return -1
		case a.I64 > b.I64:
			return 1
		}
		return 0
	case vector.PhysFloat64:
		switch {
		case a.F64 < b.F64:
			return -1
		case a.F64 > b.F64:
			return 1
		}
		return 0
	case vector.PhysString:
		return strings.Compare(a.Str, b.Str)
	}
	return 0
}

// sameDomain reports whether a filter constant of type v can be compared
// with statistics of a column of type col by their physical values.
func sameDomain(v, col vector.Type) bool {
	if v.IsInteger() && col.IsInteger() {
		return col.ID != vector.TypeUBigInt && v.ID != vector.TypeUBigInt
	}
	if v.ID != col.ID {
		return v.Phys() == vector.PhysString && col.Phys() == vector.PhysString && col.ID != vector.TypeUUID && v.ID != vector.TypeUUID
	}
	return v.ID != vector.TypeDecimal || v.Scale == col.Scale
}
