package bench_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// duckTypes are the columns DuckDB writes for TestLhsqlReadsDuckDBTypes:
// a name, an expression over i (0..n-1; rows 0 and 1 hold the type's
// extremes where the expression says so) and, when lhsql reads the column
// as another type than DuckDB, the DuckDB cast that renders it the same
// way.
var duckTypes = []struct {
	name, expr, duckRender string
}{
	{"c_bool", "i % 3 = 0", ""},
	{"c_tinyint", "CASE i WHEN 0 THEN -128 WHEN 1 THEN 127 ELSE i % 100 - 50 END::TINYINT", ""},
	{"c_smallint", "CASE i WHEN 0 THEN -32768 WHEN 1 THEN 32767 ELSE i * 37 - 5000 END::SMALLINT", ""},
	{"c_integer", "CASE i WHEN 0 THEN -2147483648 WHEN 1 THEN 2147483647 ELSE i * 100003 - 7 END::INTEGER", ""},
	{"c_bigint", "CASE i WHEN 0 THEN -9223372036854775808 WHEN 1 THEN 9223372036854775807 ELSE i * 10000000019 END::BIGINT", ""},
	{"c_utinyint", "CASE i WHEN 1 THEN 255 ELSE i % 200 END::UTINYINT", ""},
	{"c_usmallint", "CASE i WHEN 1 THEN 65535 ELSE i * 100 END::USMALLINT", ""},
	{"c_uinteger", "CASE i WHEN 1 THEN 4294967295 ELSE i * 8000000 END::UINTEGER", ""},
	{"c_ubigint", "CASE i WHEN 1 THEN 18446744073709551615 ELSE i::UBIGINT * 30000000000000000 END::UBIGINT", ""},
	{"c_dec4", "(i * 0.37 - 90)::DECIMAL(4,2)", ""},
	{"c_dec9", "CASE i WHEN 0 THEN -9999999.99 WHEN 1 THEN 9999999.99 ELSE i * 1234.56 END::DECIMAL(9,2)", ""},
	{"c_dec18", "CASE i WHEN 0 THEN -999999999999999.999 WHEN 1 THEN 999999999999999.999 ELSE i * 123456.789 END::DECIMAL(18,3)", ""},
	{"c_dec38", "(i * 12345.0123456789 - 99999)::DECIMAL(38,10)", ""},
	{"c_float", "CASE i WHEN 0 THEN -3.4e38 WHEN 1 THEN 'inf' ELSE i / 7 END::FLOAT", ""},
	{"c_double", "CASE i WHEN 0 THEN -1.7e308 WHEN 1 THEN 'nan' ELSE i / 3 END::DOUBLE", ""},
	{"c_date", "CASE i WHEN 0 THEN DATE '0001-01-01' WHEN 1 THEN DATE '9999-12-31' ELSE DATE '1970-01-01' + (i * 97)::INTEGER END", ""},
	{"c_time", "CASE i WHEN 1 THEN TIME '23:59:59.999999' ELSE TIME '00:00:00' + INTERVAL (i * 397) SECOND END", ""},
	{"c_ts", "TIMESTAMP '1969-12-31 23:59:59.999999' + INTERVAL (i * 3600007) MICROSECOND", ""},
	{"c_ts_ms", "(TIMESTAMP '2001-02-03 04:05:06.789' + INTERVAL (i * 86400123) MILLISECOND)::TIMESTAMP_MS", "::TIMESTAMP"},
	{"c_ts_s", "(TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i) DAY)::TIMESTAMP_S", "::TIMESTAMP"},
	{"c_ts_ns", "(TIMESTAMP '1999-12-31 23:59:59.123456' + INTERVAL (i * 1000001) MICROSECOND)::TIMESTAMP_NS", "::TIMESTAMP"},
	{"c_tstz", "(TIMESTAMP '2020-06-01 12:00:00.5' + INTERVAL (i) MINUTE)::TIMESTAMPTZ", ""},
	{"c_uuid", "('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID", ""},
	{"c_blob", "CASE WHEN i % 5 = 0 THEN ''::BLOB ELSE ('\\x' || lpad((i % 256)::VARCHAR, 3, '0') || 'ab\\x00z')::BLOB END", ""},
	{"c_varchar", "CASE WHEN i % 5 = 0 THEN '' ELSE 'väl ' || i::VARCHAR || repeat('x', (i % 40)::INTEGER) END", ""},
	{"c_enum", "(['a', 'b', 'c'])[(i % 3 + 1)::INTEGER]::ENUM('a', 'b', 'c')", "::VARCHAR"},
	{"c_timetz", "(TIME '12:34:56.5' + INTERVAL (i) SECOND)::TIMETZ", "::TIME"},
	{"c_hugeint_small", "(i * 1000003 - 7)::HUGEINT", ""},
	{"c_json", "('{\"k\": ' || i::VARCHAR || '}')::JSON", ""},
	{"c_interval", "INTERVAL (i) DAY + INTERVAL (i % 13) MONTH + INTERVAL (i * 1001) MILLISECOND", ""},
}

// duckNested are nested columns (with NULL and empty lists, NULL
// elements and NULL struct fields): lhsql must read them identically.
var duckNested = []struct{ name, expr string }{
	{"n_list", "CASE WHEN i % 5 = 1 THEN [] ELSE [i::INTEGER, NULL, (i * 2)::INTEGER] END"},
	{"n_struct", "{'a': i::INTEGER, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || i::VARCHAR END}"},
	{"n_map", "CASE WHEN i % 6 = 1 THEN MAP {} ELSE MAP {'k': i, 'z': NULL} END::MAP(VARCHAR, BIGINT)"},
	{"n_list_struct", "[{'a': i::INTEGER}, NULL]"},
	{"n_list_list", "[[i::INTEGER], [], NULL]"},
}

// TestLhsqlReadsDuckDBTypes has DuckDB write one column of every type it
// writes (with NULLs in every column) and checks that lhsql reads each
// value as DuckDB does, comparing both engines' VARCHAR rendering.
func TestLhsqlReadsDuckDBTypes(t *testing.T) {
	lh, duck := openBoth(t)
	dir := t.TempDir()
	const n = 500
	var items []string
	for k, c := range duckTypes {
		items = append(items, fmt.Sprintf("CASE WHEN i %% 11 = %d THEN NULL ELSE %s END AS %s", 2+k%9, c.expr, c.name))
	}
	for k, c := range duckNested {
		items = append(items, fmt.Sprintf("CASE WHEN i %% 7 = %d THEN NULL ELSE %s END AS %s", 2+k%5, c.expr, c.name))
	}
	exec(t, duck, "SET TimeZone = 'UTC'")
	// DuckDB's default (V1 pages, snappy) and V2 data pages with DELTA
	// encodings and zstd.
	for _, w := range []struct{ label, opts string }{
		{"v1", ""},
		{"v2", ", PARQUET_VERSION V2, COMPRESSION zstd"},
	} {
		file := filepath.Join(dir, "duck_types_"+w.label+".parquet")
		exec(t, duck, fmt.Sprintf("COPY (SELECT i, %s FROM range(0, %d) t(i)) TO '%s' (FORMAT parquet, ROW_GROUP_SIZE 200%s)",
			strings.Join(items, ", "), n, file, w.opts))
		src := fmt.Sprintf("read_parquet('%s')", file)
		for _, c := range duckTypes {
			t.Run(w.label+"/"+c.name, func(t *testing.T) {
				want := strRows(t, duck, fmt.Sprintf("SELECT i, CAST(%s%s AS VARCHAR) FROM %s ORDER BY i", c.name, c.duckRender, src))
				got := strRows(t, lh, fmt.Sprintf("SELECT i, CAST(%s AS VARCHAR) FROM %s ORDER BY i", c.name, src))
				if bug := knownBugs[w.label+"/"+c.name]; bug != "" {
					if diffRows(got, want) == 0 {
						t.Fatalf("known bug no longer reproduces, remove it from knownBugs: %s", bug)
					}
					t.Skipf("known bug (%d of %d rows wrong): %s", diffRows(got, want), len(want), bug)
				}
				compareRendered(t, got, want)
			})
		}
		for _, c := range duckNested {
			t.Run(w.label+"/"+c.name, func(t *testing.T) {
				q := fmt.Sprintf("SELECT i, CAST(%s AS VARCHAR) FROM %s ORDER BY i", c.name, src)
				if err := drain(lh, q); err != nil {
					t.Fatal(err)
				}
				compareRendered(t, strRows(t, lh, q), strRows(t, duck, q))
			})
		}
	}
}

// knownBugs are reader bugs this test found that are not fixed yet; a
// listed case is skipped while it still fails and fails once it passes.
//
// None are open: the INT32 DELTA_BINARY_PACKED pages with 33-bit deltas
// that DuckDB writes (v2/c_integer, v2/c_uinteger) are decoded by
// storage/parquet's own 64-bit delta decoder.
var knownBugs = map[string]string{}

// diffRows counts the rows that differ (all of them when the counts do).
func diffRows(got, want []string) int {
	if len(got) != len(want) {
		return max(len(got), len(want))
	}
	n := 0
	for r := range want {
		if got[r] != want[r] {
			n++
		}
	}
	return n
}

func compareRendered(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("lhsql read %d rows, DuckDB %d", len(got), len(want))
	}
	bad := 0
	for r := range want {
		if got[r] != want[r] {
			if bad < 5 {
				t.Errorf("row %d: lhsql %q, DuckDB %q", r, got[r], want[r])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rows differ", bad, len(want))
	}
}

// TestLhsqlRejectsOutOfRange checks that values lhsql cannot hold (DECIMAL
// beyond 64 bits, HUGEINT) give a clear error rather than wrong values.
func TestLhsqlRejectsOutOfRange(t *testing.T) {
	lh, duck := openBoth(t)
	dir := t.TempDir()
	tests := []struct {
		name, expr, err string
	}{
		{"dec38_big", "CASE WHEN i = 3 THEN 12345678901234567890.1234567890 ELSE i END::DECIMAL(38,10)", "DECIMAL"},
		{"dec38_neg", "CASE WHEN i = 3 THEN -99999999999999999999999999.9 ELSE i END::DECIMAL(38,1)", "DECIMAL"},
		{"hugeint", "CASE WHEN i = 3 THEN 170141183460469231731687303715884105727 ELSE i END::HUGEINT", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, tc.name+".parquet")
			exec(t, duck, fmt.Sprintf("COPY (SELECT i, %s AS v FROM range(0, 5) t(i)) TO '%s' (FORMAT parquet)", tc.expr, file))
			q := fmt.Sprintf("SELECT i, CAST(v AS VARCHAR) FROM read_parquet('%s') ORDER BY i", file)
			err := drain(lh, q)
			if err == nil {
				// Readable only if every value is right.
				compareRendered(t, strRows(t, lh, q), strRows(t, duck, q))
				return
			}
			if !strings.Contains(err.Error(), file) || (tc.err != "" && !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("error %q should name the file and %q", err, tc.err)
			}
			t.Logf("lhsql: %v", err)
		})
	}
}
