package bench_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// nestedSrc builds rows of LIST, STRUCT and MAP columns with every kind of
// nested NULL: NULL lists, empty lists, NULL elements, NULL structs, NULL
// struct fields, NULL maps, empty maps and NULL map values. The SQL is the
// same in lhsql and DuckDB.
const nestedSrc = `SELECT i,
  CASE WHEN i % 5 = 0 THEN NULL WHEN i % 5 = 1 THEN [] ELSE [i, NULL, i * 2] END AS l,
  CASE WHEN i % 4 = 0 THEN NULL ELSE {'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || i::VARCHAR END} END AS s,
  CASE WHEN i % 6 = 0 THEN NULL WHEN i % 6 = 1 THEN MAP {} ELSE MAP {'k': i, 'z': NULL} END::MAP(VARCHAR, BIGINT) AS m,
  CASE WHEN i % 7 = 0 THEN NULL ELSE [{'a': i, 'b': 'q'}, NULL, {'a': NULL, 'b': NULL}] END AS ls,
  CASE WHEN i % 3 = 0 THEN [[1, 2], [], NULL, [NULL]] ELSE [[i]] END AS ll,
  {'p': [i, i + 1], 'q': {'r': CASE WHEN i % 2 = 0 THEN NULL ELSE i END}} AS sl,
  CASE WHEN i % 2 = 0 THEN ['a', NULL, ''] ELSE NULL END AS lv,
  [DATE '2024-01-01' + i::INTEGER, NULL] AS ld,
  [(i * 1.5)::DECIMAL(9,2)] AS ldec,
  [1, 2] AS cl, {'x': 'c', 'y': NULL::INTEGER} AS cs, MAP {'a': 1} AS cm, NULL::INTEGER[] AS cn
FROM range(0, 3000) t(i)`

// nestedCasts renders the columns of nestedSrc as text.
const nestedCasts = "i, l::VARCHAR, s::VARCHAR, m::VARCHAR, ls::VARCHAR, ll::VARCHAR, sl::VARCHAR, lv::VARCHAR, ld::VARCHAR, ldec::VARCHAR, cl::VARCHAR, cs::VARCHAR, cm::VARCHAR, cn::VARCHAR"

// TestDuckDBReadsNestedFiles writes nested columns with lhsql's COPY and
// checks that DuckDB reads exactly the rows DuckDB computes from the same
// query, with the same types, and that leaf columns carry statistics.
func TestDuckDBReadsNestedFiles(t *testing.T) {
	lh, duck := openBoth(t)
	dir := t.TempDir()
	for _, codec := range []string{"snappy", "zstd", "uncompressed"} {
		out := filepath.Join(dir, "nested_"+codec+".parquet")
		exec(t, lh, fmt.Sprintf("COPY (%s) TO '%s' (FORMAT parquet, COMPRESSION %s, ROW_GROUP_SIZE 1000)", nestedSrc, out, codec))
		back := fmt.Sprintf("read_parquet('%s')", out)
		sameRows(t, duck, "nested "+codec, "("+nestedSrc+")", back)
		wantTypes := strRows(t, duck, "SELECT column_name, column_type FROM (DESCRIBE "+nestedSrc+")")
		gotTypes := strRows(t, duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+back+")")
		if strings.Join(wantTypes, ",") != strings.Join(gotTypes, ",") {
			t.Errorf("%s: DuckDB sees types\n%v\nwant\n%v", codec, gotTypes, wantTypes)
		}
		// Rendered text, row by row.
		want := strRows(t, duck, "SELECT "+nestedCasts+" FROM ("+nestedSrc+") ORDER BY i")
		got := strRows(t, duck, "SELECT "+nestedCasts+" FROM "+back+" ORDER BY i")
		if len(got) != len(want) {
			t.Fatalf("%s: DuckDB read %d rows, want %d", codec, len(got), len(want))
		}
		for r := range min(len(want), len(got)) {
			if want[r] != got[r] {
				t.Fatalf("%s row %d:\nfile  %s\nquery %s", codec, r, got[r], want[r])
			}
		}
		// Every leaf with a non-NULL value has min/max statistics.
		if n := oneInt(t, duck, fmt.Sprintf(`SELECT count(*) FROM parquet_metadata('%s')
			WHERE stats_null_count < num_values AND (stats_min_value IS NULL OR stats_max_value IS NULL)`, out)); n != 0 {
			t.Errorf("%s: %d leaf column chunks with values but without min/max statistics", codec, n)
		}
		if n := oneInt(t, duck, fmt.Sprintf("SELECT count(DISTINCT path_in_schema) FROM parquet_metadata('%s')", out)); n != 20 {
			t.Errorf("%s: %d leaf columns, want 20", codec, n)
		}
	}
	// lhsql reads its own nested file back identically.
	out := filepath.Join(dir, "nested_snappy.parquet")
	want := strRows(t, lh, "SELECT "+nestedCasts+" FROM ("+nestedSrc+") ORDER BY i")
	if err := drain(lh, fmt.Sprintf("SELECT %s FROM read_parquet('%s')", nestedCasts, out)); err != nil {
		t.Fatal(err)
	}
	got := strRows(t, lh, fmt.Sprintf("SELECT %s FROM read_parquet('%s') ORDER BY i", nestedCasts, out))
	if len(got) != len(want) {
		t.Fatalf("lhsql read %d rows, want %d", len(got), len(want))
	}
	for r := range want {
		if got[r] != want[r] {
			t.Fatalf("lhsql row %d:\nfile  %s\nquery %s", r, got[r], want[r])
		}
	}
}

// drain runs q and reads every row, returning the first error.
func drain(db *sql.DB, q string) error {
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// TestLhsqlReadsDuckDBNestedFiles has DuckDB write the columns of
// nestedSrc, plus deeper nesting, over enough rows that leaves span many
// pages and row groups are read in several batches, with V1 and V2 pages
// and several codecs; lhsql must read every value as DuckDB does.
func TestLhsqlReadsDuckDBNestedFiles(t *testing.T) {
	lh, duck := openBoth(t)
	dir := t.TempDir()
	const deep = `,
  CASE WHEN i % 9 = 0 THEN NULL
       ELSE [MAP {'m': {'a': [i, NULL], 'b': CASE WHEN i % 2 = 0 THEN NULL ELSE [[i % 3, NULL], []] END}}, NULL, MAP {}] END AS deep,
  CASE WHEN i % 4 = 0 THEN NULL ELSE [[{'x': [i % 5], 'y': NULL::VARCHAR}], NULL, [NULL]] END AS deep2`
	src := strings.Replace(nestedSrc, "FROM range(0, 3000) t(i)", deep+"\nFROM range(0, 60000) t(i)", 1)
	casts := nestedCasts + ", deep::VARCHAR, deep2::VARCHAR"
	for _, w := range []struct{ label, opts string }{
		{"v1_snappy", "ROW_GROUP_SIZE 25000"},
		{"v2_zstd", "ROW_GROUP_SIZE 40000, PARQUET_VERSION V2, COMPRESSION zstd"},
		{"v1_uncompressed_small_groups", "ROW_GROUP_SIZE 3000, COMPRESSION uncompressed"},
	} {
		t.Run(w.label, func(t *testing.T) {
			file := filepath.Join(dir, w.label+".parquet")
			exec(t, duck, fmt.Sprintf("COPY (%s) TO '%s' (FORMAT parquet, %s)", src, file, w.opts))
			q := fmt.Sprintf("SELECT %s FROM read_parquet('%s') ORDER BY i", casts, file)
			if err := drain(lh, q); err != nil {
				t.Fatal(err)
			}
			compareRendered(t, strRows(t, lh, q), strRows(t, duck, q))
			// Scans of single fields of structs and of lists beside a
			// flat column.
			q = fmt.Sprintf("SELECT i, s.b, list_count(l), sl.q.r, cardinality(m) FROM read_parquet('%s') ORDER BY i", file)
			compareRendered(t, strRows(t, lh, q), strRows(t, duck, q))
		})
	}
}
