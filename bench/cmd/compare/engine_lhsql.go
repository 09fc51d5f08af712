//go:build !nolhsql

package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "github.com/lhsql/lhsql/driver"
	"github.com/lhsql/lhsql/simd"
)

func init() {
	engineOpeners["lhsql"] = func() (*sql.DB, error) { return sql.Open("lhsql", "") }
	// The parent starts lhsql[L] children with LHSQL_SIMD=L; a level the
	// CPU lacks would be clamped silently, so it is an error here.
	engineCheckers["lhsql"] = func(level string) error {
		want, ok := simd.ParseLevel(level)
		if !ok {
			return fmt.Errorf("unknown SIMD level %q", level)
		}
		if got := simd.CurrentLevel(); got != want {
			return fmt.Errorf("lhsql[%s]: running at SIMD level %v (%s=%q; supported %v)",
				level, got, simd.EnvVar, os.Getenv(simd.EnvVar), simd.SupportedLevels())
		}
		return nil
	}
}
