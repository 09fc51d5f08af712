package sql

import (
	"context"
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/sql/parser"
	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/storage/parquet"
	"github.com/lhsql/lhsql/storage/remote"
	"github.com/lhsql/lhsql/vector"
)

// Remote reads (http(s)://, s3://) share one block cache per process, so
// cache_dir and cache_size are process-wide settings: SET in any
// connection applies to all. cache_size = 0 turns the cache off.
func init() {
	settings["cache_dir"] = setting{
		typ: vector.Varchar,
		check: func(v vector.Value) (vector.Value, error) {
			if err := remote.SetCacheDir(v.Str); err != nil {
				return v, err
			}
			return vector.StringValue(remote.CacheDir()), nil
		},
		dflt: func() vector.Value { return vector.StringValue(remote.CacheDir()) },
	}
	settings["cache_size"] = setting{
		typ: vector.Varchar,
		check: func(v vector.Value) (vector.Value, error) {
			n, err := remote.ParseSize(v.Str)
			if err != nil {
				return v, err
			}
			if err := remote.SetCacheSize(n); err != nil {
				return v, err
			}
			return vector.StringValue(v.Str), nil
		},
		dflt: func() vector.Value { return vector.StringValue(fmt.Sprint(remote.CacheSize())) },
	}
}

// expandPath expands one path argument of a file-reading function: s3://
// patterns through ListObjectsV2, other URLs as they are, local paths
// through parquet.Glob.
func expandPath(p string) ([]string, error) {
	if remote.IsRemote(p) {
		return remote.Glob(context.Background(), p)
	}
	return parquet.Glob(p)
}

// createSecret implements CREATE SECRET (TYPE s3, KEY_ID ..., SECRET ...,
// REGION ..., ENDPOINT ..., URL_STYLE ..., USE_SSL ..., SCOPE ...).
// Secrets live in the process (like DuckDB's temporary secrets) and are
// never shown: errors name options, not values.
func (c *Conn) createSecret(text string, s *parser.CreateSecretStmt) (*Rows, error) {
	sec := &remote.Secret{Name: s.Name}
	typed := false
	for _, o := range s.Options {
		var vals []string
		if o.Value != nil {
			if l, ok := o.Value.(*parser.ListExpr); ok {
				for _, it := range l.Items {
					v, err := c.constValue(text, it)
					if err != nil {
						return nil, fmt.Errorf("Invalid Input Error: CREATE SECRET option %s: %w", o.Name, err)
					}
					vals = append(vals, v.String())
				}
			} else {
				v, err := c.constValue(text, o.Value)
				if err != nil {
					return nil, fmt.Errorf("Invalid Input Error: CREATE SECRET option %s: %w", o.Name, err)
				}
				if v.Typ.IsString() {
					vals = append(vals, v.Str)
				} else {
					vals = append(vals, v.String())
				}
			}
		}
		if strings.EqualFold(o.Name, "type") {
			typed = true
		}
		if err := sec.SetOption(o.Name, vals); err != nil {
			return nil, err
		}
	}
	if !typed {
		return nil, fmt.Errorf("Invalid Input Error: CREATE SECRET needs a TYPE (s3)")
	}
	if err := remote.CreateSecret(sec, s.OrReplace, false); err != nil {
		return nil, err
	}
	return &Rows{}, nil
}

// dropSecret implements DROP SECRET [IF EXISTS] name.
func (c *Conn) dropSecret(s *parser.DropStmt) (*Rows, error) {
	for _, n := range s.Names {
		if err := remote.DropSecret(n, s.IfExists); err != nil {
			return nil, err
		}
	}
	return &Rows{}, nil
}

// cacheInfoTable is the cache_info() table function: the remote block
// cache's directory, bound, size, entries and counters since the process
// started.
func cacheInfoTable() (storage.Table, error) {
	info := remote.Info()
	schema := []storage.Column{
		{Name: "cache_dir", Type: vector.Varchar},
		{Name: "enabled", Type: vector.Boolean},
		{Name: "limit_bytes", Type: vector.BigInt},
		{Name: "size_bytes", Type: vector.BigInt},
		{Name: "entries", Type: vector.BigInt},
		{Name: "hits", Type: vector.BigInt},
		{Name: "misses", Type: vector.BigInt},
		{Name: "evictions", Type: vector.BigInt},
		{Name: "error", Type: vector.Varchar},
	}
	vals := []vector.Value{
		vector.StringValue(info.Dir), vector.BoolValue(info.Enabled), vector.IntValue(info.Limit),
		vector.IntValue(info.Size), vector.IntValue(info.Entries), vector.IntValue(info.Hits),
		vector.IntValue(info.Misses), vector.IntValue(info.Evictions), vector.StringValue(info.Error),
	}
	if info.Error == "" {
		vals[8] = vector.Value{Typ: vector.Varchar, Null: true}
	}
	return oneRowTable("cache_info", schema, vals)
}

// secretsTable is duckdb_secrets(): names, types and scopes of the
// secrets; credentials are never shown.
func secretsTable() (storage.Table, error) {
	schema := []storage.Column{
		{Name: "name", Type: vector.Varchar},
		{Name: "type", Type: vector.Varchar},
		{Name: "provider", Type: vector.Varchar},
		{Name: "persistent", Type: vector.Boolean},
		{Name: "storage", Type: vector.Varchar},
		{Name: "scope", Type: vector.Varchar},
		{Name: "secret_string", Type: vector.Varchar},
	}
	t := storage.NewMemTable("duckdb_secrets", schema)
	ss := remote.Secrets()
	if len(ss) == 0 {
		return t, nil
	}
	ch := &vector.Chunk{Cols: make([]*vector.Vector, len(schema)), Len: len(ss)}
	for j, col := range schema {
		ch.Cols[j] = vector.New(col.Type, len(ss))
	}
	for i, s := range ss {
		row := []vector.Value{
			vector.StringValue(s.Name), vector.StringValue(s.Type), vector.StringValue("config"),
			vector.BoolValue(false), vector.StringValue("memory"), vector.StringValue(strings.Join(s.Scope, ",")),
			vector.StringValue("name=" + s.Name + ";type=" + s.Type + ";provider=config;serializable=true;scope=" +
				strings.Join(s.Scope, ",") + ";key_id=redacted;secret=redacted"),
		}
		for j, v := range row {
			ch.Cols[j].Set(i, len(ss), v)
		}
	}
	if err := t.Append(ch); err != nil {
		return nil, err
	}
	return t, nil
}

func oneRowTable(name string, schema []storage.Column, vals []vector.Value) (storage.Table, error) {
	t := storage.NewMemTable(name, schema)
	ch := &vector.Chunk{Cols: make([]*vector.Vector, len(schema)), Len: 1}
	for j, col := range schema {
		ch.Cols[j] = vector.New(col.Type, 1)
		ch.Cols[j].Set(0, 1, vals[j])
	}
	if err := t.Append(ch); err != nil {
		return nil, err
	}
	return t, nil
}

// remoteTableFunc opens the table functions of remote reads.
func remoteTableFunc(name string) (storage.Table, bool, error) {
	switch name {
	case "cache_info", "lhsql_cache_info":
		t, err := cacheInfoTable()
		return t, true, err
	case "duckdb_secrets", "lhsql_secrets":
		t, err := secretsTable()
		return t, true, err
	}
	return nil, false, nil
}
