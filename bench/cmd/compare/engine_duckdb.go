package main

import (
	"database/sql"

	"github.com/duckdb/duckdb-go/v2"
)

func init() {
	engineOpeners["duckdb"] = func() (*sql.DB, error) { return sql.Open("duckdb", "") }
	renderers = append(renderers, func(v any) (rvalue, bool) {
		switch x := v.(type) {
		case duckdb.Decimal:
			return rvalue{K: "s", S: fixedDecimal(x.Value, int(x.Scale))}, true
		case duckdb.UUID:
			return rvalue{K: "s", S: x.String()}, true
		}
		return rvalue{}, false
	})
}
