package parquet

import (
	"fmt"

	"github.com/lhsql/lhsql/vector"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// conv says how the physical values of a Parquet leaf column become the
// values of its vector type.
type conv uint8

const (
	cvBool     conv = iota + 1
	cvInt32         // INT32 sign-extended, times mul
	cvUint32        // INT32 read as unsigned
	cvInt64         // INT64, times mul or divided by div
	cvInt96         // INT96 legacy timestamp -> microseconds
	cvFloat         // FLOAT -> float64
	cvDouble        // DOUBLE
	cvBytes         // BYTE_ARRAY -> string (VARCHAR or BLOB)
	cvFixed         // FIXED_LEN_BYTE_ARRAY -> string (BLOB)
	cvUUID          // FIXED_LEN_BYTE_ARRAY(16) -> canonical UUID text
	cvDecBytes      // BYTE_ARRAY big-endian two's complement -> int64
	cvDecFixed      // FIXED_LEN_BYTE_ARRAY big-endian two's complement -> int64
	cvInterval      // FIXED_LEN_BYTE_ARRAY(12) months, days, millis
	cvFloat16       // FIXED_LEN_BYTE_ARRAY(2) IEEE half -> float64
)

// colInfo describes one top-level column of one file.
type colInfo struct {
	name   string
	typ    vector.Type
	conv   conv
	mul    int64 // multiply integers by this (1 when unused)
	div    int64 // divide integers by this (1 when unused)
	size   int   // byte width of FIXED_LEN_BYTE_ARRAY values
	leaf   int   // leaf (column chunk) index in the file
	maxDef byte  // 0 for REQUIRED, 1 for OPTIONAL
	// nest, for a nested column (LIST, STRUCT, MAP), is its schema tree;
	// leaf is then -1, and its leaves are leafBase, leafBase+1, ...
	nest     *nestNode
	leafBase int
	// unsupported, when set, is the error returned if the column is scanned.
	unsupported string
	// stats says which min/max statistics can be trusted for pruning.
	stats statsUse
}

// statsUse says which statistics fields of a column chunk may be used.
type statsUse uint8

const (
	statsNone      statsUse = iota // do not prune on min/max
	statsNew                       // only min_value/max_value
	statsNewOrOld                  // min_value/max_value, else the deprecated signed min/max
	statsOnlyNulls                 // only the null count
)

// fieldsOf maps the top-level fields of a Parquet schema to columns.
// Nested fields (groups and repeated fields) get their schema tree in nest.
func fieldsOf(schema []format.SchemaElement) ([]colInfo, error) {
	if len(schema) == 0 {
		return nil, fmt.Errorf("empty schema")
	}
	root := schema[0]
	n := int(root.NumChildren.V)
	pos, leaf := 1, 0
	cols := make([]colInfo, 0, n)
	for i := 0; i < n; i++ {
		if pos >= len(schema) {
			return nil, fmt.Errorf("malformed schema: root declares %d children, found %d", n, i)
		}
		se := &schema[pos]
		if se.NumChildren.V > 0 || !se.Type.Valid || se.RepetitionType.V == format.Repeated {
			c, next, leaves, err := nestedColumn(schema, pos)
			if err != nil {
				return nil, err
			}
			c.leafBase = leaf
			cols = append(cols, c)
			pos = next
			leaf += leaves
			continue
		}
		c := leafInfo(se)
		c.leaf = leaf
		if se.RepetitionType.Valid && se.RepetitionType.V == format.Optional {
			c.maxDef = 1
		}
		cols = append(cols, c)
		pos++
		leaf++
	}
	return cols, nil
}

// skipGroup returns the position after the subtree rooted at pos and the
// number of leaves in it.
func skipGroup(schema []format.SchemaElement, pos, depth int) (int, int, error) {
	if depth > 100 {
		return 0, 0, fmt.Errorf("malformed schema: nesting too deep")
	}
	if pos >= len(schema) {
		return 0, 0, fmt.Errorf("malformed schema: truncated at element %d", pos)
	}
	se := &schema[pos]
	if se.NumChildren.V <= 0 {
		return pos + 1, 1, nil
	}
	next, leaves := pos+1, 0
	for i := 0; i < int(se.NumChildren.V); i++ {
		p, l, err := skipGroup(schema, next, depth+1)
		if err != nil {
			return 0, 0, err
		}
		next = p
		leaves += l
	}
	return next, leaves, nil
}

func nestedLabel(se *format.SchemaElement) (string, vector.Type) {
	switch se.LogicalType.Value.(type) {
	case *format.ListType:
		return "LIST", vector.Type{ID: vector.TypeList}
	case *format.MapType:
		return "MAP", vector.Type{ID: vector.TypeMap}
	}
	if se.ConvertedType.Valid {
		switch se.ConvertedType.V {
		case deprecated.List:
			return "LIST", vector.Type{ID: vector.TypeList}
		case deprecated.Map, deprecated.MapKeyValue:
			return "MAP", vector.Type{ID: vector.TypeMap}
		}
	}
	return "STRUCT", vector.Type{ID: vector.TypeStruct}
}

// leafInfo maps a primitive schema element to its vector type the way
// DuckDB's Parquet reader does.
func leafInfo(se *format.SchemaElement) colInfo {
	c := colInfo{name: se.Name, mul: 1, div: 1}
	lt := se.LogicalType.Value
	ct := deprecated.ConvertedType(-1)
	if se.ConvertedType.Valid {
		ct = se.ConvertedType.V
	}
	decimal := func() (int, int, bool) {
		if d, ok := lt.(*format.DecimalType); ok {
			return int(d.Precision), int(d.Scale), true
		}
		if ct == deprecated.Decimal && se.Precision.Valid {
			return int(se.Precision.V), int(se.Scale.V), true
		}
		return 0, 0, false
	}
	setDecimal := func(p, s int, cv conv) {
		if p < 1 || p > vector.MaxDecimalWidth || s < 0 || s > p {
			c.typ = vector.Double
			c.unsupported = fmt.Sprintf("column %q has DECIMAL(%d,%d), which is not supported", se.Name, p, s)
			return
		}
		c.typ = vector.Decimal(p, s)
		c.conv = cv
	}

	switch se.Type.V {
	case format.Boolean:
		c.typ, c.conv, c.stats = vector.Boolean, cvBool, statsNew
	case format.Int32:
		c.conv, c.stats = cvInt32, statsNewOrOld
		c.typ = vector.Integer
		if p, s, ok := decimal(); ok {
			setDecimal(p, s, cvInt32)
			break
		}
		switch t := lt.(type) {
		case *format.IntType:
			c.typ = intType(int(t.BitWidth), t.IsSigned)
			if !t.IsSigned {
				c.stats = statsNew
				if t.BitWidth >= 32 {
					c.conv, c.stats = cvUint32, statsNone
				}
			}
		case *format.DateType:
			c.typ = vector.Date
		case *format.TimeType:
			c.typ = vector.Time
			c.mul = unitMul(&t.Unit)
		default:
			switch ct {
			case deprecated.Int8:
				c.typ = vector.TinyInt
			case deprecated.Int16:
				c.typ = vector.SmallInt
			case deprecated.Uint8:
				c.typ, c.stats = vector.UTinyInt, statsNew
			case deprecated.Uint16:
				c.typ, c.stats = vector.USmallInt, statsNew
			case deprecated.Uint32:
				c.typ, c.conv, c.stats = vector.UInteger, cvUint32, statsNone
			case deprecated.Date:
				c.typ = vector.Date
			case deprecated.TimeMillis:
				c.typ, c.mul = vector.Time, 1000
			}
		}
	case format.Int64:
		c.conv, c.stats = cvInt64, statsNewOrOld
		c.typ = vector.BigInt
		if p, s, ok := decimal(); ok {
			setDecimal(p, s, cvInt64)
			break
		}
		switch t := lt.(type) {
		case *format.IntType:
			c.typ = intType(int(t.BitWidth), t.IsSigned)
			if !t.IsSigned && t.BitWidth >= 64 {
				c.stats = statsNone
			}
		case *format.TimeType:
			c.typ = vector.Time
			c.mul, c.div = unitScale(&t.Unit)
		case *format.TimestampType:
			c.typ = vector.Timestamp
			if t.IsAdjustedToUTC {
				c.typ = vector.TimestampTZ
			}
			c.mul, c.div = unitScale(&t.Unit)
		default:
			switch ct {
			case deprecated.Uint64:
				c.typ, c.stats = vector.UBigInt, statsNone
			case deprecated.TimeMicros:
				c.typ = vector.Time
			case deprecated.TimestampMillis:
				c.typ, c.mul = vector.Timestamp, 1000
			case deprecated.TimestampMicros:
				c.typ = vector.Timestamp
			}
		}
	case format.Int96:
		c.typ, c.conv, c.stats = vector.Timestamp, cvInt96, statsOnlyNulls
	case format.Float:
		c.typ, c.conv, c.stats = vector.Float, cvFloat, statsNewOrOld
	case format.Double:
		c.typ, c.conv, c.stats = vector.Double, cvDouble, statsNewOrOld
	case format.ByteArray:
		c.typ, c.conv, c.stats = vector.Blob, cvBytes, statsNew
		if p, s, ok := decimal(); ok {
			setDecimal(p, s, cvDecBytes)
			break
		}
		switch lt.(type) {
		case *format.StringType, *format.EnumType, *format.JsonType:
			c.typ = vector.Varchar
		default:
			if lt == nil && (ct == deprecated.UTF8 || ct == deprecated.Enum || ct == deprecated.Json) {
				c.typ = vector.Varchar
			}
		}
	case format.FixedLenByteArray:
		c.size = int(se.TypeLength.V)
		c.typ, c.conv, c.stats = vector.Blob, cvFixed, statsNew
		if c.size <= 0 {
			c.unsupported = fmt.Sprintf("column %q is FIXED_LEN_BYTE_ARRAY without a valid length", se.Name)
			break
		}
		if p, s, ok := decimal(); ok {
			setDecimal(p, s, cvDecFixed)
			break
		}
		switch lt.(type) {
		case *format.UUIDType:
			if c.size == 16 {
				c.typ, c.conv = vector.UUID, cvUUID
			}
		case *format.Float16Type:
			if c.size == 2 {
				c.typ, c.conv, c.stats = vector.Float, cvFloat16, statsOnlyNulls
			}
		default:
			if ct == deprecated.Interval && c.size == 12 {
				c.typ, c.conv, c.stats = vector.IntervalType, cvInterval, statsOnlyNulls
			}
		}
	default:
		c.typ = vector.Blob
		c.unsupported = fmt.Sprintf("column %q has unknown physical type %v", se.Name, se.Type.V)
	}
	return c
}

func intType(bits int, signed bool) vector.Type {
	switch {
	case bits <= 8 && signed:
		return vector.TinyInt
	case bits <= 16 && signed:
		return vector.SmallInt
	case bits <= 32 && signed:
		return vector.Integer
	case signed:
		return vector.BigInt
	case bits <= 8:
		return vector.UTinyInt
	case bits <= 16:
		return vector.USmallInt
	case bits <= 32:
		return vector.UInteger
	}
	return vector.UBigInt
}

// unitMul returns the factor from a millisecond/microsecond unit to
// microseconds (for INT32 TIME).
func unitMul(u *format.TimeUnit) int64 {
	if _, ok := u.Value.(*format.MilliSeconds); ok {
		return 1000
	}
	return 1
}

// unitScale returns the multiplier and divisor from a unit to microseconds.
func unitScale(u *format.TimeUnit) (mul, div int64) {
	switch u.Value.(type) {
	case *format.MilliSeconds:
		return 1000, 1
	case *format.NanoSeconds:
		return 1, 1000
	}
	return 1, 1
}
