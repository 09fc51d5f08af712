// Package csv reads delimited text files as lhsql tables, sniffing the
// dialect (delimiter, header) and column types the way DuckDB's read_csv
// does when they are not given.
package csv

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"github.com/lhsql/lhsql/storage"
	"github.com/lhsql/lhsql/vector"
)

// DefaultSampleRows is the number of records used for sniffing.
const DefaultSampleRows = 20480

// Options controls how a CSV file is read. Zero values mean "sniff" or
// the DuckDB default.
type Options struct {
	Delim  rune  // field delimiter; 0 sniffs among , | ; and tab
	Quote  rune  // quote character; 0 means '"'
	Escape rune  // escape character inside quotes; 0 means the quote (doubled quotes)
	Header *bool // whether the first record names the columns; nil sniffs
	// Columns, when set, gives the names and types of all columns; no type
	// sniffing is done.
	Columns []storage.Column
	// Types overrides sniffed types of the named columns.
	Types map[string]vector.Type
	// NullStr is the text read as NULL (besides empty fields in non-text
	// columns); default "".
	NullStr string
	// DateFormat and TimestampFormat are strftime-style formats (%Y-%m-%d)
	// used instead of ISO 8601 when set.
	DateFormat      string
	TimestampFormat string
	// SampleRows is the number of records sniffed; 0 means
	// DefaultSampleRows.
	SampleRows int
	// AllVarchar reads every column as VARCHAR.
	AllVarchar bool
	// IgnoreErrors skips records that have the wrong number of fields or
	// a value that does not convert to its column's type.
	IgnoreErrors bool
	// Threads is the number of goroutines parsing a large file; 0 means
	// GOMAXPROCS, 1 parses serially.
	Threads int
}

// Open reads and parses a CSV file.
func Open(path string, opts Options) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("IO Error: cannot open file %q: %w", path, err)
	}
	return parse(path, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), opts)
}

// Parse parses CSV text held in memory; name is used in errors.
func Parse(name string, data []byte, opts Options) (*Table, error) {
	return parse(name, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), opts)
}

// dialect is the resolved reading configuration.
type dialect struct {
	delim, quote, escape byte
}

func asciiOpt(name string, r, def rune) (byte, error) {
	if r == 0 {
		return byte(def), nil
	}
	if r < 0 || r > 127 {
		return 0, fmt.Errorf("Invalid Input Error: CSV %s %q must be a single ASCII character", name, r)
	}
	return byte(r), nil
}

func parse(path string, data []byte, opts Options) (*Table, error) {
	// The file's bytes are never modified, so values can be substrings of
	// one string sharing the buffer.
	text := ""
	if len(data) > 0 {
		text = unsafe.String(unsafe.SliceData(data), len(data))
	}
	var d dialect
	var err error
	if d.quote, err = asciiOpt("quote", opts.Quote, '"'); err != nil {
		return nil, err
	}
	if d.escape, err = asciiOpt("escape", opts.Escape, rune(d.quote)); err != nil {
		return nil, err
	}
	if d.delim, err = asciiOpt("delimiter", opts.Delim, ','); err != nil {
		return nil, err
	}
	d = sniffDialect(text, d, opts.Delim == 0, opts.Quote == 0, opts.Escape == 0)
	sampleN := opts.SampleRows
	if sampleN <= 0 {
		sampleN = DefaultSampleRows
	}
	var dateFmt, tsFmt *timeFormat
	if opts.DateFormat != "" {
		if dateFmt, err = compileFormat(opts.DateFormat); err != nil {
			return nil, fmt.Errorf("Invalid Input Error: %w", err)
		}
	}
	if opts.TimestampFormat != "" {
		if tsFmt, err = compileFormat(opts.TimestampFormat); err != nil {
			return nil, fmt.Errorf("Invalid Input Error: %w", err)
		}
	}
	sn := &sniffer{d: d, nullStr: opts.NullStr, dateFmt: dateFmt, tsFmt: tsFmt}

	// Sample records.
	tk := newTokenizer(text, d.delim, d.quote, d.escape)
	var sample [][]string
	for len(sample) < sampleN+1 {
		ok, err := tk.next()
		if err != nil {
			return nil, withPath(err, path)
		}
		if !ok {
			break
		}
		if tk.blank() && (len(sample) == 0 || len(sample[0]) > 1) {
			continue
		}
		row := make([]string, len(tk.fields))
		for i, f := range tk.fields {
			row[i] = tk.value(f)
		}
		sample = append(sample, row)
	}

	ncols := 0
	if len(opts.Columns) > 0 {
		ncols = len(opts.Columns)
	} else if len(sample) > 0 {
		ncols = len(sample[0])
	}
	if ncols == 0 {
		return nil, fmt.Errorf("Invalid Input Error: CSV file %q is empty and no columns were given", path)
	}

	// Types and header.
	var schema []storage.Column
	header := false
	if len(opts.Columns) > 0 {
		schema = append(schema, opts.Columns...)
		if opts.Header != nil {
			header = *opts.Header
		}
	} else {
		body := sample
		if len(body) > 0 {
			body = body[1:]
		}
		if opts.Header != nil && !*opts.Header {
			body = sample
		}
		// Types are sniffed even for AllVarchar, since the header is
		// detected from them.
		types := make([]vector.Type, ncols)
		for c := range types {
			types[c] = sn.columnType(body, c)
		}
		if opts.Header != nil {
			header = *opts.Header
		} else if len(sample) > 0 {
			header = sn.looksLikeHeader(sample[0], types, len(sample) > 1)
			if !header && !opts.AllVarchar {
				// The first row is data: include it in type detection.
				for c := range types {
					types[c] = sn.columnType(sample, c)
				}
			}
		}
		if opts.AllVarchar {
			for c := range types {
				types[c] = vector.Varchar
			}
		}
		schema = make([]storage.Column, ncols)
		seen := map[string]int{}
		for c := range schema {
			name := "column" + strconv.Itoa(c)
			if header && c < len(sample[0]) && strings.TrimSpace(sample[0][c]) != "" {
				name = strings.TrimSpace(sample[0][c])
			}
			if k := seen[name]; k > 0 {
				seen[name] = k + 1
				name = name + "_" + strconv.Itoa(k)
			} else {
				seen[name] = 1
			}
			schema[c] = storage.Column{Name: name, Type: types[c]}
		}
	}
	for name, typ := range opts.Types {
		found := false
		for i := range schema {
			if schema[i].Name == name {
				schema[i].Type = typ
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("Binder Error: COLUMN_TYPES error: column %q not found in CSV file %q", name, path)
		}
	}
	for _, c := range schema {
		switch c.Type.Phys() {
		case vector.PhysBool, vector.PhysInt64, vector.PhysFloat64, vector.PhysString:
		default:
			return nil, fmt.Errorf("Not implemented Error: reading CSV column %q of type %s is not supported yet", c.Name, c.Type)
		}
	}

	p := &rangeParser{path: path, text: text, d: d, schema: schema, sn: sn, header: header, ignoreErrors: opts.IgnoreErrors}
	chunks, err := p.parseAll(opts.Threads)
	if err != nil {
		return nil, err
	}
	return newTable(path, schema, chunks), nil
}

// sniffDialect picks, among the candidates for the options not given,
// the delimiter, quote and escape that split the first records into the
// most consistent number of fields without a syntax error; ties go to the
// more fields, then to the earlier candidate (comma, double quote, quote
// doubling).
func sniffDialect(text string, given dialect, delim, quote, escape bool) dialect {
	delims := []byte{given.delim}
	if delim {
		delims = []byte{',', '|', ';', '\t'}
	}
	quotes := []byte{given.quote}
	if quote {
		quotes = []byte{'"', '\''}
	}
	// Other quotes and escapes than the defaults must occur in the first
	// records, so a syntax error with the defaults is not explained away
	// by a dialect that merely never sees a quote.
	sample := text[:min(len(text), 1<<16)]
	best, bestScore, bestCols := given, -1, 0
	for _, q := range quotes {
		if q != given.quote && !strings.ContainsRune(sample, rune(q)) {
			continue
		}
		escapes := []byte{given.escape}
		if escape {
			escapes = []byte{q, '\\'}
		} else if quote && given.escape == given.quote {
			escapes = []byte{q}
		}
		for _, e := range escapes {
			if e != q && e != given.escape && !strings.ContainsRune(sample, rune(e)) {
				continue
			}
			for _, dl := range delims {
				if dl == q || dl == e {
					continue
				}
				score, cols, ok := dialectScore(text, dialect{delim: dl, quote: q, escape: e})
				if !ok || cols <= 1 && delim {
					continue
				}
				if score > bestScore || score == bestScore && cols > bestCols {
					best, bestScore, bestCols = dialect{delim: dl, quote: q, escape: e}, score, cols
				}
			}
		}
	}
	return best
}

// dialectScore tokenizes the first 100 records with d and returns how many
// have the most common field count, that count, and false on a syntax
// error.
func dialectScore(text string, d dialect) (int, int, bool) {
	tk := newTokenizer(text, d.delim, d.quote, d.escape)
	counts := map[int]int{}
	for rows := 0; rows < 100; {
		ok, err := tk.next()
		if err != nil {
			return 0, 0, false
		}
		if !ok {
			break
		}
		if tk.blank() {
			continue
		}
		counts[len(tk.fields)]++
		rows++
	}
	mode, modeN := 0, 0
	for k, n := range counts {
		if n > modeN || n == modeN && k > mode {
			mode, modeN = k, n
		}
	}
	return modeN, mode, true
}

// sniffer holds what type detection needs.
type sniffer struct {
	d       dialect
	nullStr string
	dateFmt *timeFormat
	tsFmt   *timeFormat
}

func (s *sniffer) isNull(v string) bool { return v == s.nullStr || v == "" }

// candidates are tried in order; the first that accepts every sampled
// value of a column wins.
var candidates = []vector.Type{vector.Boolean, vector.BigInt, vector.Double, vector.Time, vector.Date, vector.Timestamp}

func (s *sniffer) columnType(rows [][]string, c int) vector.Type {
	any := false
	for _, t := range candidates {
		ok := true
		for _, r := range rows {
			if c >= len(r) || s.isNull(r[c]) {
				continue
			}
			any = true
			if !s.accepts(t, r[c]) {
				ok = false
				break
			}
		}
		if !any {
			return vector.Varchar // all NULL (or no rows)
		}
		if ok {
			if t.ID == vector.TypeTimestamp {
				for _, r := range rows {
					if c < len(r) && !s.isNull(r[c]) && hasOffset(r[c]) {
						return vector.TimestampTZ
					}
				}
			}
			return t
		}
	}
	return vector.Varchar
}

func (s *sniffer) accepts(t vector.Type, v string) bool {
	switch t.ID {
	case vector.TypeBoolean:
		return sniffBool(v)
	case vector.TypeBigInt:
		_, ok := parseInt(v)
		return ok && !leadingZero(v) && !strings.HasPrefix(v, "+")
	case vector.TypeDouble:
		_, ok := parseFloat(v)
		// DuckDB's sniffer takes NaN as a DOUBLE but not inf or infinity.
		return ok && !leadingZero(v) && !strings.HasPrefix(v, "+") && !strings.ContainsAny(v, "iI")
	case vector.TypeTime:
		_, rest, ok := parseTime(strings.TrimSpace(v))
		return ok && rest == ""
	case vector.TypeDate:
		_, ok := s.parseDate(v)
		return ok
	case vector.TypeTimestamp, vector.TypeTimestampTZ:
		_, ok := s.parseTimestamp(v)
		return ok
	}
	return true
}

// hasOffset reports whether a timestamp text ends in a time zone offset
// (Z, UTC or ±hh[:mm]); such columns are detected as TIMESTAMPTZ.
func hasOffset(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) <= 10 {
		return false
	}
	t := v[10:]
	u := strings.ToUpper(t)
	return strings.ContainsAny(t, "+-") || strings.HasSuffix(u, "Z") || strings.HasSuffix(u, "UTC")
}

// leadingZero reports whether a number is written with a leading zero
// before another digit ("007", "-01.5"): DuckDB's sniffer keeps such
// columns (codes, identifiers) as VARCHAR.
func leadingZero(v string) bool {
	v = strings.TrimSpace(v)
	if v != "" && (v[0] == '-' || v[0] == '+') {
		v = v[1:]
	}
	return len(v) > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '9'
}

func (s *sniffer) parseDate(v string) (int64, bool) {
	if s.dateFmt != nil {
		us, ok := s.dateFmt.parse(v)
		return us / vector.MicrosPerDay, ok && us%vector.MicrosPerDay == 0
	}
	return parseDate(v)
}

func (s *sniffer) parseTimestamp(v string) (int64, bool) {
	if s.tsFmt != nil {
		return s.tsFmt.parse(v)
	}
	return parseTimestamp(v)
}

// looksLikeHeader applies DuckDB's rule: the first record is a header when
// some of its values do not fit the types detected for the columns below
// it; when every column is VARCHAR, when none of its values is NULL.
func (s *sniffer) looksLikeHeader(first []string, types []vector.Type, hasBody bool) bool {
	if !hasBody {
		// A single record is a header when all its values are text.
		for _, v := range first {
			if s.isNull(v) {
				return false
			}
			for _, t := range candidates {
				if s.accepts(t, v) {
					return false
				}
			}
		}
		return len(first) > 0
	}
	allText := true
	for c, t := range types {
		if t.ID == vector.TypeVarchar {
			continue
		}
		allText = false
		if c < len(first) && !s.isNull(first[c]) && !s.accepts(t, first[c]) {
			return true
		}
	}
	if allText {
		for _, v := range first {
			if s.isNull(v) {
				return false
			}
		}
		return true
	}
	return false
}
