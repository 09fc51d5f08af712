package sql_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
)

func newConn(t *testing.T) *lsql.Conn {
	t.Helper()
	db, err := lsql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	return db.Conn()
}

func mustExec(t *testing.T, c *lsql.Conn, q string) {
	t.Helper()
	if _, err := c.Exec(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// queryLines runs q and renders each row as values joined by "|".
func queryLines(t *testing.T, c *lsql.Conn, q string) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for {
		ch, err := rows.Next()
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if ch == nil {
			break
		}
		for r := 0; r < ch.Rows(); r++ {
			i := r
			if ch.Sel != nil {
				i = int(ch.Sel[r])
			}
			parts := make([]string, len(ch.Cols))
			for j, v := range ch.Cols {
				k := i
				if v.Const {
					k = 0
				}
				parts[j] = v.Get(k).String()
			}
			out = append(out, strings.Join(parts, "|"))
		}
	}
	return out
}

const copySrc = `CREATE TABLE src AS SELECT i AS id, 'name-' || (i % 7) AS name, i * 0.5 AS score,
	DATE '2024-01-01' + (i % 3)::INTEGER AS day, i % 4 AS grp,
	CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS maybe
	FROM range(0, 1000) t(i)`

func TestCopyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := []string(nil)
	tests := []struct {
		name, to, back string
	}{
		{"parquet", "COPY src TO '%s/a.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100)", "SELECT * FROM '%s/a.parquet' ORDER BY id"},
		{"parquet-snappy", "COPY (SELECT * FROM src) TO '%s/b.parquet'", "SELECT * FROM read_parquet('%s/b.parquet') ORDER BY id"},
		{"parquet-gzip", "COPY src TO '%s/c.parquet' (COMPRESSION gzip)", "SELECT * FROM '%s/c.parquet' ORDER BY id"},
		{"parquet-uncompressed", "COPY src TO '%s/d.parquet' (COMPRESSION uncompressed)", "SELECT * FROM '%s/d.parquet' ORDER BY id"},
		{"csv", "COPY src TO '%s/a.csv' (HEADER, DELIMITER '|')", "SELECT * FROM read_csv('%s/a.csv', delim='|', header=true) ORDER BY id"},
		{"csv-default", "COPY src TO '%s/b.csv'", "SELECT * FROM '%s/b.csv' ORDER BY id"},
		{"csv-gzip", "COPY src TO '%s/c.csv.gz'", "SELECT count(*) FROM src"},
		{"json", "COPY src TO '%s/a.json'", "SELECT * FROM '%s/a.json' ORDER BY id"},
	}
	c := newConn(t)
	mustExec(t, c, copySrc)
	want = queryLines(t, c, "SELECT * FROM src ORDER BY id")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := strings.ReplaceAll(tc.to, "%s", dir)
			mustExec(t, c, to)
			back := strings.ReplaceAll(tc.back, "%s", dir)
			got := queryLines(t, c, back)
			exp := want
			if strings.HasPrefix(back, "SELECT count") {
				exp = []string{"1000"}
			}
			if len(got) != len(exp) {
				t.Fatalf("got %d rows, want %d", len(got), len(exp))
			}
			for i := range got {
				if got[i] != exp[i] {
					t.Fatalf("row %d: got %q, want %q", i, got[i], exp[i])
				}
			}
		})
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("leftover temp file %s", e.Name())
		}
	}
}

func TestCopyPartitioned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	c := newConn(t)
	mustExec(t, c, copySrc)
	mustExec(t, c, "COPY src TO '"+dir+"' (FORMAT parquet, PARTITION_BY (grp, day))")
	var files []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	if len(files) != 12 || files[0] != "grp=0/day=2024-01-01/data_0.parquet" {
		t.Fatalf("files = %v", files)
	}
	// A non-empty directory needs OVERWRITE_OR_IGNORE.
	if _, err := c.Exec(context.Background(), "COPY src TO '"+dir+"' (FORMAT parquet, PARTITION_BY (grp))"); err == nil ||
		!strings.Contains(err.Error(), "OVERWRITE_OR_IGNORE") {
		t.Fatalf("want not-empty error, got %v", err)
	}
	mustExec(t, c, "COPY src TO '"+dir+"' (FORMAT parquet, PARTITION_BY (grp, day), OVERWRITE_OR_IGNORE)")
	// Partition columns are not written into the files.
	got := queryLines(t, c, "SELECT count(*), sum(id) FROM read_parquet('"+dir+"/grp=1/*/*.parquet')")
	want := queryLines(t, c, "SELECT count(*), sum(id) FROM src WHERE grp = 1")
	if got[0] != want[0] {
		t.Fatalf("got %v, want %v", got, want)
	}
	cols := queryLines(t, c, "DESCRIBE SELECT * FROM read_parquet('"+dir+"/grp=1/day=2024-01-01/data_0.parquet', hive_partitioning=false)")
	for _, l := range cols {
		if strings.HasPrefix(l, "grp|") || strings.HasPrefix(l, "day|") {
			t.Errorf("partition column written into file: %s", l)
		}
	}
}

func TestHiveRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	c := newConn(t)
	mustExec(t, c, copySrc)
	mustExec(t, c, "COPY src TO '"+dir+"' (FORMAT parquet, PARTITION_BY (grp, day))")
	mustExec(t, c, "COPY src TO '"+dir+"_csv' (FORMAT csv, PARTITION_BY (grp))")
	tests := []struct{ got, want string }{
		// Partition columns come back typed (BIGINT, DATE) after the file columns.
		{"SELECT id, name, score, day, grp, maybe FROM '" + dir + "/**/*.parquet' ORDER BY id",
			"SELECT id, name, score, day, grp, maybe FROM src ORDER BY id"},
		{"SELECT typeof(grp), typeof(day) FROM read_parquet('" + dir + "/*/*/*.parquet') LIMIT 1",
			"SELECT 'BIGINT', 'DATE'"},
		{"SELECT count(*), sum(id) FROM read_parquet('" + dir + "/*/*/*.parquet', hive_partitioning=true) WHERE grp = 2 AND day >= DATE '2024-01-02'",
			"SELECT count(*), sum(id) FROM src WHERE grp = 2 AND day >= DATE '2024-01-02'"},
		{"SELECT count(DISTINCT filename) FROM read_parquet('" + dir + "/*/*/*.parquet', filename=true)", "SELECT 12"},
		{"SELECT id, grp FROM read_csv('" + dir + "_csv/*/*.csv') ORDER BY id", "SELECT id, grp FROM src ORDER BY id"},
		{"SELECT count(*) FROM read_csv(['" + dir + "_csv/grp=0/data_0.csv', '" + dir + "_csv/grp=1/data_0.csv'], hive_partitioning=false)",
			"SELECT count(*) FROM src WHERE grp < 2"},
	}
	for _, tc := range tests {
		got, want := queryLines(t, c, tc.got), queryLines(t, c, tc.want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %d rows %v\nwant %d rows %v", tc.got, len(got), first(got), len(want), first(want))
		}
	}
}

func TestCopyAtomic(t *testing.T) {
	dir := t.TempDir()
	c := newConn(t)
	target := filepath.Join(dir, "x.parquet")
	if err := os.WriteFile(target, []byte("old contents"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The query fails part-way (a cast error at row 500): the old file
	// stays and no temporary file is left.
	_, err := c.Exec(context.Background(), "COPY (SELECT CASE WHEN i < 500 THEN i::VARCHAR ELSE 'x' END::INTEGER AS v FROM range(0, 100000) t(i)) TO '"+target+"'")
	if err == nil {
		t.Fatal("want a conversion error")
	}
	b, _ := os.ReadFile(target)
	if string(b) != "old contents" {
		t.Fatalf("target was modified: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("directory holds %v", names)
	}
	// A failing COPY to a new name leaves nothing.
	if _, err := c.Exec(context.Background(), "COPY (SELECT 'x'::INTEGER AS v FROM range(0, 10)) TO '"+filepath.Join(dir, "y.csv")+"'"); err == nil {
		t.Fatal("want a conversion error")
	}
	if _, err := os.Stat(filepath.Join(dir, "y.csv")); !os.IsNotExist(err) {
		t.Fatalf("y.csv exists after a failed COPY: %v", err)
	}
}

func TestCopyFrom(t *testing.T) {
	dir := t.TempDir()
	c := newConn(t)
	mustExec(t, c, copySrc)
	mustExec(t, c, "COPY src TO '"+dir+"/s.parquet'")
	mustExec(t, c, "COPY src TO '"+dir+"/s.csv' (DELIMITER ';')")
	mustExec(t, c, "CREATE TABLE p AS SELECT * FROM src LIMIT 0")
	mustExec(t, c, "CREATE TABLE q AS SELECT * FROM src LIMIT 0")
	mustExec(t, c, "COPY p FROM '"+dir+"/s.parquet'")
	mustExec(t, c, "COPY q FROM '"+dir+"/s.csv' (DELIMITER ';', HEADER)")
	want := queryLines(t, c, "SELECT * FROM src ORDER BY id")
	for _, tbl := range []string{"p", "q"} {
		got := queryLines(t, c, "SELECT * FROM "+tbl+" ORDER BY id")
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: got %d rows, first %v; want %d rows, first %v", tbl, len(got), first(got), len(want), first(want))
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
