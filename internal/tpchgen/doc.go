// Package tpchgen generates TPC-H data (and a ClickBench-style "hits"
// table, see HitsTable) for lhsql's `CALL dbgen(sf = N)`, `lhsql gen tpch`
// and the benchmarks.
//
// The eight tables follow the TPC-H specification (revision 3): the
// schema (keys BIGINT or INTEGER as DuckDB's dbgen extension types them,
// money DECIMAL(15,2), dates DATE, text VARCHAR), the cardinalities
// (supplier 10,000·SF, part 200,000·SF, partsupp 4 per part, customer
// 150,000·SF, orders 1,500,000·SF, lineitem 1 to 7 per order, nation 25,
// region 5), the value distributions of clause 4.2.3 (sparse order keys:
// the first 8 of every 32; a third of the customers, those whose key is a
// multiple of 3, place no orders; L_SUPPKEY chosen among the part's four
// PARTSUPP suppliers; prices, discounts, taxes and dates with the specified
// ranges and dependencies; order status and total price derived from the
// lines), and the text grammar of clause 4.2.2.10 for comments, which are
// random substrings of a pool of grammar sentences as in dbgen.
//
// Generation is parallel and deterministic: every value is drawn from a
// counter-based random stream keyed by (table, column, row), so any block
// of rows can be produced independently and the output is the same for any
// number of workers.
//
// Differences from the reference dbgen (the data are not byte-identical):
//   - The random number generator and its seeding differ, so individual
//     values differ from dbgen's; the answers to the 22 queries therefore
//     differ from the official answer sets (they agree only in shape).
//   - The grammar's word lists are the specification's, but the word
//     weights are lhsql's own, and the text pool is 8 MB (dbgen: 300 MB),
//     so word frequencies in comments differ (for example, Q13's
//     '%special%requests%' matches somewhat fewer orders).
//   - The "Customer ... Complaints" / "Recommends" supplier comments are
//     placed in exactly round(5·SF) (at least 1) suppliers each, chosen by
//     a seeded draw, and overwrite part of the comment at a random offset.
//   - O_CUSTKEY is drawn uniformly from the non-multiples of 3 directly
//     (dbgen redraws).
//   - Cardinalities at fractional SF are floor(base·SF), at least 1.
//   - O_TOTALPRICE truncates each line's extendedprice·(1-discount)·(1+tax)
//     to cents before summing.
//
// Parquet output (WriteParquet) writes one zstd file per table with row
// groups of RowGroupRows rows (for lineitem, about that many: row groups
// hold whole orders), min/max statistics and a page index; low-cardinality
// columns are dictionary-encoded, others PLAIN.
package tpchgen
