package parquet

import (
	"math"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	pq "github.com/parquet-go/parquet-go"
)

// bloomPrune reports whether the row group's bloom filters prove that an
// = or IN filter matches no row. Filters without a bloom filter, or whose
// constants cannot be mapped exactly to the column's physical values, are
// ignored. The filter bits are read only when a filter asks for them.
func bloomPrune(fl *file, rg int, filters []storage.Filter) bool {
	md := &fl.pf.Metadata().RowGroups[rg]
	for i := range filters {
		f := &filters[i]
		if (f.Op != storage.OpEq && f.Op != storage.OpIn) || f.Col < 0 || f.Col >= len(fl.cols) {
			continue
		}
		c := &fl.cols[f.Col]
		if c.unsupported != "" || c.leaf < 0 || c.leaf >= len(md.Columns) || md.Columns[c.leaf].MetaData.BloomFilterOffset <= 0 {
			continue
		}
		cc, ok := fl.pf.RowGroups()[rg].ColumnChunks()[c.leaf].(*pq.FileColumnChunk)
		if !ok {
			continue
		}
		bf, err := cc.BloomFilterFrom(fl.f)
		if err != nil || bf == nil {
			continue
		}
		vals := f.Values
		if f.Op == storage.OpEq {
			vals = []vector.Value{f.Value}
		}
		absent := true
		for k := range vals {
			v := &vals[k]
			if v.Null {
				continue // never equal
			}
			pv, ok := physValue(c, v)
			if !ok {
				absent = false
				break
			}
			present, err := bf.Check(pv)
			if err != nil || present {
				absent = false
				break
			}
		}
		if absent {
			return true
		}
	}
	return false
}

// physValue maps a filter constant to the Parquet physical value the
// writer hashed, when the mapping is exact.
func physValue(c *colInfo, v *vector.Value) (pq.Value, bool) {
	if !sameDomain(v.Typ, c.typ) {
		return pq.Value{}, false
	}
	switch c.conv {
	case cvInt32:
		if c.mul == 0 || v.I64%c.mul != 0 {
			return pq.Value{}, false
		}
		x := v.I64 / c.mul
		if x < math.MinInt32 || x > math.MaxInt32 {
			return pq.Value{}, false
		}
		return pq.Int32Value(int32(x)), true
	case cvInt64:
		if c.div != 1 || c.mul == 0 || v.I64%c.mul != 0 {
			return pq.Value{}, false
		}
		return pq.Int64Value(v.I64 / c.mul), true
	case cvDouble:
		if math.IsNaN(v.F64) {
			return pq.Value{}, false
		}
		return pq.DoubleValue(v.F64), true
	case cvFloat:
		f := float32(v.F64)
		if float64(f) != v.F64 {
			return pq.Value{}, false
		}
		return pq.FloatValue(f), true
	case cvBytes:
		return pq.ByteArrayValue([]byte(v.Str)), true
	case cvUUID:
		b, err := parseUUID(v.Str)
		if err != nil {
			return pq.Value{}, false
		}
		return pq.FixedLenByteArrayValue(b[:]), true
	}
	return pq.Value{}, false
}
