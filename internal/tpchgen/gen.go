package tpchgen

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/lhsql/lhsql/vector"
)

// generator produces one table as a sequence of units: rows, or for
// lineitem, orders (each with 1 to 7 lines).
type generator struct {
	def   TableDef
	units int64
	// perRow is the expected number of rows per unit (4 for lineitem).
	perRow int64
	gen    func(def *TableDef, start, count int64) *block
}

func newGenerator(sf float64, table string) (*generator, error) {
	s, err := newScale(sf)
	if err != nil {
		return nil, err
	}
	def, ok := Table(table)
	if !ok {
		return nil, fmt.Errorf("tpchgen: unknown table %q", table)
	}
	g := &generator{def: def, perRow: 1}
	switch table {
	case "nation":
		g.units, g.gen = 25, genNation
	case "region":
		g.units, g.gen = 5, genRegion
	case "supplier":
		g.units, g.gen = s.suppliers, s.genSupplier
	case "customer":
		g.units, g.gen = s.customers, genCustomer
	case "part":
		g.units, g.gen = s.parts, genPart
	case "partsupp":
		g.units, g.gen = 4*s.parts, s.genPartsupp
	case "orders":
		g.units, g.gen = s.orders, s.genOrders
	case "lineitem":
		g.units, g.gen, g.perRow = s.orders, s.genLineitem, 4
	}
	return g, nil
}

// blocks returns the number of blocks of about rowsPerBlock rows.
func (g *generator) blockUnits(rowsPerBlock int64) int64 {
	return max(1, rowsPerBlock/g.perRow)
}

// runOrdered runs gen(i) for i in [0, n) on up to workers goroutines and
// calls consume(i, result) serially in increasing i. At most 2*workers
// results are held at once. The first error stops the run.
func runOrdered[T any](ctx context.Context, n, workers int, gen func(i int) (T, error), consume func(i int, v T) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		v   T
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	futures := make(chan chan result, 2*workers)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	go func() {
		defer close(futures)
		for i := range n {
			f := make(chan result, 1)
			select {
			case futures <- f:
			case <-ctx.Done():
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				f <- result{err: ctx.Err()}
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if err := ctx.Err(); err != nil {
					f <- result{err: err}
					return
				}
				v, err := gen(i)
				f <- result{v, err}
			}()
		}
	}()
	var err error
	i := 0
	for f := range futures {
		r := <-f
		if err == nil {
			if r.err != nil {
				err = r.err
			} else if cerr := consume(i, r.v); cerr != nil {
				err = cerr
			}
			if err != nil {
				cancel()
			}
		}
		i++
	}
	wg.Wait()
	if err == nil && i < n {
		err = ctx.Err()
	}
	return err
}

// genBlockUnits is the number of units per block for Gen: small enough to
// keep workers busy, large enough to amortize scheduling.
const genBlockRows = 8 * vector.MaxLen

// Gen generates the named TPC-H table at scale factor sf on workers
// goroutines (0 means GOMAXPROCS) and calls emit serially, in table order,
// with batches of at most vector.MaxLen rows: one flat vector per column of
// Tables()'s definition, n rows each. emit owns the vectors it receives.
// The output is identical for any worker count. Gen stops at the first
// error from emit or when ctx is cancelled.
func Gen(ctx context.Context, sf float64, table string, workers int, emit func(cols []*vector.Vector, n int) error) error {
	g, err := newGenerator(sf, table)
	if err != nil {
		return err
	}
	return g.run(ctx, workers, emit)
}

// run generates the table in blocks on workers goroutines and passes it to
// emit in batches of at most vector.MaxLen rows, in order.
func (g *generator) run(ctx context.Context, workers int, emit func(cols []*vector.Vector, n int) error) error {
	per := g.blockUnits(genBlockRows)
	nblocks := int((g.units + per - 1) / per)
	return runOrdered(ctx, nblocks, workers, func(i int) (*block, error) {
		start := int64(i) * per
		return g.gen(&g.def, start, min(per, g.units-start)), nil
	}, func(_ int, b *block) error {
		for lo := 0; lo < b.n; lo += vector.MaxLen {
			hi := min(b.n, lo+vector.MaxLen)
			cols := make([]*vector.Vector, len(b.cols))
			for c, v := range b.cols {
				cols[c] = v.Slice(lo, hi)
			}
			if err := emit(cols, hi-lo); err != nil {
				return err
			}
		}
		return nil
	})
}
