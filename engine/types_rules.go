package engine

import (
	"github.com/lhsql/lhsql/vector"
)

// physName returns DuckDB's physical type name used in error messages
// (INT32, UINT8, DOUBLE, ...).
func physName(t vector.Type) string {
	switch t.ID {
	case vector.TypeTinyInt:
		return "INT8"
	case vector.TypeSmallInt:
		return "INT16"
	case vector.TypeInteger:
		return "INT32"
	case vector.TypeBigInt:
		return "INT64"
	case vector.TypeUTinyInt:
		return "UINT8"
	case vector.TypeUSmallInt:
		return "UINT16"
	case vector.TypeUInteger:
		return "UINT32"
	case vector.TypeUBigInt:
		return "UINT64"
	case vector.TypeHugeInt:
		return "INT128"
	case vector.TypeFloat:
		return "FLOAT"
	case vector.TypeDouble:
		return "DOUBLE"
	case vector.TypeBoolean:
		return "BOOL"
	}
	return t.String()
}

// intRange returns the value range of an integer type stored in int64.
// UBIGINT reports [0, MaxInt64] here; callers treat it specially.
func intRange(t vector.Type) (lo, hi int64) {
	switch t.ID {
	case vector.TypeTinyInt:
		return -128, 127
	case vector.TypeSmallInt:
		return -32768, 32767
	case vector.TypeInteger:
		return -2147483648, 2147483647
	case vector.TypeUTinyInt:
		return 0, 255
	case vector.TypeUSmallInt:
		return 0, 65535
	case vector.TypeUInteger:
		return 0, 4294967295
	case vector.TypeUBigInt:
		return 0, 1<<63 - 1
	}
	return -1 << 63, 1<<63 - 1
}

// isUnsigned reports whether t is an unsigned integer type.
func isUnsigned(t vector.Type) bool {
	switch t.ID {
	case vector.TypeUTinyInt, vector.TypeUSmallInt, vector.TypeUInteger, vector.TypeUBigInt:
		return true
	}
	return false
}

// intDecimalWidth is the DECIMAL width that holds every value of an integer
// type (0 when t is not an integer).
func intDecimalWidth(t vector.Type) int {
	switch t.ID {
	case vector.TypeTinyInt, vector.TypeUTinyInt:
		return 3
	case vector.TypeSmallInt, vector.TypeUSmallInt:
		return 5
	case vector.TypeInteger, vector.TypeUInteger:
		return 10
	case vector.TypeBigInt:
		return 19
	case vector.TypeUBigInt:
		return 20
	case vector.TypeHugeInt:
		return 38
	}
	return 0
}

// asDecimal returns the DECIMAL view of an integer or decimal type.
func asDecimal(t vector.Type) (vector.Type, bool) {
	if t.ID == vector.TypeDecimal {
		return t, true
	}
	if w := intDecimalWidth(t); w > 0 {
		return vector.Decimal(w, 0), true
	}
	return vector.Type{}, false
}

// numericRank orders integer types for implicit widening among one
// signedness.
func intBits(t vector.Type) int {
	switch t.ID {
	case vector.TypeTinyInt, vector.TypeUTinyInt:
		return 8
	case vector.TypeSmallInt, vector.TypeUSmallInt:
		return 16
	case vector.TypeInteger, vector.TypeUInteger:
		return 32
	case vector.TypeBigInt, vector.TypeUBigInt:
		return 64
	case vector.TypeHugeInt:
		return 128
	}
	return 0
}

func signedOfBits(b int) vector.Type {
	switch b {
	case 8:
		return vector.TinyInt
	case 16:
		return vector.SmallInt
	case 32:
		return vector.Integer
	case 64:
		return vector.BigInt
	}
	return vector.HugeInt
}

// maxDecimal combines two decimal types so both fit.
func maxDecimal(a, b vector.Type) vector.Type {
	s := max(int(a.Scale), int(b.Scale))
	w := max(int(a.Width)-int(a.Scale), int(b.Width)-int(b.Scale)) + s
	if w > vector.MaxDecimalWidth {
		w = vector.MaxDecimalWidth
	}
	return vector.Decimal(w, s)
}

// commonInt combines two integer types (DuckDB's CombineNumericTypes).
func commonInt(a, b vector.Type) vector.Type {
	if a.ID == b.ID {
		return a
	}
	if a.ID == vector.TypeHugeInt || b.ID == vector.TypeHugeInt {
		return vector.HugeInt
	}
	ua, ub := isUnsigned(a), isUnsigned(b)
	ba, bb := intBits(a), intBits(b)
	if ua == ub {
		if ba >= bb {
			return a
		}
		return b
	}
	// One signed, one unsigned: a signed type wider than the unsigned one.
	sb, ubits := ba, bb
	if ua {
		sb, ubits = bb, ba
	}
	if sb > ubits {
		return signedOfBits(sb)
	}
	return signedOfBits(ubits * 2)
}

// CommonType returns DuckDB's implicit-cast "max logical type" of a and b,
// used to unify comparisons, IN lists, UNION, CASE and COALESCE. ok is
// false when no implicit cast unifies the types.
func CommonType(a, b vector.Type) (vector.Type, bool) {
	if a == b {
		return a, true
	}
	if a.ID == vector.TypeNull {
		return b, true
	}
	if b.ID == vector.TypeNull {
		return a, true
	}
	if a.Nested != nil || b.Nested != nil {
		return commonNested(a, b)
	}
	switch {
	case a.IsInteger() && b.IsInteger():
		return commonInt(a, b), true
	case a.IsNumeric() && b.IsNumeric():
		if a.ID == vector.TypeDouble || b.ID == vector.TypeDouble {
			return vector.Double, true
		}
		if a.ID == vector.TypeFloat || b.ID == vector.TypeFloat {
			return vector.Float, true
		}
		da, _ := asDecimal(a)
		db, _ := asDecimal(b)
		return maxDecimal(da, db), true
	case a.ID == vector.TypeVarchar || b.ID == vector.TypeVarchar:
		// Every type casts to VARCHAR; DuckDB's max logical type of a string
		// and anything else is VARCHAR.
		return vector.Varchar, true
	case a.IsTemporal() && b.IsTemporal():
		if a.ID == vector.TypeTime || b.ID == vector.TypeTime {
			return vector.Type{}, false
		}
		if a.ID == vector.TypeTimestampTZ || b.ID == vector.TypeTimestampTZ {
			return vector.TimestampTZ, true
		}
		return vector.Timestamp, true
	case a.ID == vector.TypeBoolean && b.IsNumeric(), b.ID == vector.TypeBoolean && a.IsNumeric():
		return vector.Type{}, false
	}
	return vector.Type{}, false
}

// implicitCastCost returns the cost of implicitly casting from to to, or -1
// when DuckDB does not cast implicitly. Zero means identical types.
func implicitCastCost(from, to vector.Type) int {
	if from == to {
		return 0
	}
	if from.ID == vector.TypeNull {
		return 1
	}
	if from.Nested != nil || to.Nested != nil {
		return nestedCastCost(from, to)
	}
	switch {
	case from.IsInteger():
		switch {
		case to.IsInteger():
			if commonInt(from, to) == to {
				return 10 + intBits(to)/8
			}
			return -1
		case to.ID == vector.TypeDecimal:
			w := intDecimalWidth(from)
			if int(to.Width)-int(to.Scale) >= w {
				return 40
			}
			return -1
		case to.ID == vector.TypeFloat:
			return 50
		case to.ID == vector.TypeDouble:
			return 51
		}
	case from.ID == vector.TypeDecimal:
		switch to.ID {
		case vector.TypeDecimal:
			if int(to.Scale) >= int(from.Scale) && int(to.Width)-int(to.Scale) >= int(from.Width)-int(from.Scale) {
				return 30
			}
			return -1
		case vector.TypeFloat:
			return 50
		case vector.TypeDouble:
			return 51
		}
	case from.ID == vector.TypeFloat:
		if to.ID == vector.TypeDouble {
			return 10
		}
	case from.ID == vector.TypeDate:
		switch to.ID {
		case vector.TypeTimestamp:
			return 10
		case vector.TypeTimestampTZ:
			return 11
		}
	case from.ID == vector.TypeTimestamp:
		if to.ID == vector.TypeTimestampTZ {
			return 10
		}
	case from.ID == vector.TypeTimestampTZ:
		if to.ID == vector.TypeTimestamp {
			return 12
		}
	case from.ID == vector.TypeUUID || from.ID == vector.TypeBlob:
		if to.ID == vector.TypeVarchar {
			return 60
		}
	}
	return -1
}

// castTo wraps e in an implicit cast to t when its type differs.
// Constants are converted at once.
func castTo(e Expr, t vector.Type) (Expr, error) {
	if e.Type() == t {
		return e, nil
	}
	c, err := NewCast(e, t, false)
	if err != nil {
		return nil, err
	}
	if _, ok := e.(*Const); ok {
		// A failing conversion is left for run time: the branch holding
		// it may never be evaluated (e.g. CASE WHEN false THEN 'x'::INT).
		if f, err := FoldConstant(c); err == nil {
			return f, nil
		}
	}
	return c, nil
}
