// Package driver is lhsql's database/sql driver. Importing it registers the
// driver under the name "lhsql":
//
//	import (
//		"database/sql"
//
//		_ "github.com/lhsql/lhsql/driver"
//	)
//
//	db, err := sql.Open("lhsql", "")           // in-memory database
//	db, err := sql.Open("lhsql", ":memory:?threads=4")
//
// # Data source names
//
// A DSN is a database path followed by optional settings in URL query form:
// "PATH?name=value&name=value". An empty path or ":memory:" opens an
// in-memory database. Every setting is applied with SET on each new
// connection, so "?threads=4" runs "SET threads = 4". Unknown setting names
// are rejected when the DSN is parsed (by sql.Open).
//
// One *sql.DB (one Connector) owns one lhsql database; each connection of
// its pool is a separate lhsql session on that database, so the tables
// created on one connection are visible on the others, while SET changes
// apply to one connection only. A *sql.DB may be used from many goroutines.
//
// # Placeholders
//
// Queries take positional parameters written ? or $1, $2, ... Named
// parameters (sql.Named) are not supported.
//
// # Go types of parameters
//
//	Go value                                 SQL type
//	nil                                      NULL
//	bool                                     BOOLEAN
//	int, int8, int16, int32, int64           BIGINT
//	uint, uint8, uint16, uint32, uint64      BIGINT, or UBIGINT above math.MaxInt64
//	float64                                  DOUBLE
//	float32                                  FLOAT
//	string                                   VARCHAR
//	[]byte                                   BLOB
//	time.Time                                TIMESTAMP (the instant, in UTC)
//	time.Duration                            INTERVAL (microseconds)
//	vector.Value                             its own type
//
// Values implementing driver.Valuer, pointers and named types whose
// underlying type is listed above are converted by database/sql first.
//
// # Go types of results
//
//	SQL type                                 Go value (Rows.Scan source)
//	NULL (any type)                          nil
//	BOOLEAN                                  bool
//	TINYINT .. BIGINT, UTINYINT .. UINTEGER  int64
//	HUGEINT                                  int64
//	UBIGINT                                  uint64
//	FLOAT, DOUBLE                            float64
//	DECIMAL(p,s)                             string, fixed-point with exactly s
//	                                         decimals, e.g. "12.50" (exact; Scan
//	                                         into a float64 or int64 also works
//	                                         through database/sql's conversion)
//	VARCHAR, UUID                            string
//	BLOB                                     []byte
//	DATE                                     time.Time, midnight UTC
//	TIME                                     time.Time on 0000-01-01, UTC
//	TIMESTAMP, TIMESTAMPTZ                   time.Time in UTC
//	INTERVAL                                 string as DuckDB renders it, e.g.
//	                                         "1 year 2 months 3 days 04:05:06"
//	LIST, STRUCT, MAP                        string as DuckDB renders it, e.g.
//	                                         "[1, 2]"
//
// Rows.ColumnTypes reports the SQL type name (DatabaseTypeName, e.g.
// "BIGINT", "DECIMAL", "TIMESTAMPTZ"), the Go scan type above, precision and
// scale for DECIMAL, and nullable = true for every column (lhsql does not
// track result nullability).
//
// # Time zones
//
// A session's TimeZone setting (SET TimeZone = 'America/New_York'; UTC by
// default) governs TIMESTAMPTZ text (CAST to VARCHAR), parsing of
// TIMESTAMPTZ text without an offset, and conversions between TIMESTAMPTZ
// and TIMESTAMP or DATE, as in DuckDB with ICU. TIMESTAMPTZ values still
// scan as time.Time in UTC: the instant does not depend on the setting;
// call In on the value for another zone. The setting belongs to one
// connection, so pin one with DB.Conn when you rely on it. Zone names are
// resolved with Go's time package from the system's zoneinfo; programs
// running where that is missing should import time/tzdata (the lhsql
// binary does).
//
// # Cancellation
//
// The context passed to QueryContext or ExecContext governs the whole
// query, including reading its rows: when it is done the query is stopped,
// its resources released, and Next or Exec returns the context's error.
package driver
