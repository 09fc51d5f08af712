package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lhsql/lhsql/storage/json"
	"github.com/lhsql/lhsql/vector"
)

// Output modes.
var modes = []string{"box", "csv", "json", "jsonlines", "line", "list", "markdown"}

func validMode(m string) bool {
	for _, x := range modes {
		if x == m {
			return true
		}
	}
	return false
}

// result is a streaming query result as the renderers read it.
type result interface {
	Columns() []string
	Types() []vector.Type
	// Next returns the next chunk (without Sel) or nil at the end.
	Next() (*vector.Chunk, error)
	Close() error
}

// renderOptions tune the output.
type renderOptions struct {
	Mode     string
	MaxRows  int // box: rows shown before truncating; <= 0 shows all
	MaxWidth int // box: terminal width; <= 0 is unlimited
}

// render writes res to w in opts.Mode. It returns the number of rows.
// It stops with ctx's error once ctx is done.
func render(ctx context.Context, w io.Writer, res result, opts renderOptions) (int, error) {
	bw := bufio.NewWriter(w)
	var r rowWriter
	cols, types := res.Columns(), res.Types()
	if len(cols) == 0 {
		// Statements without a result (CREATE, SET, ...) print nothing.
		n, err := drain(res)
		return n, err
	}
	if len(cols) == 2 && cols[0] == "explain_key" && cols[1] == "explain_value" && (opts.Mode == "" || opts.Mode == "box") {
		return renderExplain(ctx, w, res)
	}
	switch opts.Mode {
	case "", "box":
		r = newBoxWriter(bw, cols, types, opts)
	case "markdown":
		r = newBoxWriter(bw, cols, types, renderOptions{Mode: "markdown"})
	case "csv":
		r = newCSVWriter(bw, cols)
	case "json":
		r = &jsonWriter{w: bw, cols: cols, types: types}
	case "jsonlines":
		r = &jsonWriter{w: bw, cols: cols, types: types, lines: true}
	case "line":
		r = newLineWriter(bw, cols)
	case "list":
		r = &listWriter{w: bw, cols: cols}
	default:
		return 0, fmt.Errorf("unknown output mode %q", opts.Mode)
	}
	n := 0
	vals := make([]vector.Value, len(cols))
	// TIMESTAMPTZ columns, and nested columns holding TIMESTAMPTZ
	// values, render in the session zone, each with its own cursor so
	// that offset lookups are cached per column.
	var zones []vector.ZoneCursor
	if zr, ok := res.(interface{ Zone() *vector.Zone }); ok {
		for c, t := range types {
			if vector.HasTimestampTZ(t) {
				if zones == nil {
					zones = make([]vector.ZoneCursor, len(cols))
				}
				zones[c] = zr.Zone().Cursor()
			}
		}
	}
	var tzBuf []byte
	for {
		if err := ctx.Err(); err != nil {
			bw.Flush()
			return n, err
		}
		ch, err := res.Next()
		if err != nil {
			bw.Flush()
			return n, err
		}
		if ch == nil {
			break
		}
		ch = ch.Compact()
		for i := 0; i < ch.Len; i++ {
			for c, col := range ch.Cols {
				vals[c] = col.Get(i)
				if zones != nil && col.Typ.ID == vector.TypeTimestampTZ && !vals[c].Null {
					tzBuf = vector.AppendTimestampTZ(tzBuf[:0], vals[c].I64, &zones[c])
					vals[c] = vector.StringValue(string(tzBuf))
				} else if zones != nil && col.Typ.Nested != nil && !vals[c].Null && vector.HasTimestampTZ(col.Typ) {
					vals[c] = vector.StringValue(vals[c].StringAt(&zones[c]))
				}
			}
			if err := r.row(vals); err != nil {
				return n, err
			}
			n++
		}
	}
	if err := r.end(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

func drain(res result) (int, error) {
	n := 0
	for {
		ch, err := res.Next()
		if err != nil || ch == nil {
			return n, err
		}
		n += ch.Rows()
	}
}

// rowWriter renders rows one at a time.
type rowWriter interface {
	row(vals []vector.Value) error
	end() error
}

// ---------- box and markdown ----------

// boxWriter buffers rows to size columns, keeping only the first and last
// rows of long results.
type boxWriter struct {
	w        *bufio.Writer
	markdown bool
	cols     []string
	types    []vector.Type
	maxWidth int
	top      int        // rows kept from the start
	head     [][]string // first rows
	tail     [][]string // ring of the last rows
	tailPos  int
	total    int
}

func newBoxWriter(w *bufio.Writer, cols []string, types []vector.Type, opts renderOptions) *boxWriter {
	b := &boxWriter{w: w, markdown: opts.Mode == "markdown", cols: cols, types: types, maxWidth: opts.MaxWidth, top: -1}
	if opts.MaxRows > 0 && !b.markdown {
		b.top = (opts.MaxRows + 1) / 2
		b.tail = make([][]string, 0, opts.MaxRows-b.top)
	}
	return b
}

func (b *boxWriter) row(vals []vector.Value) error {
	cells := make([]string, len(vals))
	for i, v := range vals {
		cells[i] = cellText(v)
	}
	b.total++
	switch {
	case b.top < 0 || len(b.head) < b.top:
		b.head = append(b.head, cells)
	case cap(b.tail) == 0:
	case len(b.tail) < cap(b.tail):
		b.tail = append(b.tail, cells)
	default:
		b.tail[b.tailPos] = cells
		b.tailPos = (b.tailPos + 1) % len(b.tail)
	}
	return nil
}

// cellText renders v for a table cell, making control characters visible.
func cellText(v vector.Value) string {
	s := v.String()
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case unicode.IsControl(r):
			fmt.Fprintf(&sb, `\x%02X`, r)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func (b *boxWriter) end() error {
	rows := b.head
	truncated := b.total > len(b.head)+len(b.tail)
	tailRows := make([][]string, 0, len(b.tail))
	for i := range b.tail {
		tailRows = append(tailRows, b.tail[(b.tailPos+i)%len(b.tail)])
	}
	if !truncated {
		rows = append(rows, tailRows...)
		tailRows = nil
	}
	names := make([]string, len(b.cols))
	typeNames := make([]string, len(b.cols))
	right := make([]bool, len(b.cols))
	widths := make([]int, len(b.cols))
	for i, c := range b.cols {
		names[i] = cellText(vector.StringValue(c))
		typeNames[i] = boxTypeName(b.types[i])
		right[i] = b.types[i].IsNumeric()
		widths[i] = max(displayWidth(names[i]), displayWidth(typeNames[i]))
	}
	for _, set := range [][][]string{rows, tailRows} {
		for _, r := range set {
			for i, c := range r {
				widths[i] = max(widths[i], displayWidth(c))
			}
		}
	}
	if b.markdown {
		return b.writeMarkdown(names, rows, right, widths)
	}
	var footer string
	switch {
	case b.total == 0:
		footer = "0 rows"
	case truncated:
		footer = fmt.Sprintf("%s rows (%d shown)", groupThousands(b.total), len(rows)+len(tailRows))
	}
	b.fitWidth(widths, displayWidth(footer))

	w := b.w
	line := func(l, mid, r string) {
		w.WriteString(l)
		for i, wd := range widths {
			if i > 0 {
				w.WriteString(mid)
			}
			w.WriteString(strings.Repeat("─", wd+2))
		}
		w.WriteString(r)
		w.WriteByte('\n')
	}
	cells := func(vals []string, align func(i int) int) {
		w.WriteString("│")
		for i, v := range vals {
			if i > 0 {
				w.WriteString("│")
			}
			w.WriteByte(' ')
			w.WriteString(pad(truncate(v, widths[i]), widths[i], align(i)))
			w.WriteByte(' ')
		}
		w.WriteString("│\n")
	}
	center := func(int) int { return alignCenter }
	byType := func(i int) int {
		if right[i] {
			return alignRight
		}
		return alignLeft
	}
	line("┌", "┬", "┐")
	cells(names, center)
	cells(typeNames, center)
	if len(rows) > 0 {
		line("├", "┼", "┤")
	}
	for _, r := range rows {
		cells(r, byType)
	}
	if truncated {
		dots := make([]string, len(widths))
		for i := range dots {
			dots[i] = "·"
		}
		for range 3 {
			cells(dots, center)
		}
		for _, r := range tailRows {
			cells(r, byType)
		}
	}
	if footer != "" {
		line("├", "┴", "┤")
		inner := 0
		for _, wd := range widths {
			inner += wd + 3
		}
		inner -= 3
		w.WriteString("│ ")
		w.WriteString(pad(footer, inner, alignLeft))
		w.WriteString(" │\n")
		line("└", "─", "┘")
	} else {
		line("└", "┴", "┘")
	}
	return nil
}

// fitWidth shrinks the widest columns until the table fits maxWidth, and
// widens the last column so that a footer of footerWidth fits.
func (b *boxWriter) fitWidth(widths []int, footerWidth int) {
	total := func() int {
		t := 1
		for _, wd := range widths {
			t += wd + 3
		}
		return t
	}
	if b.maxWidth > 0 {
		for total() > b.maxWidth {
			widest := 0
			for i, wd := range widths {
				if wd > widths[widest] {
					widest = i
				}
			}
			if widths[widest] <= 5 {
				break
			}
			widths[widest]--
		}
	}
	if need := footerWidth + 4 - total(); need > 0 {
		widths[len(widths)-1] += need
	}
}

func (b *boxWriter) writeMarkdown(names []string, rows [][]string, right []bool, widths []int) error {
	w := b.w
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for i := range widths {
		widths[i] = max(displayWidth(esc(names[i])), 3)
		for _, r := range rows {
			widths[i] = max(widths[i], displayWidth(esc(r[i])))
		}
	}
	cells := func(vals []string, header bool) {
		w.WriteString("|")
		for i, v := range vals {
			a := alignLeft
			if right[i] && !header {
				a = alignRight
			}
			w.WriteString(" " + pad(esc(v), widths[i], a) + " |")
		}
		w.WriteString("\n")
	}
	cells(names, true)
	w.WriteString("|")
	for i, wd := range widths {
		if right[i] {
			w.WriteString(strings.Repeat("-", wd+1) + ":|")
		} else {
			w.WriteString(strings.Repeat("-", wd+2) + "|")
		}
	}
	w.WriteString("\n")
	for _, r := range rows {
		cells(r, false)
	}
	return nil
}

const (
	alignLeft = iota
	alignRight
	alignCenter
)

// pad pads s with spaces to display width wd.
func pad(s string, wd, align int) string {
	n := wd - displayWidth(s)
	if n <= 0 {
		return s
	}
	switch align {
	case alignRight:
		return strings.Repeat(" ", n) + s
	case alignCenter:
		l := n / 2
		return strings.Repeat(" ", l) + s + strings.Repeat(" ", n-l)
	}
	return s + strings.Repeat(" ", n)
}

// truncate cuts s to display width wd, ending it with "…" when cut.
func truncate(s string, wd int) string {
	if displayWidth(s) <= wd {
		return s
	}
	var sb strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > wd-1 {
			break
		}
		sb.WriteRune(r)
		used += rw
	}
	sb.WriteString("…")
	return sb.String()
}

// displayWidth is the number of terminal cells s occupies.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeWidth(r)
		i += size
	}
	return n
}

// runeWidth is 0 for combining marks, 2 for East Asian wide and emoji
// characters and 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.Is(unicode.Mn, r) || r == 0x200B:
		return 0
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1F64F,
		r >= 0x1F900 && r <= 0x1F9FF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// groupThousands renders n with commas every three digits, as DuckDB's
// row-count footer does.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// boxTypeName is the lower-case type name DuckDB's box mode shows.
func boxTypeName(t vector.Type) string {
	switch t.ID {
	case vector.TypeNull:
		return `"null"`
	case vector.TypeTinyInt:
		return "int8"
	case vector.TypeSmallInt:
		return "int16"
	case vector.TypeInteger:
		return "int32"
	case vector.TypeBigInt:
		return "int64"
	case vector.TypeHugeInt:
		return "int128"
	case vector.TypeUTinyInt:
		return "uint8"
	case vector.TypeUSmallInt:
		return "uint16"
	case vector.TypeUInteger:
		return "uint32"
	case vector.TypeUBigInt:
		return "uint64"
	}
	return strings.ToLower(t.String())
}

// ---------- csv ----------

type csvWriter struct {
	w      *csv.Writer
	header []string
	rec    []string
}

func newCSVWriter(w *bufio.Writer, cols []string) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), header: cols, rec: make([]string, len(cols))}
}

func (c *csvWriter) row(vals []vector.Value) error {
	if c.header != nil {
		if err := c.w.Write(c.header); err != nil {
			return err
		}
		c.header = nil
	}
	for i, v := range vals {
		if v.Null {
			c.rec[i] = ""
		} else {
			c.rec[i] = v.String()
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) end() error {
	if c.header != nil {
		if err := c.w.Write(c.header); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// ---------- json ----------

// jsonWriter writes a JSON array of objects, one per line as DuckDB's
// -json does, or with lines set, one object per line (NDJSON).
type jsonWriter struct {
	w     *bufio.Writer
	cols  []string
	types []vector.Type
	lines bool
	n     int
	buf   []byte
}

func (j *jsonWriter) row(vals []vector.Value) error {
	b := j.buf[:0]
	switch {
	case j.lines:
	case j.n == 0:
		b = append(b, '[')
	default:
		b = append(b, ",\n"...)
	}
	b = append(b, '{')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, j.cols[i])
		b = append(b, ':')
		b = appendJSONValue(b, v)
	}
	b = append(b, '}')
	if j.lines {
		b = append(b, '\n')
	}
	j.buf = b
	j.n++
	_, err := j.w.Write(b)
	return err
}

func (j *jsonWriter) end() error {
	if j.lines {
		return nil
	}
	if j.n == 0 {
		_, err := j.w.WriteString("[]\n")
		return err
	}
	_, err := j.w.WriteString("]\n")
	return err
}

// appendJSONValue renders v as JSON: numbers and booleans bare, NULL as
// null, everything else (including NaN and infinities) as a string.
func appendJSONValue(b []byte, v vector.Value) []byte {
	if v.Null {
		return append(b, "null"...)
	}
	switch {
	case v.Typ.ID == vector.TypeBoolean:
		return strconv.AppendBool(b, v.Bool)
	case v.Typ.ID == vector.TypeFloat || v.Typ.ID == vector.TypeDouble:
		if math.IsNaN(v.F64) || math.IsInf(v.F64, 0) {
			return json.AppendString(b, v.String())
		}
		return append(b, v.String()...)
	case v.Typ.IsNumeric():
		return append(b, v.String()...)
	}
	return json.AppendString(b, v.String())
}

// ---------- line and list ----------

// lineWriter writes "name = value" lines, a blank line between rows.
type lineWriter struct {
	w     *bufio.Writer
	names []string
	n     int
}

func newLineWriter(w *bufio.Writer, cols []string) *lineWriter {
	wd := 0
	for _, c := range cols {
		wd = max(wd, displayWidth(c))
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = pad(c, wd, alignRight)
	}
	return &lineWriter{w: w, names: names}
}

func (l *lineWriter) row(vals []vector.Value) error {
	if l.n > 0 {
		l.w.WriteByte('\n')
	}
	l.n++
	for i, v := range vals {
		l.w.WriteString(l.names[i])
		l.w.WriteString(" = ")
		l.w.WriteString(v.String())
		l.w.WriteByte('\n')
	}
	return nil
}

func (l *lineWriter) end() error { return nil }

// listWriter writes a header and '|'-separated rows.
type listWriter struct {
	w      *bufio.Writer
	cols   []string
	header bool
}

func (l *listWriter) row(vals []vector.Value) error {
	l.writeHeader()
	for i, v := range vals {
		if i > 0 {
			l.w.WriteByte('|')
		}
		l.w.WriteString(v.String())
	}
	return l.w.WriteByte('\n')
}

func (l *listWriter) writeHeader() {
	if l.header {
		return
	}
	l.header = true
	l.w.WriteString(strings.Join(l.cols, "|"))
	l.w.WriteByte('\n')
}

func (l *listWriter) end() error {
	l.writeHeader()
	return nil
}

// renderExplain prints EXPLAIN plans as plain text, one plan per row, the
// way DuckDB's shell does instead of squeezing them into a box.
func renderExplain(ctx context.Context, w io.Writer, res result) (int, error) {
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		ch, err := res.Next()
		if err != nil {
			return n, err
		}
		if ch == nil {
			return n, nil
		}
		for i := 0; i < ch.Len; i++ {
			if _, err := fmt.Fprintln(w, strings.TrimRight(ch.Cols[1].Get(i).String(), "\n")); err != nil {
				return n, err
			}
			n++
		}
	}
}
