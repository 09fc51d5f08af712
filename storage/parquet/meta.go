package parquet

import (
	"fmt"
	"strings"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// metaTable builds a MemTable from rows of values.
func metaTable(name string, schema []storage.Column, rows [][]vector.Value) (*storage.MemTable, error) {
	mt := storage.NewMemTable(name, schema)
	types := make([]vector.Type, len(schema))
	for i, c := range schema {
		types[i] = c.Type
	}
	for lo := 0; lo < len(rows); lo += vector.MaxLen {
		n := min(vector.MaxLen, len(rows)-lo)
		ch := vector.NewChunk(types, n)
		for r := 0; r < n; r++ {
			for c, v := range rows[lo+r] {
				ch.Cols[c].Set(r, n, v)
			}
		}
		if err := mt.Append(ch); err != nil {
			return nil, err
		}
	}
	return mt, nil
}

func str(s string) vector.Value { return vector.StringValue(s) }
func i64(x int64) vector.Value  { return vector.IntValue(x) }
func nullStr() vector.Value     { return vector.NullValue(vector.Varchar) }
func nullInt() vector.Value     { return vector.NullValue(vector.BigInt) }

// leafPaths returns the dotted schema path of every leaf column.
func leafPaths(schema []format.SchemaElement) []string {
	var out []string
	var walk func(pos int, prefix []string) int
	walk = func(pos int, prefix []string) int {
		if pos >= len(schema) {
			return pos
		}
		se := &schema[pos]
		path := append(append([]string(nil), prefix...), se.Name)
		if se.NumChildren.V <= 0 {
			out = append(out, strings.Join(path, "."))
			return pos + 1
		}
		next := pos + 1
		for i := 0; i < int(se.NumChildren.V) && next < len(schema); i++ {
			next = walk(next, path)
		}
		return next
	}
	if len(schema) > 0 {
		next := 1
		for i := 0; i < int(schema[0].NumChildren.V) && next < len(schema); i++ {
			next = walk(next, nil)
		}
	}
	return out
}

var metadataSchema = []storage.Column{
	{Name: "file_name", Type: vector.Varchar},
	{Name: "row_group_id", Type: vector.BigInt},
	{Name: "row_group_num_rows", Type: vector.BigInt},
	{Name: "row_group_num_columns", Type: vector.BigInt},
	{Name: "row_group_bytes", Type: vector.BigInt},
	{Name: "column_id", Type: vector.BigInt},
	{Name: "file_offset", Type: vector.BigInt},
	{Name: "num_values", Type: vector.BigInt},
	{Name: "path_in_schema", Type: vector.Varchar},
	{Name: "type", Type: vector.Varchar},
	{Name: "stats_min", Type: vector.Varchar},
	{Name: "stats_max", Type: vector.Varchar},
	{Name: "stats_null_count", Type: vector.BigInt},
	{Name: "stats_distinct_count", Type: vector.BigInt},
	{Name: "stats_min_value", Type: vector.Varchar},
	{Name: "stats_max_value", Type: vector.Varchar},
	{Name: "compression", Type: vector.Varchar},
	{Name: "encodings", Type: vector.Varchar},
	{Name: "index_page_offset", Type: vector.BigInt},
	{Name: "dictionary_page_offset", Type: vector.BigInt},
	{Name: "data_page_offset", Type: vector.BigInt},
	{Name: "total_compressed_size", Type: vector.BigInt},
	{Name: "total_uncompressed_size", Type: vector.BigInt},
	{Name: "bloom_filter_offset", Type: vector.BigInt},
	{Name: "bloom_filter_length", Type: vector.BigInt},
	{Name: "column_index_offset", Type: vector.BigInt},
	{Name: "offset_index_offset", Type: vector.BigInt},
}

// Metadata returns one row per column chunk of every file, like DuckDB's
// parquet_metadata().
func Metadata(paths []string) (*storage.MemTable, error) {
	var rows [][]vector.Value
	for _, p := range paths {
		fl, err := openFile(p)
		if err != nil {
			return nil, err
		}
		md := fl.pf.Metadata()
		lp := leafPaths(md.Schema)
		// leaf index -> flat top-level column, for decoding statistics
		byLeaf := map[int]*colInfo{}
		for i := range fl.cols {
			if fl.cols[i].leaf >= 0 && fl.cols[i].unsupported == "" {
				byLeaf[fl.cols[i].leaf] = &fl.cols[i]
			}
		}
		for rgi, rg := range md.RowGroups {
			for ci, cc := range rg.Columns {
				cm := &cc.MetaData
				st := &cm.Statistics
				statStr := func(b []byte) vector.Value {
					if b == nil {
						return nullStr()
					}
					if c, ok := byLeaf[ci]; ok {
						if v, ok := statValue(c, b); ok {
							return str(v.String())
						}
					}
					return str(string(b))
				}
				path := strings.Join(cm.PathInSchema, ".")
				if path == "" && ci < len(lp) {
					path = lp[ci]
				}
				encs := make([]string, len(cm.Encoding))
				for k, e := range cm.Encoding {
					encs[k] = e.String()
				}
				dict := nullInt()
				if cm.DictionaryPageOffset > 0 {
					dict = i64(cm.DictionaryPageOffset)
				}
				idx := nullInt()
				if cm.IndexPageOffset > 0 {
					idx = i64(cm.IndexPageOffset)
				}
				bloom, bloomLen := nullInt(), nullInt()
				if cm.BloomFilterOffset > 0 {
					bloom = i64(cm.BloomFilterOffset)
					if cm.BloomFilterLength > 0 {
						bloomLen = i64(int64(cm.BloomFilterLength))
					}
				}
				colIdx, offIdx := nullInt(), nullInt()
				if cc.ColumnIndexOffset > 0 {
					colIdx = i64(cc.ColumnIndexOffset)
				}
				if cc.OffsetIndexOffset > 0 {
					offIdx = i64(cc.OffsetIndexOffset)
				}
				nullCount := nullInt()
				if st.MinValue != nil || st.Min != nil || st.NullCount > 0 {
					nullCount = i64(st.NullCount)
				}
				distinct := nullInt()
				if st.DistinctCount > 0 {
					distinct = i64(st.DistinctCount)
				}
				rows = append(rows, []vector.Value{
					str(p), i64(int64(rgi)), i64(rg.NumRows), i64(int64(len(rg.Columns))), i64(rg.TotalByteSize),
					i64(int64(ci)), i64(cc.FileOffset), i64(cm.NumValues), str(path), str(cm.Type.String()),
					statStr(st.Min), statStr(st.Max), nullCount, distinct, statStr(st.MinValue), statStr(st.MaxValue),
					str(cm.Codec.String()), str(strings.Join(encs, ", ")), idx, dict, i64(cm.DataPageOffset),
					i64(cm.TotalCompressedSize), i64(cm.TotalUncompressedSize), bloom, bloomLen, colIdx, offIdx,
				})
			}
		}
		fl.f.Close()
	}
	return metaTable("parquet_metadata", metadataSchema, rows)
}

var schemaSchema = []storage.Column{
	{Name: "file_name", Type: vector.Varchar},
	{Name: "name", Type: vector.Varchar},
	{Name: "type", Type: vector.Varchar},
	{Name: "type_length", Type: vector.BigInt},
	{Name: "repetition_type", Type: vector.Varchar},
	{Name: "num_children", Type: vector.BigInt},
	{Name: "converted_type", Type: vector.Varchar},
	{Name: "scale", Type: vector.BigInt},
	{Name: "precision", Type: vector.BigInt},
	{Name: "field_id", Type: vector.BigInt},
	{Name: "logical_type", Type: vector.Varchar},
	{Name: "duckdb_type", Type: vector.Varchar},
}

// SchemaInfo returns one row per schema element of every file, like
// DuckDB's parquet_schema().
func SchemaInfo(paths []string) (*storage.MemTable, error) {
	var rows [][]vector.Value
	for _, p := range paths {
		fl, err := openFile(p)
		if err != nil {
			return nil, err
		}
		md := fl.pf.Metadata()
		top := map[string]vector.Type{}
		for _, c := range fl.cols {
			if c.unsupported == "" {
				top[c.name] = c.typ
			}
		}
		for i := range md.Schema {
			se := &md.Schema[i]
			opt := func(ok bool, x int64) vector.Value {
				if !ok {
					return nullInt()
				}
				return i64(x)
			}
			typ, rep, conv, logical := nullStr(), nullStr(), nullStr(), nullStr()
			if se.Type.Valid {
				typ = str(se.Type.V.String())
			}
			if se.RepetitionType.Valid {
				rep = str(se.RepetitionType.V.String())
			}
			if se.ConvertedType.Valid {
				conv = str(convertedName(se.ConvertedType.V))
			}
			if se.LogicalType.Value != nil {
				logical = str(fmt.Sprint(se.LogicalType.Value))
			}
			duck := nullStr()
			if t, ok := top[se.Name]; ok && i > 0 {
				duck = str(t.String())
			}
			rows = append(rows, []vector.Value{
				str(p), str(se.Name), typ, opt(se.TypeLength.Valid, int64(se.TypeLength.V)), rep,
				opt(se.NumChildren.Valid, int64(se.NumChildren.V)), conv, opt(se.Scale.Valid, int64(se.Scale.V)),
				opt(se.Precision.Valid, int64(se.Precision.V)), opt(se.FieldID != 0, int64(se.FieldID)), logical, duck,
			})
		}
		fl.f.Close()
	}
	return metaTable("parquet_schema", schemaSchema, rows)
}

var fileMetaSchema = []storage.Column{
	{Name: "file_name", Type: vector.Varchar},
	{Name: "created_by", Type: vector.Varchar},
	{Name: "num_rows", Type: vector.BigInt},
	{Name: "num_row_groups", Type: vector.BigInt},
	{Name: "format_version", Type: vector.BigInt},
}

// FileMetadata returns one row per file, like DuckDB's
// parquet_file_metadata().
func FileMetadata(paths []string) (*storage.MemTable, error) {
	var rows [][]vector.Value
	for _, p := range paths {
		fl, err := openFile(p)
		if err != nil {
			return nil, err
		}
		md := fl.pf.Metadata()
		rows = append(rows, []vector.Value{str(p), str(md.CreatedBy), i64(md.NumRows), i64(int64(len(md.RowGroups))), i64(int64(md.Version))})
		fl.f.Close()
	}
	return metaTable("parquet_file_metadata", fileMetaSchema, rows)
}

var kvSchema = []storage.Column{
	{Name: "file_name", Type: vector.Varchar},
	{Name: "key", Type: vector.Varchar},
	{Name: "value", Type: vector.Varchar},
}

// KeyValueMetadata returns the key/value metadata of every file.
func KeyValueMetadata(paths []string) (*storage.MemTable, error) {
	var rows [][]vector.Value
	for _, p := range paths {
		fl, err := openFile(p)
		if err != nil {
			return nil, err
		}
		for _, kv := range fl.pf.Metadata().KeyValueMetadata {
			rows = append(rows, []vector.Value{str(p), str(kv.Key), str(kv.Value)})
		}
		fl.f.Close()
	}
	return metaTable("parquet_kv_metadata", kvSchema, rows)
}

var convertedNames = []string{"UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS",
	"TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64",
	"INT_8", "INT_16", "INT_32", "INT_64", "JSON", "BSON", "INTERVAL"}

func convertedName(c deprecated.ConvertedType) string {
	if int(c) >= 0 && int(c) < len(convertedNames) {
		return convertedNames[c]
	}
	return fmt.Sprintf("CONVERTED_%d", int(c))
}
