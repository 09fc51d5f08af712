//go:build !nolhsql

package main

import (
	"database/sql"

	_ "github.com/lhsql/lhsql/driver"
)

func init() {
	engineOpeners["lhsql"] = func() (*sql.DB, error) { return sql.Open("lhsql", "") }
}
