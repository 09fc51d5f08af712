package parquet

import "github.com/lhsql/lhsql/vector"

// ColumnRange returns the smallest and largest non-NULL value of schema
// column col over every row group of every file, taken from the footer
// statistics. ok is false when the column is out of range or unsupported,
// or when some row group with non-NULL values lacks usable statistics; the
// optimizer uses the range to bound a column's number of distinct values.
func (t *Table) ColumnRange(col int) (lo, hi vector.Value, ok bool) {
	if col < 0 || col >= len(t.schema) {
		return lo, hi, false
	}
	seen := false
	for _, fl := range t.files {
		c := &fl.cols[col]
		if c.unsupported != "" || c.leaf < 0 {
			return lo, hi, false
		}
		for i := range fl.pf.Metadata().RowGroups {
			rg := &fl.pf.Metadata().RowGroups[i]
			if c.leaf >= len(rg.Columns) {
				return lo, hi, false
			}
			md := &rg.Columns[c.leaf].MetaData
			if md.NumValues > 0 && md.Statistics.NullCount == md.NumValues {
				continue // only NULLs
			}
			l, h, good := bounds(c, &md.Statistics)
			if !good {
				return lo, hi, false
			}
			if !seen || cmp(&l, &lo) < 0 {
				lo = l
			}
			if !seen || cmp(&h, &hi) > 0 {
				hi = h
			}
			seen = true
		}
	}
	return lo, hi, seen
}
