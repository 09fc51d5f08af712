package main

import (
	"database/sql"
	"fmt"
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

func engineCompiled(name string) bool { return engineOpeners[name] != nil }

func openEngine(name string) (*sql.DB, error) {
	open := engineOpeners[name]
	if open == nil {
		return nil, fmt.Errorf("engine %q not compiled in", name)
	}
	db, err := open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return db, nil
}
