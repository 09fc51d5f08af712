package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	_ "github.com/lhsql/lhsql/driver"
)

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("lhsql", dsn)
	if err != nil {
		t.Fatalf("sql.Open(%q): %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queryOne runs a one-row, one-column query and returns the value and the
// column's type.
func queryOne(t *testing.T, db *sql.DB, query string, args ...any) (any, *sql.ColumnType) {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("Query(%q): %v", query, err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	if len(cts) != 1 {
		t.Fatalf("Query(%q): %d columns, want 1", query, len(cts))
	}
	if !rows.Next() {
		t.Fatalf("Query(%q): no row (err %v)", query, rows.Err())
	}
	var v any
	if err := rows.Scan(&v); err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if rows.Next() {
		t.Fatalf("Query(%q): more than one row", query)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return v, cts[0]
}

func TestTypeMapping(t *testing.T) {
	db := openDB(t, "")
	tests := []struct {
		query    string
		want     any
		typeName string
	}{
		{"SELECT true", true, "BOOLEAN"},
		{"SELECT 42::TINYINT", int64(42), "TINYINT"},
		{"SELECT (-300)::SMALLINT", int64(-300), "SMALLINT"},
		{"SELECT 42", int64(42), "INTEGER"},
		{"SELECT 9223372036854775807::BIGINT", int64(math.MaxInt64), "BIGINT"},
		{"SELECT 200::UTINYINT", int64(200), "UTINYINT"},
		{"SELECT '18446744073709551615'::UBIGINT", uint64(math.MaxUint64), "UBIGINT"},
		{"SELECT 1.5::FLOAT", 1.5, "FLOAT"},
		{"SELECT 0.25::DOUBLE", 0.25, "DOUBLE"},
		{"SELECT 1234.5::DECIMAL(15,2)", "1234.50", "DECIMAL"},
		{"SELECT 'héllo'", "héllo", "VARCHAR"},
		{"SELECT 'ab'::BLOB", []byte("ab"), "BLOB"},
		{"SELECT DATE '2024-02-29'", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "DATE"},
		{"SELECT TIMESTAMP '2001-02-03 04:05:06.789'", time.Date(2001, 2, 3, 4, 5, 6, 789000000, time.UTC), "TIMESTAMP"},
		{"SELECT TIME '13:30:01'", time.Date(0, 1, 1, 13, 30, 1, 0, time.UTC), "TIME"},
		{"SELECT INTERVAL '3 days'", "3 days", "INTERVAL"},
		{"SELECT NULL::INTEGER", nil, "INTEGER"},
		{"SELECT NULL::VARCHAR", nil, "VARCHAR"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, ct := queryOne(t, db, tt.query)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("value = %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
			if ct.DatabaseTypeName() != tt.typeName {
				t.Errorf("DatabaseTypeName = %q, want %q", ct.DatabaseTypeName(), tt.typeName)
			}
			if tt.want != nil && ct.ScanType() != reflect.TypeOf(tt.want) {
				t.Errorf("ScanType = %v, want %T", ct.ScanType(), tt.want)
			}
		})
	}
}

func TestDecimalScan(t *testing.T) {
	db := openDB(t, "")
	var s string
	var f float64
	if err := db.QueryRow("SELECT 12.5::DECIMAL(10,3), 12.5::DECIMAL(10,3)").Scan(&s, &f); err != nil {
		t.Fatal(err)
	}
	if s != "12.500" || f != 12.5 {
		t.Errorf("DECIMAL scanned as %q and %v, want \"12.500\" and 12.5", s, f)
	}
}

func TestColumnTypes(t *testing.T) {
	db := openDB(t, "")
	rows, err := db.Query("SELECT 1::BIGINT AS a, 'x' AS b, 3.25::DECIMAL(9,2) AS c, DATE '2020-01-01' AS d")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("Columns = %q, want %q", cols, want)
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typeName string
		scan           reflect.Type
		prec, scale    int64
		decOK          bool
		length         int64
		lengthOK       bool
	}{
		{"a", "BIGINT", reflect.TypeFor[int64](), 0, 0, false, 0, false},
		{"b", "VARCHAR", reflect.TypeFor[string](), 0, 0, false, math.MaxInt64, true},
		{"c", "DECIMAL", reflect.TypeFor[string](), 9, 2, true, 0, false},
		{"d", "DATE", reflect.TypeFor[time.Time](), 0, 0, false, 0, false},
	}
	for i, tt := range tests {
		ct := cts[i]
		if ct.Name() != tt.name || ct.DatabaseTypeName() != tt.typeName || ct.ScanType() != tt.scan {
			t.Errorf("column %d = %s %s %v, want %s %s %v", i, ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), tt.name, tt.typeName, tt.scan)
		}
		p, s, ok := ct.DecimalSize()
		if p != tt.prec || s != tt.scale || ok != tt.decOK {
			t.Errorf("column %s DecimalSize = %d,%d,%v want %d,%d,%v", tt.name, p, s, ok, tt.prec, tt.scale, tt.decOK)
		}
		l, ok := ct.Length()
		if l != tt.length || ok != tt.lengthOK {
			t.Errorf("column %s Length = %d,%v want %d,%v", tt.name, l, ok, tt.length, tt.lengthOK)
		}
		if n, ok := ct.Nullable(); !n || !ok {
			t.Errorf("column %s Nullable = %v,%v", tt.name, n, ok)
		}
	}
}

type myInt int32

func TestPlaceholders(t *testing.T) {
	db := openDB(t, "")
	ts := time.Date(2023, 5, 6, 7, 8, 9, 123456000, time.UTC)
	tests := []struct {
		query string
		args  []any
		want  any
	}{
		{"SELECT ?", []any{int64(5)}, int64(5)},
		{"SELECT ? + 1", []any{5}, int64(6)},
		{"SELECT $1 * 2", []any{int32(21)}, int64(42)},
		{"SELECT $2 || $1", []any{"a", "b"}, "ba"},
		{"SELECT ? || ?", []any{"a", "b"}, "ab"},
		{"SELECT ?", []any{nil}, nil},
		{"SELECT ? IS NULL", []any{nil}, true},
		{"SELECT ?", []any{true}, true},
		{"SELECT ?", []any{2.5}, 2.5},
		{"SELECT ?", []any{"it's"}, "it's"},
		{"SELECT ?", []any{[]byte("xy")}, []byte("xy")},
		{"SELECT ?", []any{ts}, ts},
		{"SELECT ?", []any{ts.In(time.FixedZone("X", -7200))}, ts},
		{"SELECT ?", []any{uint64(math.MaxUint64)}, uint64(math.MaxUint64)},
		{"SELECT ?", []any{uint8(200)}, int64(200)},
		{"SELECT ?", []any{myInt(9)}, int64(9)},
		{"SELECT ?::INTEGER + 1", []any{"12"}, int64(13)},
		{"SELECT CAST(? AS DOUBLE)", []any{float32(0.5)}, 0.5},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.query, tt.args), func(t *testing.T) {
			got, _ := queryOne(t, db, tt.query, tt.args...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v (%T), want %#v (%T)", got, got, tt.want, tt.want)
			}
		})
	}
	if _, err := db.Query("SELECT ?", sql.Named("x", 1)); err == nil {
		t.Error("named parameter accepted")
	}
}

func TestTablesAcrossConnections(t *testing.T) {
	db := openDB(t, ":memory:")
	ctx := context.Background()
	if _, err := db.Exec("CREATE TABLE t (a INTEGER, b VARCHAR)"); err != nil {
		t.Fatal(err)
	}
	stmt, err := db.Prepare("INSERT INTO t VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for i := 0; i < 5; i++ {
		var b any = fmt.Sprint("v", i)
		if i == 3 {
			b = nil
		}
		res, err := stmt.Exec(i, b)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			t.Errorf("RowsAffected = %d, %v; want 1", n, err)
		}
	}
	// A second session sees the table.
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.QueryContext(ctx, "SELECT a, b FROM t ORDER BY a")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var a int
		var b sql.NullString
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s %v", a, b.String, b.Valid))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	want := []string{"0 v0 true", "1 v1 true", "2 v2 true", "3  false", "4 v4 true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %q, want %q", got, want)
	}
	// Another sql.DB is another database.
	other := openDB(t, "")
	if _, err := other.Exec("SELECT * FROM t"); err == nil {
		t.Error("table t visible from a different database")
	}
}

func TestDSNSettings(t *testing.T) {
	tests := []struct {
		dsn string
		ok  bool
	}{
		{":memory:?threads=1", true},
		{"?threads=3", true},
		// The engine rejects the value when the SET runs on connecting,
		// which shows the setting is applied.
		{":memory:?threads=0", false},
	}
	for _, tt := range tests {
		db := openDB(t, tt.dsn)
		var n int64
		err := db.QueryRow("SELECT 41 + 1").Scan(&n)
		if tt.ok && (err != nil || n != 42) {
			t.Errorf("%s: SELECT 41 + 1 = %d, %v", tt.dsn, n, err)
		}
		if !tt.ok && err == nil {
			t.Errorf("%s: connecting succeeded, want the SET to fail", tt.dsn)
		}
	}
}

func TestErrors(t *testing.T) {
	db := openDB(t, "")
	tests := []string{
		"SELEC 1",
		"SELECT * FROM no_such_table",
		"SELECT 1/0::INTEGER + 'x'",
	}
	for _, q := range tests {
		if _, err := db.Exec(q); err == nil {
			t.Errorf("Exec(%q) succeeded, want an error", q)
		}
	}
	// The connection still works afterwards.
	if v, _ := queryOne(t, db, "SELECT 1"); v != int64(1) {
		t.Errorf("SELECT 1 after errors = %v", v)
	}
}

// endless is a query that runs far longer than the tests wait unless it
// is cancelled: a cross product of 10^10 rows.
const endless = "SELECT count(*) FROM range(1000) a, range(10000000) b"

func TestCancelQuery(t *testing.T) {
	db := openDB(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		var n int64
		done <- db.QueryRowContext(ctx, endless).Scan(&n)
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("cancelled query returned %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(30 * time.Second):
		// Uncancelled, the query runs for minutes; the margin is for slow,
		// shared CI machines.
		t.Fatal("query not stopped 30s after its context expired")
	}
	// The pool is still usable.
	if v, _ := queryOne(t, db, "SELECT 2"); v != int64(2) {
		t.Errorf("SELECT 2 after cancel = %v", v)
	}
}

func TestCancelWhileReading(t *testing.T) {
	db := openDB(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT a.range FROM range(1000) a, range(10000000) b")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if n == 10 {
			cancel()
		}
		if n > 100000 {
			t.Fatal("rows kept coming long after cancel")
		}
	}
	if !errors.Is(rows.Err(), context.Canceled) {
		t.Fatalf("rows.Err() = %v, want context.Canceled", rows.Err())
	}
}

func TestConcurrentUse(t *testing.T) {
	db := openDB(t, "")
	if _, err := db.Exec("CREATE TABLE nums AS SELECT range AS x FROM range(1000)"); err != nil {
		t.Fatal(err)
	}
	const workers, iters = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				limit := w*100 + i
				var n, sum int64
				err := db.QueryRow("SELECT count(*), coalesce(sum(x), 0) FROM nums WHERE x < ?", limit).Scan(&n, &sum)
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
				wantN := int64(min(limit, 1000))
				if n != wantN || sum != wantN*(wantN-1)/2 {
					errs <- fmt.Errorf("worker %d, limit %d: count %d sum %d", w, limit, n, sum)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestTransactionStatements(t *testing.T) {
	db := openDB(t, "")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("CREATE TABLE tx_t (a INTEGER)"); err != nil {
		t.Fatal(err)
	}
	// Rows left open are closed by Commit.
	if _, err := tx.Query("SELECT * FROM tx_t"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("SELECT * FROM tx_t"); err != nil {
		t.Errorf("table created in a committed transaction: %v", err)
	}
	if _, err := db.BeginTx(context.Background(), &sql.TxOptions{Isolation: sql.LevelSerializable}); err == nil {
		t.Error("BeginTx accepted an isolation level")
	}
}
