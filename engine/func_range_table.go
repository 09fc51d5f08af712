package engine

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// rangeMorselRows is the number of rows in one morsel of a linear range
// scan: large enough that claiming a morsel costs nothing next to filling
// it, small enough that a cancelled query stops within a few chunks.
const rangeMorselRows = 32 * vector.MaxLen

// RangeSpec describes one call of the range / generate_series table
// function after its arguments were bound and cast.
type RangeSpec struct {
	// Name is "range" (stop excluded) or "generate_series" (stop included);
	// it names the single output column.
	Name string
	// Type is BIGINT for integer series and TIMESTAMP or TIMESTAMPTZ for
	// temporal ones.
	Type vector.Type
	// Start and Stop bound the series: integers for BIGINT, microseconds
	// since the epoch for timestamps.
	Start, Stop int64
	// Step is the increment of an integer series.
	Step int64
	// Interval is the increment of a temporal series.
	Interval vector.Interval
	// Null marks a call with a NULL argument, which produces no rows.
	Null bool
}

// RangeTable is the storage.Table behind range and generate_series. A
// series whose k-th value is Start + k*step (integers, and timestamps
// stepped without months) is split into morsels that workers fill in
// parallel; a series stepped by months, whose values follow from repeated
// calendar addition, is one sequential morsel. Nothing is materialized:
// rows are produced chunk by chunk while the scan runs, and every chunk
// checks the query's context, so a huge series is cancellable.
type RangeTable struct {
	spec RangeSpec
	// linear reports whether value k is start + k*step; then count is the
	// exact number of rows. Otherwise rows come from calendar stepping and
	// count is -1.
	linear      bool
	start, step int64
	count       int64
	inclusive   bool
	positive    bool
}

// NewRangeTable validates s as DuckDB's range table function does and
// returns the table producing its rows. A zero step, a temporal interval
// whose parts have mixed signs and an infinite timestamp bound are Binder
// Errors; a step pointing away from Stop gives no rows.
func NewRangeTable(s RangeSpec) (*RangeTable, error) {
	t := &RangeTable{spec: s, inclusive: s.Name == "generate_series", linear: true}
	if s.Null {
		return t, nil
	}
	switch s.Type.ID {
	case vector.TypeBigInt:
		if s.Step == 0 {
			return nil, errorf("Binder", "interval cannot be 0!")
		}
		t.start, t.step = s.Start, s.Step
		n, err := linearCount(s.Name, s.Start, s.Stop, s.Step, t.inclusive)
		if err != nil {
			return nil, err
		}
		t.count = n
		return t, nil
	case vector.TypeTimestamp, vector.TypeTimestampTZ:
	default:
		return nil, fmt.Errorf("internal error: %s over %s", s.Name, s.Type)
	}
	if isInfiniteTS(s.Start) || isInfiniteTS(s.Stop) {
		return nil, errorf("Binder", "RANGE with infinite bounds is not supported")
	}
	pos, neg := intervalSigns(s.Interval)
	switch {
	case !pos && !neg:
		return nil, errorf("Binder", "interval cannot be 0!")
	case pos && neg:
		return nil, errorf("Binder", "RANGE with composite interval that has mixed signs is not supported")
	}
	t.positive = pos
	iv := s.Interval
	if iv.Months == 0 {
		if step, ok := mulAdd(int64(iv.Days), vector.MicrosPerDay, iv.Micros); ok {
			t.start, t.step = s.Start, step
			n, err := linearCount(s.Name, s.Start, s.Stop, step, t.inclusive)
			if err != nil {
				return nil, err
			}
			t.count = n
			return t, nil
		}
	}
	t.linear, t.count = false, -1
	return t, nil
}

// isInfiniteTS reports whether ts is the timestamp infinity or -infinity.
func isInfiniteTS(ts int64) bool { return ts == tsInfinity || ts == tsNegInfinity }

// intervalSigns reports whether any part of iv is positive and whether any
// part is negative.
func intervalSigns(iv vector.Interval) (pos, neg bool) {
	pos = iv.Months > 0 || iv.Days > 0 || iv.Micros > 0
	neg = iv.Months < 0 || iv.Days < 0 || iv.Micros < 0
	return pos, neg
}

// linearCount returns how many values start, start+step, ... lie before
// stop (or at it when inclusive), with step != 0. It is exact over the
// whole int64 range; a series longer than MaxInt64 rows is an error.
func linearCount(name string, start, stop, step int64, inclusive bool) (int64, error) {
	var diff, mag uint64
	if step > 0 {
		if start > stop {
			return 0, nil
		}
		diff, mag = uint64(stop)-uint64(start), uint64(step)
	} else {
		if start < stop {
			return 0, nil
		}
		diff, mag = uint64(start)-uint64(stop), -uint64(step)
	}
	var n uint64
	switch {
	case diff == 0 && !inclusive:
		return 0, nil
	case inclusive:
		n = diff/mag + 1
	default:
		n = (diff-1)/mag + 1
	}
	if n == 0 || n > math.MaxInt64 {
		return 0, errorf("Invalid Input", "%s produces more than %d rows", name, int64(math.MaxInt64))
	}
	return int64(n), nil
}

// Schema implements storage.Table.
func (t *RangeTable) Schema() []storage.Column {
	return []storage.Column{{Name: t.spec.Name, Type: t.spec.Type}}
}

// RowCount implements storage.Table: the exact count of a linear series,
// -1 for one stepped by months.
func (t *RangeTable) RowCount() int64 {
	if t.spec.Null {
		return 0
	}
	return t.count
}

// Scan implements storage.Table. Filters are hints and are ignored.
func (t *RangeTable) Scan(_ context.Context, spec storage.ScanSpec) (storage.Scanner, error) {
	for _, c := range spec.Columns {
		if c != 0 {
			return nil, fmt.Errorf("%s: column %d out of range", t.spec.Name, c)
		}
	}
	return &rangeScanner{t: t, ncols: len(spec.Columns)}, nil
}

// rangeScanner reads a RangeTable; ncols is how many copies of the single
// column the scan asked for (0 for count(*)).
type rangeScanner struct {
	t     *RangeTable
	ncols int
	stats storage.ScanStats
}

// Morsels implements storage.Scanner.
func (s *rangeScanner) Morsels() int {
	t := s.t
	switch {
	case t.spec.Null:
		return 0
	case !t.linear:
		return 1
	}
	n := t.count / rangeMorselRows
	if t.count%rangeMorselRows != 0 {
		n++
	}
	return int(n)
}

// ReadMorsel implements storage.Scanner.
func (s *rangeScanner) ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	if i < 0 || i >= s.Morsels() {
		return fmt.Errorf("%s scan: morsel %d out of range (%d morsels)", s.t.spec.Name, i, s.Morsels())
	}
	atomic.AddInt64(&s.stats.RowGroups, 1)
	if s.t.linear {
		return s.readLinear(ctx, i, emit)
	}
	return s.readStepped(ctx, emit)
}

// newChunk returns a chunk of n rows for the scan's columns; vals is the
// data of its first column (nil for a scan without columns). Call dupRangeCols once
// vals is filled.
func (s *rangeScanner) newChunk(n int) (*vector.Chunk, []int64) {
	c := &vector.Chunk{Cols: make([]*vector.Vector, s.ncols), Len: n}
	if s.ncols == 0 {
		return c, nil
	}
	c.Cols[0] = vector.New(s.t.spec.Type, n)
	return c, c.Cols[0].I64
}

// dup copies the first column of c into the others (a scan may list the
// series column more than once).
func dupRangeCols(c *vector.Chunk) {
	for j := 1; j < len(c.Cols); j++ {
		v := vector.New(c.Cols[0].Typ, c.Len)
		copy(v.I64, c.Cols[0].I64)
		c.Cols[j] = v
	}
}

// readLinear emits rows [i*rangeMorselRows, min(count, (i+1)*rangeMorselRows)).
// Values are computed in wrapping uint64 arithmetic, which is exact because
// every emitted value lies between start and stop.
func (s *rangeScanner) readLinear(ctx context.Context, i int, emit func(*vector.Chunk) error) error {
	t := s.t
	k := int64(i) * rangeMorselRows
	for left := min(t.count-k, rangeMorselRows); left > 0; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := int(min(left, vector.MaxLen))
		c, vals := s.newChunk(n)
		if vals != nil {
			v, step := int64(uint64(t.start)+uint64(k)*uint64(t.step)), t.step
			for j := range vals {
				vals[j] = v
				v += step
			}
			dupRangeCols(c)
		}
		atomic.AddInt64(&s.stats.RowsOut, int64(n))
		if err := emit(c); err != nil {
			return err
		}
		k, left = k+int64(n), left-int64(n)
	}
	return nil
}

// readStepped emits a series stepped by calendar addition of the interval,
// as DuckDB does: each value is the previous one plus the interval, so a
// day clamped at a month's end stays clamped. The series ends at stop or
// when the next value no longer fits a timestamp.
func (s *rangeScanner) readStepped(ctx context.Context, emit func(*vector.Chunk) error) error {
	t := s.t
	cur, stop, iv := t.spec.Start, t.spec.Stop, t.spec.Interval
	done := false
	buf := make([]int64, 0, vector.MaxLen) // reused: chunks get copies
	for !done {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = buf[:0]
		for len(buf) < vector.MaxLen {
			if t.positive && (cur > stop || cur == stop && !t.inclusive) ||
				!t.positive && (cur < stop || cur == stop && !t.inclusive) {
				done = true
				break
			}
			buf = append(buf, cur)
			next, ok := addIntervalTS(cur, iv)
			if !ok || isInfiniteTS(next) {
				done = true
				break
			}
			cur = next
		}
		if len(buf) == 0 {
			return nil
		}
		c, vals := s.newChunk(len(buf))
		copy(vals, buf)
		dupRangeCols(c)
		atomic.AddInt64(&s.stats.RowsOut, int64(len(buf)))
		if err := emit(c); err != nil {
			return err
		}
	}
	return nil
}

// Stats implements storage.Scanner.
func (s *rangeScanner) Stats() storage.ScanStats {
	return storage.ScanStats{RowGroups: atomic.LoadInt64(&s.stats.RowGroups), RowsOut: atomic.LoadInt64(&s.stats.RowsOut)}
}

// Close implements storage.Scanner.
func (s *rangeScanner) Close() error { return nil }
