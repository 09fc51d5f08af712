package sql_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	lsql "github.com/lhsql/lhsql/sql"
	"github.com/lhsql/lhsql/vector"
)

// sharedDir returns ../shared relative to the repository root, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "tpch")); err != nil {
		t.Skipf("skipping: %s not present (TPC-H data and answers live in ../shared)", shared)
	}
	return shared
}

var tpchTables = []string{"customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"}

// tpchConn opens a database with views over the TPC-H Parquet files.
func tpchConn(t testing.TB, dataDir string) *lsql.Conn {
	t.Helper()
	db, err := lsql.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	c := db.Conn()
	for _, tbl := range tpchTables {
		q := fmt.Sprintf("CREATE VIEW %s AS SELECT * FROM read_parquet('%s')", tbl, filepath.Join(dataDir, tbl+".parquet"))
		if _, err := c.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return c
}

// queryStrings runs q and renders every value as a string; doubles are
// marked so the comparison can use a tolerance.
func queryStrings(c *lsql.Conn, q string) (cols []string, rows [][]string, isFloat []bool, err error) {
	r, err := c.Query(context.Background(), q)
	if err != nil {
		return nil, nil, nil, err
	}
	defer r.Close()
	for _, t := range r.Types {
		isFloat = append(isFloat, t.ID == vector.TypeDouble || t.ID == vector.TypeFloat)
	}
	for {
		ch, err := r.Next()
		if err != nil {
			return nil, nil, nil, err
		}
		if ch == nil {
			break
		}
		for i := 0; i < ch.Len; i++ {
			row := make([]string, len(ch.Cols))
			for j, col := range ch.Cols {
				v := col.Get(i)
				if v.Null {
					row[j] = "" // as DuckDB's CSV writer renders NULL
				} else {
					row[j] = v.String()
				}
			}
			rows = append(rows, row)
		}
	}
	return r.Columns, rows, isFloat, nil
}

// readAnswer reads a '|'-separated answer file. DuckDB writes NULL as an
// empty field, so an empty line is a row holding one NULL.
func readAnswer(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, line := range lines {
		rd := csv.NewReader(strings.NewReader(line))
		rd.Comma = '|'
		rd.LazyQuotes = true
		rec, err := rd.Read()
		if err == io.EOF {
			rec, err = []string{""}, nil
		}
		if err != nil {
			t.Fatalf("%s:%d: %v", path, i+1, err)
		}
		if i == 0 {
			header = rec
		} else {
			rows = append(rows, rec)
		}
	}
	return header, rows
}

// valuesEqual compares as FORMAT.md section 1 says: exact strings, doubles
// within 1e-9 relative.
func valuesEqual(got, want string, float bool) bool {
	if got == want {
		return true
	}
	if !float {
		return false
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	if g == w {
		return true
	}
	return math.Abs(g-w) <= 1e-9*math.Max(math.Abs(g), math.Abs(w))
}

func TestTPCH(t *testing.T) {
	shared := sharedDir(t)
	for _, sf := range []string{"sf0.01", "sf0.1"} {
		t.Run(sf, func(t *testing.T) {
			if testing.Short() && sf != "sf0.01" {
				t.Skip("-short: only sf0.01")
			}
			c := tpchConn(t, filepath.Join(shared, "tpch", "data", sf))
			for q := 1; q <= 22; q++ {
				name := fmt.Sprintf("q%02d", q)
				t.Run(name, func(t *testing.T) {
					text, err := os.ReadFile(filepath.Join(shared, "tpch", "queries", name+".sql"))
					if err != nil {
						t.Fatal(err)
					}
					header, want := readAnswer(t, filepath.Join(shared, "tpch", "answers", sf, name+".csv"))
					cols, got, isFloat, err := queryStrings(c, string(text))
					if err != nil {
						t.Fatalf("query failed: %v", err)
					}
					if strings.Join(cols, "|") != strings.Join(header, "|") {
						t.Errorf("columns = %v, want %v", cols, header)
					}
					if len(got) != len(want) {
						t.Fatalf("got %d rows, want %d", len(got), len(want))
					}
					bad := 0
					for i := range want {
						for j := range want[i] {
							if j >= len(got[i]) || !valuesEqual(got[i][j], want[i][j], isFloat[j]) {
								if bad < 5 {
									t.Errorf("row %d col %s: got %q, want %q", i, header[j], got[i][j], want[i][j])
								}
								bad++
							}
						}
					}
				})
			}
		})
	}
}
