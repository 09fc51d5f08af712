package tpchgen

import (
	"fmt"
	"math"
	"sync"

	"github.com/lhsql/lhsql/vector"
)

// Column is one column of a generated table.
type Column struct {
	Name string
	Type vector.Type
	// Dict marks a low-cardinality column; Parquet output dictionary-encodes it.
	Dict bool
}

// TableDef describes one generated table: its name and columns in order.
type TableDef struct {
	Name    string
	Columns []Column
}

var money = vector.Decimal(15, 2)

// tableDefs lists the eight TPC-H tables with the column types DuckDB's
// dbgen extension produces (and that ../shared/tpch/data uses).
var tableDefs = []TableDef{
	{"nation", []Column{
		{"n_nationkey", vector.Integer, false}, {"n_name", vector.Varchar, false},
		{"n_regionkey", vector.Integer, false}, {"n_comment", vector.Varchar, false}}},
	{"region", []Column{
		{"r_regionkey", vector.Integer, false}, {"r_name", vector.Varchar, false}, {"r_comment", vector.Varchar, false}}},
	{"supplier", []Column{
		{"s_suppkey", vector.BigInt, false}, {"s_name", vector.Varchar, false}, {"s_address", vector.Varchar, false},
		{"s_nationkey", vector.Integer, true}, {"s_phone", vector.Varchar, false}, {"s_acctbal", money, false},
		{"s_comment", vector.Varchar, false}}},
	{"customer", []Column{
		{"c_custkey", vector.BigInt, false}, {"c_name", vector.Varchar, false}, {"c_address", vector.Varchar, false},
		{"c_nationkey", vector.Integer, true}, {"c_phone", vector.Varchar, false}, {"c_acctbal", money, false},
		{"c_mktsegment", vector.Varchar, true}, {"c_comment", vector.Varchar, false}}},
	{"part", []Column{
		{"p_partkey", vector.BigInt, false}, {"p_name", vector.Varchar, false}, {"p_mfgr", vector.Varchar, true},
		{"p_brand", vector.Varchar, true}, {"p_type", vector.Varchar, true}, {"p_size", vector.Integer, true},
		{"p_container", vector.Varchar, true}, {"p_retailprice", money, false}, {"p_comment", vector.Varchar, false}}},
	{"partsupp", []Column{
		{"ps_partkey", vector.BigInt, false}, {"ps_suppkey", vector.BigInt, false}, {"ps_availqty", vector.BigInt, false},
		{"ps_supplycost", money, false}, {"ps_comment", vector.Varchar, false}}},
	{"orders", []Column{
		{"o_orderkey", vector.BigInt, false}, {"o_custkey", vector.BigInt, false}, {"o_orderstatus", vector.Varchar, true},
		{"o_totalprice", money, false}, {"o_orderdate", vector.Date, true}, {"o_orderpriority", vector.Varchar, true},
		{"o_clerk", vector.Varchar, true}, {"o_shippriority", vector.Integer, true}, {"o_comment", vector.Varchar, false}}},
	{"lineitem", []Column{
		{"l_orderkey", vector.BigInt, false}, {"l_partkey", vector.BigInt, false}, {"l_suppkey", vector.BigInt, false},
		{"l_linenumber", vector.BigInt, true}, {"l_quantity", money, true}, {"l_extendedprice", money, false},
		{"l_discount", money, true}, {"l_tax", money, true}, {"l_returnflag", vector.Varchar, true},
		{"l_linestatus", vector.Varchar, true}, {"l_shipdate", vector.Date, true}, {"l_commitdate", vector.Date, true},
		{"l_receiptdate", vector.Date, true}, {"l_shipinstruct", vector.Varchar, true},
		{"l_shipmode", vector.Varchar, true}, {"l_comment", vector.Varchar, false}}},
}

// Tables returns the definitions of the eight TPC-H tables, in the order
// nation, region, supplier, customer, part, partsupp, orders, lineitem.
// The result is a fresh copy the caller may modify.
func Tables() []TableDef {
	out := make([]TableDef, len(tableDefs))
	for i, t := range tableDefs {
		out[i] = TableDef{Name: t.Name, Columns: append([]Column(nil), t.Columns...)}
	}
	return out
}

// Table returns the definition of the named TPC-H table.
func Table(name string) (TableDef, bool) {
	for _, t := range Tables() {
		if t.Name == name {
			return t, true
		}
	}
	return TableDef{}, false
}

// scale holds the cardinalities derived from a scale factor.
type scale struct {
	sf        float64
	suppliers int64
	parts     int64
	customers int64
	orders    int64
	clerks    int64

	complaintsOnce sync.Once
	complaintsMap  map[int64]uint8
	clerksOnce     sync.Once
	clerkNames     []string
}

// MaxSF is the largest scale factor accepted. Order keys stay far inside
// int64 at this size; the limit exists to reject typos such as sf=1e9.
const MaxSF = 100000

func newScale(sf float64) (*scale, error) {
	if !(sf > 0) || sf > MaxSF || math.IsNaN(sf) {
		return nil, fmt.Errorf("tpchgen: scale factor %v out of range (0, %d]", sf, MaxSF)
	}
	n := func(base float64) int64 { return max(1, int64(math.Floor(base*sf+1e-6))) }
	return &scale{
		sf:        sf,
		suppliers: n(10_000),
		parts:     n(200_000),
		customers: n(150_000),
		orders:    n(1_500_000),
		clerks:    n(1_000),
	}, nil
}

// RowCount returns the number of rows the named table has at scale factor
// sf. For lineitem, whose size is random (1 to 7 lines per order), it
// returns the expected count, 4 lines per order.
func RowCount(sf float64, table string) (int64, error) {
	s, err := newScale(sf)
	if err != nil {
		return 0, err
	}
	switch table {
	case "nation":
		return 25, nil
	case "region":
		return 5, nil
	case "supplier":
		return s.suppliers, nil
	case "customer":
		return s.customers, nil
	case "part":
		return s.parts, nil
	case "partsupp":
		return 4 * s.parts, nil
	case "orders":
		return s.orders, nil
	case "lineitem":
		return 4 * s.orders, nil
	}
	return 0, fmt.Errorf("tpchgen: unknown table %q", table)
}
