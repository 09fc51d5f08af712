package plan

import (
	"fmt"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/vector"
)

// This file binds nested-type syntax: LIST and STRUCT literals, indexing
// and slicing, and nested type names.

// TypeFromAST converts a parsed type name to a vector.Type.
func TypeFromAST(t *parser.TypeName) (vector.Type, error) {
	if t.Array > 0 || len(t.Fields) > 0 || t.KeyType != nil {
		return vector.Type{}, fmt.Errorf("nested type %s is not supported yet", t.Name)
	}
	return vector.ParseTypeName(t.Name, t.Params)
}

func (b *Binder) bindList(x *parser.ListExpr, ctx *exprCtx) (Expr, error) {
	return nil, b.errorf(x.Pos, "LIST literal is not supported yet")
}

func (b *Binder) bindStruct(x *parser.StructExpr, ctx *exprCtx) (Expr, error) {
	return nil, b.errorf(x.Pos, "STRUCT literal is not supported yet")
}

func (b *Binder) bindIndex(x *parser.IndexExpr, ctx *exprCtx) (Expr, error) {
	return nil, b.errorf(x.Pos, "indexing is not supported yet")
}
