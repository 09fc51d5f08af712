// Package storage holds lhsql's data sources and sinks: in-memory tables,
// Parquet and CSV files. Every source implements Table; scanning is split
// into morsels (row groups or row ranges) that workers claim in parallel.
package storage

import (
	"context"

	"github.com/lhsql/lhsql/vector"
)

// Column is a named, typed column of a table's schema.
type Column struct {
	Name string
	Type vector.Type
}

// CmpOp is a comparison operator of a pushed-down filter.
type CmpOp uint8

// Comparison operators usable for pruning.
const (
	OpEq CmpOp = iota
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpIn        // Values holds the list
	OpIsNull    // no value
	OpIsNotNull // no value
)

// Filter is a simple predicate "column op constant" that a source may use
// to skip morsels (row groups). Filters are hints for pruning: the engine
// re-applies the full predicate to every row a source returns, so a source
// must only skip data it can prove fails the filter.
type Filter struct {
	Col    int // index into the table schema
	Op     CmpOp
	Value  vector.Value   // for comparison ops; same type as the column
	Values []vector.Value // for OpIn
	// PruneOnly marks a filter that pays only for skipping row groups and
	// pages by their statistics: a source need not test it row by row
	// (the bounds of a join's keys, say, which the join checks anyway).
	PruneOnly bool
}

// ScanSpec describes what a scan must produce.
type ScanSpec struct {
	// Columns lists schema indices to produce, in output order. Only these
	// columns are decoded.
	Columns []int
	// Filters are conjunctive pruning hints (see Filter).
	Filters []Filter
	// Keys are runtime filters from joins (see KeyFilter), also hints: a
	// scan may drop the rows they reject, or ignore them.
	Keys []KeyFilter
	// Predicates are the engine's filter conditions a scan may evaluate
	// on the columns they read before decoding the others (see
	// PredicateFilter); hints as well.
	Predicates []PredicateFilter
}

// RowPredicate is a filter condition over some columns of a scan.
type RowPredicate interface {
	// Select writes into dst the rows of sel (rows 0..n-1 when sel is
	// nil) for which the condition holds, given the columns (n rows
	// each, in PredicateFilter.Cols order), and returns dst[:k]. dst may
	// alias sel. Select may keep rows that fail (when it stops testing
	// a condition that passes nearly every row) but never drops a row
	// that passes. It is safe for concurrent use.
	// ctx is the one the scan's ReadMorsel received.
	Select(ctx context.Context, cols []*vector.Vector, n int, sel, dst []uint32) ([]uint32, error)
}

// PredicateFilter is a RowPredicate over schema columns Cols.
type PredicateFilter struct {
	Cols []int
	Pred RowPredicate
}

// KeySet is a set of join keys known once a join's build side is
// complete. Select may keep values absent from the set (false positives)
// but never drops a value in it; NULLs are never in it.
type KeySet interface {
	// Select writes into dst the rows of sel (rows 0..n-1 when sel is
	// nil) whose value in v may be in the set and returns dst[:k]. dst
	// may alias sel. Select is safe for concurrent use.
	Select(v *vector.Vector, n int, sel, dst []uint32) []uint32
}

// DynamicKeySet is a KeySet that shrinks while the scan runs (the bound
// of an ORDER BY ... LIMIT). Bounds returns filters that every value the
// set keeps satisfies at the moment of the call, for skipping row groups
// and pages by their statistics; nil when there are none yet.
type DynamicKeySet interface {
	KeySet
	Bounds() []Filter
}

// OrderedKeySet is a DynamicKeySet that tightens fastest when the rows
// with the smallest values (the largest when Desc) come first, as the
// bound of an ORDER BY ... LIMIT does: a scan may read its morsels in
// that order.
type OrderedKeySet interface {
	DynamicKeySet
	Desc() bool
}

// KeyFilter restricts schema column Col to the keys of Set.
type KeyFilter struct {
	Col int
	Set KeySet
}

// ScanStats counts what a scan did; fields are updated atomically by
// scanners and read after the scan.
type ScanStats struct {
	Files            int64
	RowGroups        int64
	RowGroupsSkipped int64
	BytesRead        int64
	BytesSkipped     int64 // compressed bytes of pruned row groups
	RowsOut          int64
	FilesSkipped     int64 // files pruned (hive partitions) before opening
	Pages            int64 // data pages read
	PagesSkipped     int64 // data pages skipped with the page index
	// Remote reads (storage/remote): ranged GETs issued (retries
	// included), bytes received, and bytes served by the block cache.
	Requests       int64
	BytesFetched   int64
	BytesFromCache int64
}

// Table is anything lhsql can scan.
type Table interface {
	// Schema returns the table's columns.
	Schema() []Column
	// RowCount returns the number of rows, or -1 when unknown without a scan.
	RowCount() int64
	// Scan prepares a scan. The returned Scanner is used by many workers.
	Scan(ctx context.Context, spec ScanSpec) (Scanner, error)
}

// Scanner reads the morsels of one scan. ReadMorsel may be called
// concurrently for different morsels.
type Scanner interface {
	// Morsels returns the number of morsels left after pruning.
	Morsels() int
	// ReadMorsel decodes morsel i and calls emit with consecutive chunks of
	// at most vector.MaxLen rows whose columns follow ScanSpec.Columns.
	// Chunks passed to emit are owned by the callee.
	ReadMorsel(ctx context.Context, i int, emit func(*vector.Chunk) error) error
	// Stats returns counters for EXPLAIN ANALYZE.
	Stats() ScanStats
	// Close releases files.
	Close() error
}

// Recycler is implemented by Scanners that can reuse the vectors of the
// chunks they emit. ReadMorselRecycled is ReadMorsel for a callee that
// keeps no reference to a chunk's vectors (or their buffers) once emit
// returns, so the scanner may overwrite them with the next chunk of the
// same call. Values such as strings stay valid; only the slices holding
// them are reused.
type Recycler interface {
	ReadMorselRecycled(ctx context.Context, i int, emit func(*vector.Chunk) error) error
}
