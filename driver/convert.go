package driver

import (
	sqldriver "database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/lhsql/lhsql/vector"
)

// checkNamedValue replaces nv.Value with the vector.Value it binds to.
// Types it does not know are left to database/sql's default converter
// (driver.ErrSkip), which handles driver.Valuer, pointers and named types
// and hands back one of the base types this function knows.
func checkNamedValue(nv *sqldriver.NamedValue) error {
	v, ok, err := toValue(nv.Value)
	if err != nil {
		return err
	}
	if !ok {
		return sqldriver.ErrSkip
	}
	nv.Value = v
	return nil
}

// toValue converts a Go parameter to a vector.Value. ok is false for
// types it does not handle.
func toValue(x any) (v vector.Value, ok bool, err error) {
	switch x := x.(type) {
	case nil:
		return vector.NullValue(vector.Null), true, nil
	case vector.Value:
		return x, true, nil
	case bool:
		return vector.BoolValue(x), true, nil
	case int:
		return vector.IntValue(int64(x)), true, nil
	case int8:
		return vector.IntValue(int64(x)), true, nil
	case int16:
		return vector.IntValue(int64(x)), true, nil
	case int32:
		return vector.IntValue(int64(x)), true, nil
	case int64:
		return vector.IntValue(x), true, nil
	case uint:
		return uintValue(uint64(x)), true, nil
	case uint8:
		return vector.IntValue(int64(x)), true, nil
	case uint16:
		return vector.IntValue(int64(x)), true, nil
	case uint32:
		return vector.IntValue(int64(x)), true, nil
	case uint64:
		return uintValue(x), true, nil
	case float32:
		return vector.Value{Typ: vector.Float, F64: float64(x)}, true, nil
	case float64:
		return vector.DoubleValue(x), true, nil
	case string:
		return vector.StringValue(x), true, nil
	case []byte:
		if x == nil {
			return vector.NullValue(vector.Blob), true, nil
		}
		return vector.Value{Typ: vector.Blob, Str: string(x)}, true, nil
	case time.Time:
		return vector.Value{Typ: vector.Timestamp, I64: x.UnixMicro()}, true, nil
	case time.Duration:
		return vector.Value{Typ: vector.IntervalType, Iv: vector.Interval{Micros: x.Microseconds()}}, true, nil
	case vector.Interval:
		return vector.Value{Typ: vector.IntervalType, Iv: x}, true, nil
	}
	return vector.Value{}, false, nil
}

func uintValue(u uint64) vector.Value {
	if u > math.MaxInt64 {
		return vector.Value{Typ: vector.UBigInt, I64: int64(u)}
	}
	return vector.IntValue(int64(u))
}

// bindArgs converts the arguments of a statement to vector.Values in
// ordinal order.
func bindArgs(args []sqldriver.NamedValue) ([]vector.Value, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := make([]vector.Value, len(args))
	for _, a := range args {
		if a.Name != "" {
			return nil, fmt.Errorf("lhsql: named parameter %q is not supported; use ? or $n", a.Name)
		}
		if a.Ordinal < 1 || a.Ordinal > len(args) {
			return nil, fmt.Errorf("lhsql: parameter ordinal %d out of range 1..%d", a.Ordinal, len(args))
		}
		v, ok, err := toValue(a.Value)
		if err != nil {
			return nil, fmt.Errorf("lhsql: parameter $%d: %w", a.Ordinal, err)
		}
		if !ok {
			return nil, fmt.Errorf("lhsql: parameter $%d: unsupported type %T", a.Ordinal, a.Value)
		}
		out[a.Ordinal-1] = v
	}
	return out, nil
}

// epochDate is day 0 of the DATE type.
var epochDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// driverValue converts row i of col to the Go value Rows.Next returns.
func driverValue(col *vector.Vector, i int) sqldriver.Value {
	if col.IsNull(i) {
		return nil
	}
	if col.Const {
		i = 0
	}
	t := col.Typ
	switch t.ID {
	case vector.TypeNull:
		return nil
	case vector.TypeBoolean:
		return col.Bool[i]
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		return col.I64[i]
	case vector.TypeUBigInt:
		return uint64(col.I64[i])
	case vector.TypeFloat, vector.TypeDouble:
		return col.F64[i]
	case vector.TypeDecimal:
		return vector.FormatDecimal(col.I64[i], int(t.Scale))
	case vector.TypeVarchar, vector.TypeUUID:
		return col.Str[i]
	case vector.TypeBlob:
		return []byte(col.Str[i])
	case vector.TypeDate:
		// AddDate normalises any day count; a Duration would overflow
		// beyond ±292 years.
		return epochDate.AddDate(0, 0, int(col.I64[i]))
	case vector.TypeTime, vector.TypeTimestamp, vector.TypeTimestampTZ:
		return vector.TimeOf(t, col.I64[i])
	case vector.TypeInterval:
		return vector.FormatInterval(col.Iv[i])
	}
	return col.Get(i).String()
}

var (
	typeBool    = reflect.TypeFor[bool]()
	typeInt64   = reflect.TypeFor[int64]()
	typeUint64  = reflect.TypeFor[uint64]()
	typeFloat64 = reflect.TypeFor[float64]()
	typeString  = reflect.TypeFor[string]()
	typeBytes   = reflect.TypeFor[[]byte]()
	typeTime    = reflect.TypeFor[time.Time]()
	typeAny     = reflect.TypeFor[any]()
)

// scanType returns the Go type of values of t returned by Rows.Next.
func scanType(t vector.Type) reflect.Type {
	switch t.ID {
	case vector.TypeBoolean:
		return typeBool
	case vector.TypeTinyInt, vector.TypeSmallInt, vector.TypeInteger, vector.TypeBigInt,
		vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeHugeInt:
		return typeInt64
	case vector.TypeUBigInt:
		return typeUint64
	case vector.TypeFloat, vector.TypeDouble:
		return typeFloat64
	case vector.TypeDecimal, vector.TypeVarchar, vector.TypeUUID, vector.TypeInterval:
		return typeString
	case vector.TypeBlob:
		return typeBytes
	case vector.TypeDate, vector.TypeTime, vector.TypeTimestamp, vector.TypeTimestampTZ:
		return typeTime
	case vector.TypeList, vector.TypeStruct, vector.TypeMap:
		return typeString
	}
	return typeAny
}

// databaseTypeName returns the SQL name of t without parameters, as
// database/sql's ColumnType.DatabaseTypeName documents.
func databaseTypeName(t vector.Type) string {
	switch t.ID {
	case vector.TypeDecimal:
		return "DECIMAL"
	case vector.TypeTimestampTZ:
		return "TIMESTAMPTZ"
	}
	return t.String()
}
