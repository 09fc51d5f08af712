package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
)

// noopPragmas change only DuckDB internals (verification, profiling,
// checkpointing) and are accepted without effect.
var noopPragmas = map[string]bool{
	"enable_verification": true, "disable_verification": true, "enable_profiling": true, "disable_profiling": true,
	"enable_progress_bar": true, "disable_progress_bar": true, "enable_object_cache": true, "disable_object_cache": true,
	"verify_external": true, "disable_verify_external": true, "enable_checkpoint_on_shutdown": true,
	"disable_checkpoint_on_shutdown": true, "force_checkpoint": true, "checkpoint": true, "verify_parallelism": true,
	"disable_verify_parallelism": true, "enable_force_parallelism": true, "disable_force_parallelism": true,
	"verify_serializer": true, "disable_verify_serializer": true, "enable_optimizer": true, "disable_optimizer": true,
	"debug_checkpoint_abort": true, "profiling_output": true, "enable_print_progress_bar": true,
	"disable_print_progress_bar": true, "verify_fetch_row": true, "disable_verify_fetch_row": true,
}

// pragma runs PRAGMA statements: table_info / show read the catalog,
// show_tables lists tables, PRAGMA name = value sets an option.
func (c *Conn) pragma(ctx context.Context, text string, s *parser.PragmaStmt) (*Rows, error) {
	name := strings.ToLower(s.Name)
	switch name {
	case "table_info", "show":
		if len(s.Args) != 1 {
			return nil, fmt.Errorf("Binder Error: PRAGMA %s expects a table name", name)
		}
		q := &parser.SelectStmt{Body: &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.Star{Pos: -1}}},
			From:  []parser.TableRef{&parser.TableFunc{Name: "pragma_table_info", Args: s.Args, Pos: -1}},
		}}
		if cr, ok := s.Args[0].(*parser.ColumnRef); ok {
			// PRAGMA table_info(t) names the table without quotes.
			q.Body.(*parser.SelectCore).From[0].(*parser.TableFunc).Args = []parser.Expr{
				&parser.Literal{Kind: parser.LitString, Value: strings.Join(cr.Parts, "."), Pos: cr.Pos}}
		}
		return c.query(ctx, text, q, nil)
	case "show_tables", "show_tables_expanded":
		return c.showTables()
	}
	if noopPragmas[name] {
		return &Rows{}, nil
	}
	if _, ok := settings[name]; ok || name == "worker_threads" {
		if len(s.Args) != 1 {
			return nil, fmt.Errorf("Binder Error: PRAGMA %s expects one value", name)
		}
		return c.set(ctx, text, &parser.SetStmt{Name: name, Value: s.Args[0]})
	}
	return nil, fmt.Errorf("Catalog Error: Pragma Function with name %s does not exist!", name)
}
