package parser

// reserved lists keywords that cannot be used as bare column, table or
// alias names (they can after AS, or double-quoted). The set follows
// PostgreSQL's reserved keywords plus DuckDB's clause keywords; every
// other keyword (date, name, type, value, year, ...) is a plain identifier
// where the grammar is unambiguous.
var reserved = map[string]bool{
	"all": true, "analyse": true, "analyze": true, "and": true, "any": true, "array": true,
	"as": true, "asc": true, "asymmetric": true, "both": true, "case": true, "cast": true,
	"check": true, "collate": true, "column": true, "constraint": true, "create": true,
	"default": true, "deferrable": true, "desc": true, "distinct": true, "do": true,
	"else": true, "end": true, "except": true, "false": true, "fetch": true, "for": true,
	"foreign": true, "from": true, "grant": true, "group": true, "having": true, "in": true,
	"initially": true, "intersect": true, "into": true, "lateral": true, "leading": true,
	"limit": true, "not": true, "null": true, "offset": true, "on": true, "only": true,
	"or": true, "order": true, "placing": true, "primary": true, "references": true,
	"returning": true, "select": true, "some": true, "symmetric": true, "table": true,
	"then": true, "to": true, "trailing": true, "true": true, "union": true, "unique": true,
	"using": true, "variadic": true, "when": true, "where": true, "window": true, "with": true,
	"qualify": true, "pivot": true, "unpivot": true,
	// Type/function-name keywords: allowed as function names and after AS,
	// but not as bare column or table names.
	"cross": true, "full": true, "ilike": true, "inner": true, "is": true, "isnull": true,
	"join": true, "left": true, "like": true, "natural": true, "notnull": true, "outer": true,
	"right": true, "similar": true, "glob": true, "semi": true, "anti": true, "asof": true,
	"positional": true, "tablesample": true, "overlaps": true, "between": true,
}

// notFuncName lists reserved keywords that are never function names, so
// that "kw (" is not mistaken for a call.
var notFuncName = map[string]bool{
	"all": true, "and": true, "any": true, "as": true, "asc": true, "both": true,
	"case": true, "cast": true, "check": true, "collate": true, "constraint": true,
	"create": true, "default": true, "desc": true, "distinct": true, "do": true,
	"else": true, "end": true, "except": true, "false": true, "fetch": true, "for": true,
	"foreign": true, "from": true, "group": true, "having": true, "in": true,
	"intersect": true, "into": true, "lateral": true, "leading": true, "limit": true,
	"not": true, "null": true, "offset": true, "on": true, "only": true, "or": true,
	"order": true, "primary": true, "references": true, "returning": true, "select": true,
	"some": true, "table": true, "then": true, "to": true, "trailing": true, "true": true,
	"union": true, "unique": true, "using": true, "when": true, "where": true,
	"window": true, "with": true, "qualify": true, "is": true, "isnull": true,
	"notnull": true, "between": true, "like": true, "ilike": true, "similar": true,
	"glob": true, "join": true, "natural": true, "inner": true, "outer": true,
	"cross": true, "semi": true, "anti": true, "asof": true, "positional": true,
	"pivot": true, "unpivot": true, "tablesample": true, "overlaps": true,
}

// niladic lists keywords that are function calls without parentheses.
var niladic = map[string]bool{
	"current_date": true, "current_time": true, "current_timestamp": true,
	"localtime": true, "localtimestamp": true, "current_user": true,
	"session_user": true, "current_role": true, "current_catalog": true,
}

// typeLiteralNames lists type names that form a typed literal when
// followed by a string: DATE '2020-01-01'.
var typeLiteralNames = map[string]string{
	"date": "DATE", "time": "TIME", "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMPTZ",
	"datetime": "TIMESTAMP", "timetz": "TIMETZ", "blob": "BLOB", "bytea": "BLOB",
	"uuid": "UUID", "varchar": "VARCHAR", "text": "VARCHAR", "string": "VARCHAR",
	"integer": "INTEGER", "int": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT",
	"tinyint": "TINYINT", "hugeint": "HUGEINT", "double": "DOUBLE", "float": "FLOAT",
	"real": "FLOAT", "boolean": "BOOLEAN", "bool": "BOOLEAN", "decimal": "DECIMAL",
	"numeric": "DECIMAL", "json": "JSON", "bit": "BIT", "bitstring": "BIT",
	"timestamp_s": "TIMESTAMP_S", "timestamp_ms": "TIMESTAMP_MS", "timestamp_ns": "TIMESTAMP_NS",
	"int4": "INTEGER", "int8": "BIGINT", "int2": "SMALLINT", "float8": "DOUBLE", "float4": "FLOAT",
}

// intervalUnits maps unit spellings to the canonical lower-case unit.
var intervalUnits = map[string]string{
	"year": "year", "years": "year",
	"month": "month", "months": "month",
	"day": "day", "days": "day",
	"hour": "hour", "hours": "hour",
	"minute": "minute", "minutes": "minute",
	"second": "second", "seconds": "second",
	"millisecond": "millisecond", "milliseconds": "millisecond",
	"microsecond": "microsecond", "microseconds": "microsecond",
	"week": "week", "weeks": "week",
	"quarter": "quarter", "quarters": "quarter",
	"decade": "decade", "decades": "decade",
	"century": "century", "centuries": "century",
	"millennium": "millennium", "millennia": "millennium", "millenniums": "millennium",
}
