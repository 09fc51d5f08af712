// Package vector holds lhsql's in-memory columnar representation: logical
// types, column vectors with validity bitmaps, selection vectors and chunks.
//
// Physical layout: every logical type maps to exactly one physical slice of a
// Vector (see Type.Phys). All integer-like types (signed and unsigned
// integers up to 32 bits, BIGINT, DATE as days since 1970-01-01, TIME as
// microseconds since midnight, TIMESTAMP as microseconds since the Unix epoch,
// DECIMAL(p,s) as the unscaled value) are stored as int64; FLOAT and DOUBLE
// as float64; VARCHAR, BLOB and UUID as Go strings; INTERVAL as Interval.
package vector

import (
	"fmt"
	"strings"
)

// TypeID identifies a logical type.
type TypeID uint8

// Logical type identifiers.
const (
	TypeInvalid TypeID = iota
	TypeNull           // the type of an untyped NULL literal
	TypeBoolean
	TypeTinyInt
	TypeSmallInt
	TypeInteger
	TypeBigInt
	TypeUTinyInt
	TypeUSmallInt
	TypeUInteger
	TypeUBigInt
	TypeHugeInt
	TypeFloat
	TypeDouble
	TypeDecimal
	TypeVarchar
	TypeBlob
	TypeDate
	TypeTime
	TypeTimestamp
	TypeTimestampTZ
	TypeInterval
	TypeUUID
	TypeList
	TypeStruct
	TypeMap
)

// Phys is the physical storage class of a logical type.
type Phys uint8

// Physical storage classes; each selects one slice field of Vector.
const (
	PhysNone Phys = iota
	PhysBool
	PhysInt64
	PhysFloat64
	PhysString
	PhysInterval
	PhysList   // LIST and MAP: Vector.List entries into Vector.Child
	PhysStruct // STRUCT: one child vector per field in Vector.Fields
)

// MaxDecimalWidth is the largest DECIMAL precision lhsql accepts. Values are
// stored unscaled in an int64, so arithmetic that leaves the int64 range
// fails with an out-of-range error instead of wrapping.
const MaxDecimalWidth = 38

// Type is a logical type. Width and Scale are used by DECIMAL only.
// Nested describes LIST, STRUCT and MAP types; nested descriptors are
// interned (see ListOf, StructOf, MapOf), so structurally equal types are
// also == equal. Types are small values; compare them with Equal.
type Type struct {
	ID     TypeID
	Width  uint8
	Scale  uint8
	Nested *NestedType
}

// Common types.
var (
	Null         = Type{ID: TypeNull}
	Boolean      = Type{ID: TypeBoolean}
	TinyInt      = Type{ID: TypeTinyInt}
	SmallInt     = Type{ID: TypeSmallInt}
	Integer      = Type{ID: TypeInteger}
	BigInt       = Type{ID: TypeBigInt}
	UTinyInt     = Type{ID: TypeUTinyInt}
	USmallInt    = Type{ID: TypeUSmallInt}
	UInteger     = Type{ID: TypeUInteger}
	UBigInt      = Type{ID: TypeUBigInt}
	HugeInt      = Type{ID: TypeHugeInt}
	Float        = Type{ID: TypeFloat}
	Double       = Type{ID: TypeDouble}
	Varchar      = Type{ID: TypeVarchar}
	Blob         = Type{ID: TypeBlob}
	Date         = Type{ID: TypeDate}
	Time         = Type{ID: TypeTime}
	Timestamp    = Type{ID: TypeTimestamp}
	TimestampTZ  = Type{ID: TypeTimestampTZ}
	IntervalType = Type{ID: TypeInterval}
	UUID         = Type{ID: TypeUUID}
)

// Decimal returns the DECIMAL(width, scale) type.
func Decimal(width, scale int) Type {
	return Type{ID: TypeDecimal, Width: uint8(width), Scale: uint8(scale)}
}

// Equal reports whether two types are identical.
func (t Type) Equal(o Type) bool { return t == o }

// Phys returns the physical storage class of t.
func (t Type) Phys() Phys {
	switch t.ID {
	case TypeBoolean:
		return PhysBool
	case TypeTinyInt, TypeSmallInt, TypeInteger, TypeBigInt, TypeUTinyInt, TypeUSmallInt,
		TypeUInteger, TypeUBigInt, TypeHugeInt, TypeDecimal, TypeDate, TypeTime, TypeTimestamp, TypeTimestampTZ:
		return PhysInt64
	case TypeFloat, TypeDouble:
		return PhysFloat64
	case TypeVarchar, TypeBlob, TypeUUID:
		return PhysString
	case TypeInterval:
		return PhysInterval
	case TypeList, TypeMap:
		if t.Nested != nil {
			return PhysList
		}
	case TypeStruct:
		if t.Nested != nil {
			return PhysStruct
		}
	case TypeNull:
		// An untyped NULL column is stored as an all-NULL int64 column.
		return PhysInt64
	}
	return PhysNone
}

// IsInteger reports whether t is a signed or unsigned integer type.
func (t Type) IsInteger() bool {
	switch t.ID {
	case TypeTinyInt, TypeSmallInt, TypeInteger, TypeBigInt, TypeUTinyInt, TypeUSmallInt,
		TypeUInteger, TypeUBigInt, TypeHugeInt:
		return true
	}
	return false
}

// IsNumeric reports whether t is an integer, decimal or floating-point type.
func (t Type) IsNumeric() bool {
	return t.IsInteger() || t.ID == TypeDecimal || t.ID == TypeFloat || t.ID == TypeDouble
}

// IsTemporal reports whether t is DATE, TIME, TIMESTAMP or TIMESTAMPTZ.
func (t Type) IsTemporal() bool {
	switch t.ID {
	case TypeDate, TypeTime, TypeTimestamp, TypeTimestampTZ:
		return true
	}
	return false
}

// IsString reports whether t is stored as a string.
func (t Type) IsString() bool { return t.Phys() == PhysString }

// String renders the type the way DuckDB names it.
func (t Type) String() string {
	switch t.ID {
	case TypeNull:
		return "NULL"
	case TypeBoolean:
		return "BOOLEAN"
	case TypeTinyInt:
		return "TINYINT"
	case TypeSmallInt:
		return "SMALLINT"
	case TypeInteger:
		return "INTEGER"
	case TypeBigInt:
		return "BIGINT"
	case TypeUTinyInt:
		return "UTINYINT"
	case TypeUSmallInt:
		return "USMALLINT"
	case TypeUInteger:
		return "UINTEGER"
	case TypeUBigInt:
		return "UBIGINT"
	case TypeHugeInt:
		return "HUGEINT"
	case TypeFloat:
		return "FLOAT"
	case TypeDouble:
		return "DOUBLE"
	case TypeDecimal:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Width, t.Scale)
	case TypeVarchar:
		return "VARCHAR"
	case TypeBlob:
		return "BLOB"
	case TypeDate:
		return "DATE"
	case TypeTime:
		return "TIME"
	case TypeTimestamp:
		return "TIMESTAMP"
	case TypeTimestampTZ:
		return "TIMESTAMP WITH TIME ZONE"
	case TypeInterval:
		return "INTERVAL"
	case TypeUUID:
		return "UUID"
	case TypeList, TypeStruct, TypeMap:
		return nestedTypeString(t)
	}
	return "INVALID"
}

// ParseTypeName maps a SQL type name (already upper- or lower-case, without
// parameters) plus optional DECIMAL parameters to a Type. It accepts DuckDB's
// aliases (INT, INT4, INT8, LONG, STRING, TEXT, REAL, FLOAT8, NUMERIC, ...).
func ParseTypeName(name string, params []int) (Type, error) {
	if strings.ContainsAny(name, "[(") {
		return parseTypeString(name)
	}
	switch strings.ToUpper(name) {
	case "BOOLEAN", "BOOL", "LOGICAL":
		return Boolean, nil
	case "TINYINT", "INT1":
		return TinyInt, nil
	case "SMALLINT", "INT2", "SHORT":
		return SmallInt, nil
	case "INTEGER", "INT", "INT4", "SIGNED":
		return Integer, nil
	case "BIGINT", "INT8", "LONG":
		return BigInt, nil
	case "UTINYINT":
		return UTinyInt, nil
	case "USMALLINT":
		return USmallInt, nil
	case "UINTEGER":
		return UInteger, nil
	case "UBIGINT":
		return UBigInt, nil
	case "HUGEINT", "INT128":
		return HugeInt, nil
	case "FLOAT", "FLOAT4", "REAL":
		return Float, nil
	case "DOUBLE", "FLOAT8":
		return Double, nil
	case "DECIMAL", "NUMERIC", "DEC":
		w, s := 18, 3
		if len(params) >= 1 {
			w = params[0]
			s = 0
		}
		if len(params) >= 2 {
			s = params[1]
		}
		if w < 1 || w > MaxDecimalWidth || s < 0 || s > w {
			return Type{}, fmt.Errorf("invalid DECIMAL(%d,%d): width must be 1..%d and scale 0..width", w, s, MaxDecimalWidth)
		}
		return Decimal(w, s), nil
	case "VARCHAR", "STRING", "TEXT", "CHAR", "BPCHAR", "NVARCHAR":
		return Varchar, nil
	case "JSON":
		// JSON text is held as VARCHAR; the json functions parse it
		// where they read it (a cast does not validate it).
		return Varchar, nil
	case "BLOB", "BYTEA", "BINARY", "VARBINARY":
		return Blob, nil
	case "DATE":
		return Date, nil
	case "TIME":
		return Time, nil
	case "TIMESTAMP", "DATETIME", "TIMESTAMP_US":
		return Timestamp, nil
	case "TIMESTAMPTZ":
		return TimestampTZ, nil
	case "INTERVAL":
		return IntervalType, nil
	case "UUID":
		return UUID, nil
	}
	return Type{}, fmt.Errorf("unknown type %q", name)
}

// Interval is a DuckDB INTERVAL: months, days and microseconds kept apart.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}
