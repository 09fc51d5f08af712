package main

import (
	"database/sql"
	"fmt"
	"strings"
)

// engineOpeners holds the engines compiled into this binary, in the order
// they are reported; the engine files register themselves.
var engineOpeners = map[string]func() (*sql.DB, error){}

// engineOrder fixes the report order of the engines.
var engineOrder = []string{"lhsql", "duckdb"}

func compiledEngines() []string {
	var out []string
	for _, e := range engineOrder {
		if engineOpeners[e] != nil {
			out = append(out, e)
		}
	}
	return out
}

// engineCheckers verify, in the child, that an engine variant runs as asked
// (lhsql[avx512]: the simd dispatch level is avx512).
var engineCheckers = map[string]func(simd string) error{}

// splitEngine splits an engine name into the compiled engine and the SIMD
// level of a variant: "lhsql[avx512]" is lhsql run with LHSQL_SIMD=avx512,
// "lhsql" is lhsql at the level it picks itself (simd "").
func splitEngine(name string) (base, simd string) {
	if b, rest, ok := strings.Cut(name, "["); ok && strings.HasSuffix(rest, "]") {
		return b, strings.TrimSuffix(rest, "]")
	}
	return name, ""
}

// baseEngine is the compiled engine of name.
func baseEngine(name string) string {
	b, _ := splitEngine(name)
	return b
}

// withSIMD replaces the plain lhsql engine in engines by one variant per
// SIMD level (lhsql[L]), in place; without lhsql in the list they are
// appended.
func withSIMD(engines, levels []string) []string {
	if len(levels) == 0 {
		return engines
	}
	var vs []string
	for _, l := range levels {
		vs = append(vs, "lhsql["+l+"]")
	}
	var out []string
	found := false
	for _, e := range engines {
		if e == "lhsql" && !found {
			out = append(out, vs...)
			found = true
			continue
		}
		out = append(out, e)
	}
	if !found {
		out = append(out, vs...)
	}
	return out
}

// firstLhsql returns the first lhsql engine (plain or a SIMD variant) of
// engines, or "": the one profiled with -cpuprofile.
func firstLhsql(engines []string) string {
	for _, e := range engines {
		if baseEngine(e) == "lhsql" {
			return e
		}
	}
	return ""
}

// ratioPair returns the engines whose median times form the reported ratio
// and whose results are compared: the first lhsql engine against DuckDB, or
// against the second engine when DuckDB is not running (lhsql[avx512]
// against lhsql[generic]). ok is false when there is no such pair.
func ratioPair(engines []string) (a, b string, ok bool) {
	if a = firstLhsql(engines); a == "" {
		return "", "", false
	}
	for _, e := range engines {
		if e == "duckdb" {
			return a, e, true
		}
	}
	for _, e := range engines {
		if e != a {
			return a, e, true
		}
	}
	return "", "", false
}

func engineCompiled(name string) bool { return engineOpeners[baseEngine(name)] != nil }

func openEngine(name string) (*sql.DB, error) {
	base, simd := splitEngine(name)
	if simd != "" {
		check := engineCheckers[base]
		if check == nil {
			return nil, fmt.Errorf("engine %q has no SIMD levels", base)
		}
		if err := check(simd); err != nil {
			return nil, err
		}
	}
	open := engineOpeners[base]
	if open == nil {
		return nil, fmt.Errorf("engine %q not compiled in", name)
	}
	db, err := open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return db, nil
}
