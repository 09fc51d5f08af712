package sql

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// show runs SHOW name / DESCRIBE name: a table or view is described; a
// name that is only a setting shows the setting's value. The
// show_behavior setting ('auto', 'table', 'setting') picks the meaning.
func (c *Conn) show(text string, s *parser.DescribeStmt, args []vector.Value) (*Rows, error) {
	if s.Query != nil || s.Table == "" {
		return c.describe(text, s, args)
	}
	behavior := "auto"
	if v, ok := c.settings["show_behavior"]; ok {
		behavior = v.Str
	}
	key := normKey(s.Table)
	c.db.mu.RLock()
	_, isTable := c.db.tables[key]
	_, isView := c.db.views[key]
	c.db.mu.RUnlock()
	setting := strings.ToLower(s.Table)
	val, isSetting := c.getSetting(setting)
	switch {
	case behavior == "setting" || (behavior == "auto" && !isTable && !isView && isSetting):
		if !isSetting {
			return nil, fmt.Errorf("Catalog Error: Setting with name \"%s\" does not exist!", s.Table)
		}
		return valueRows([]string{setting}, []vector.Type{val.Typ}, [][]vector.Value{{val}}), nil
	case isTable || isView:
		// A catalog name (possibly qualified): describe it as a query.
		q := &parser.SelectStmt{Body: &parser.SelectCore{
			Items: []*parser.SelectItem{{Expr: &parser.Star{Pos: -1}}},
			From:  []parser.TableRef{&parser.TableName{Name: key, Pos: -1}},
		}}
		return c.describe(text, &parser.DescribeStmt{Query: q}, args)
	}
	return c.describe(text, s, args)
}
