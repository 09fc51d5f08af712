package sql_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/storage/remote/remotetest"
)

// remoteRows runs q and renders its rows.
func remoteRows(c *lsql.Conn, q string) ([]string, error) {
	r, err := c.Query(context.Background(), q)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for {
		ch, err := r.Next()
		if err != nil {
			return nil, err
		}
		if ch == nil {
			return out, nil
		}
		for i := 0; i < ch.Len; i++ {
			var b strings.Builder
			for _, col := range ch.Cols {
				fmt.Fprintf(&b, "%s|", col.Get(i).String())
			}
			out = append(out, b.String())
		}
	}
}

func mustRows(t *testing.T, c *lsql.Conn, q string) []string {
	t.Helper()
	rows, err := remoteRows(c, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

func remoteTPCHDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "tpch")
	if _, err := os.Stat(filepath.Join(dir, "data", "sf0.01", "lineitem.parquet")); err != nil {
		t.Skipf("TPC-H data not available: %v", err)
	}
	return dir
}

// TestRemoteSQL runs TPC-H queries over S3 and HTTP and compares them with
// the same queries over the local files.
func TestRemoteSQL(t *testing.T) {
	tpch := remoteTPCHDir(t)
	data := filepath.Join(tpch, "data", "sf0.01")
	s3 := remotetest.StartS3(t, "lake")
	fs := remotetest.NewFileServer(t)
	for _, tbl := range []string{"lineitem", "orders", "customer", "nation", "region", "supplier", "part", "partsupp"} {
		s3.PutFile(t, "lake", "tpch/"+tbl+".parquet", filepath.Join(data, tbl+".parquet"))
		fs.PutFile(t, "/"+tbl+".parquet", filepath.Join(data, tbl+".parquet"))
	}
	s3.PutFile(t, "lake", "tpch/part=1/extra.parquet", filepath.Join(data, "lineitem.parquet"))

	ldb, _ := lsql.Open(":memory:")
	local := ldb.Conn()
	rdb, _ := lsql.Open(":memory:")
	rc := rdb.Conn()
	cacheDir := t.TempDir()
	t.Cleanup(func() {
		remote.SetCacheSize(0)
		remote.CloseCaches()
		remote.DropSecret("lake", true)
		remote.DropSecret("wrong", true)
	})
	setup := []string{
		"SET cache_dir = '" + cacheDir + "'",
		"SET cache_size = '1GB'",
		fmt.Sprintf("CREATE SECRET lake (TYPE s3, KEY_ID '%s', SECRET '%s', REGION 'us-east-1', ENDPOINT '%s', URL_STYLE 'path', USE_SSL false)",
			s3.Access, s3.Secret, s3.Endpoint),
	}
	for _, q := range setup {
		mustRows(t, rc, q)
	}
	for _, tbl := range []string{"lineitem", "orders", "customer", "nation", "region", "supplier", "part", "partsupp"} {
		mustRows(t, local, fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_parquet('%s')", tbl, filepath.Join(data, tbl+".parquet")))
		mustRows(t, rc, fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_parquet('s3://lake/tpch/%s.parquet')", tbl, tbl))
	}
	for _, q := range []string{"q01", "q03", "q05", "q06", "q10"} {
		b, err := os.ReadFile(filepath.Join(tpch, "queries", q+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		want := mustRows(t, local, string(b))
		for _, run := range []string{"cold", "warm"} {
			got := mustRows(t, rc, string(b))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s over S3 (%s) differs from local:\n%v\nwant\n%v", q, run, got, want)
			}
		}
	}

	tests := []struct {
		name, remote, local string
	}{
		{"http", fmt.Sprintf("SELECT count(*), sum(l_quantity), min(l_shipdate) FROM '%s/lineitem.parquet'", fs.URL),
			fmt.Sprintf("SELECT count(*), sum(l_quantity), min(l_shipdate) FROM '%s'", filepath.Join(data, "lineitem.parquet"))},
		{"s3 glob", "SELECT count(*) FROM read_parquet('s3://lake/tpch/line*.parquet')",
			fmt.Sprintf("SELECT count(*) FROM '%s'", filepath.Join(data, "lineitem.parquet"))},
		{"s3 recursive glob", "SELECT count(*) FROM read_parquet('s3://lake/**/*.parquet') WHERE false",
			"SELECT 0"},
		{"s3 deep glob", "SELECT count(*) FROM read_parquet('s3://lake/tpch/*/extra.parquet')",
			fmt.Sprintf("SELECT count(*) FROM '%s'", filepath.Join(data, "lineitem.parquet"))},
		{"s3 list", "SELECT count(*) FROM read_parquet(['s3://lake/tpch/nation.parquet', 's3://lake/tpch/nation.parquet'])",
			fmt.Sprintf("SELECT 2 * count(*) FROM '%s'", filepath.Join(data, "nation.parquet"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "s3 recursive glob" {
				// Files with different schemas cannot form one table.
				if _, err := remoteRows(rc, tc.remote); err == nil || !strings.Contains(err.Error(), "s3://lake/") {
					t.Fatalf("mixed schemas: %v", err)
				}
				return
			}
			got, want := mustRows(t, rc, tc.remote), mustRows(t, local, tc.local)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}

	if _, err := remoteRows(rc, "SELECT * FROM 's3://lake/tpch/nothing*.parquet'"); err == nil || !strings.Contains(err.Error(), "No files found") {
		t.Errorf("empty glob: %v", err)
	}

	info := mustRows(t, rc, "SELECT enabled, hits > 0, size_bytes > 0, cache_dir FROM cache_info()")
	if len(info) != 1 || !strings.HasPrefix(info[0], "true|true|true|") || !strings.Contains(info[0], cacheDir) {
		t.Errorf("cache_info() = %v", info)
	}
	if got := mustRows(t, rc, "SELECT current_setting('cache_size')"); len(got) != 1 || got[0] != "1GB|" {
		t.Errorf("cache_size = %v", got)
	}

	// Secrets never show: not in duckdb_secrets(), EXPLAIN or errors.
	secrets := strings.Join(mustRows(t, rc, "SELECT * FROM duckdb_secrets()"), "\n")
	if !strings.Contains(secrets, "lake") || strings.Contains(secrets, s3.Secret) || strings.Contains(secrets, s3.Access) {
		t.Errorf("duckdb_secrets() = %s", secrets)
	}
	plan := strings.Join(mustRows(t, rc, "EXPLAIN ANALYZE SELECT count(*) FROM lineitem"), "\n")
	if strings.Contains(plan, s3.Secret) {
		t.Errorf("EXPLAIN ANALYZE shows the secret: %s", plan)
	}
	const bad = "wrong-secret-value-12345"
	mustRows(t, rc, fmt.Sprintf("CREATE SECRET wrong (TYPE s3, KEY_ID '%s', SECRET '%s', ENDPOINT '%s', URL_STYLE 'path', USE_SSL false, SCOPE 's3://lake/tpch/n')",
		s3.Access, bad, s3.Endpoint))
	_, err := remoteRows(rc, "SELECT * FROM 's3://lake/tpch/nation.parquet'")
	if err == nil || strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "s3://lake/tpch/nation.parquet") {
		t.Errorf("query with a wrong secret: %v", err)
	} else {
		t.Log(err)
	}
	// The longest matching scope wins; other objects still use "lake".
	mustRows(t, rc, "SELECT count(*) FROM 's3://lake/tpch/region.parquet'")
	mustRows(t, rc, "DROP SECRET wrong")
	mustRows(t, rc, "SELECT count(*) FROM 's3://lake/tpch/nation.parquet'")
	if _, err := remoteRows(rc, "CREATE SECRET lake (TYPE s3, KEY_ID 'x')"); err == nil {
		t.Error("duplicate secret accepted")
	}
	if _, err := remoteRows(rc, "CREATE SECRET x (TYPE gcs)"); err == nil {
		t.Error("unsupported secret type accepted")
	}

	// The cache can be turned off; reads still work.
	mustRows(t, rc, "SET cache_size = 0")
	if got := mustRows(t, rc, "SELECT enabled FROM cache_info()"); got[0] != "false|" {
		t.Errorf("cache after cache_size = 0: %v", got)
	}
	mustRows(t, rc, "SELECT count(*) FROM lineitem")
}
